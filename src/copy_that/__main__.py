"""Run the command line as ``python -m copy_that``."""

from copy_that.cli import main

main()

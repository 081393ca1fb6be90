"""The package version, read by the build backend and by ``copy-that --version``."""

__all__ = ["__version__"]

__version__ = "0.1.0"

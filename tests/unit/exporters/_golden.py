"""Golden-file checks for exporters: parse the output first, then compare it byte for byte.

Golden files live in ``golden/<format>/<fixture>.<extension>`` (the primary file, `render`) and,
for formats whose `render_files` writes more than that one file, ``golden/<format>/<fixture>/``
(every file of the directory form). ``pytest --update-golden`` rewrites them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from copy_that.exporters import ExportOptions, default_registry

from .fixtures import FIXTURES

GOLDEN = Path(__file__).parent / "golden"

Parser = Callable[[str, str], None]


def golden_paths(name: str, fixture: str) -> list[Path]:
    exporter = default_registry().get(name)
    paths = [GOLDEN / name / f"{fixture}.{exporter.extension}"]
    tokens, options = FIXTURES[fixture](), ExportOptions()
    files = exporter.render_files(tokens, options)
    if _has_directory_form(files, exporter.render(tokens, options)):
        paths += [GOLDEN / name / fixture / rel for rel in files]
    return paths


def _has_directory_form(files: dict[str, str], primary: str) -> bool:
    """Whether `render_files` gives more than the primary file under another name."""
    return len(files) > 1 or next(iter(files.values())) != primary


def check(name: str, fixture: str, parse: Parser, update: bool) -> dict[str, str]:
    """Render `fixture` in format `name`, parse every file, compare with (or rewrite) goldens.

    `parse(filename, text)` raises (or fails an assertion) when the text is not valid.
    Returns the files of the directory form.
    """
    exporter = default_registry().get(name)
    tokens = FIXTURES[fixture]()
    options = ExportOptions()
    primary = exporter.render(tokens, options)
    files = exporter.render_files(tokens, options)
    outputs = {GOLDEN / name / f"{fixture}.{exporter.extension}": ("primary", primary)}
    if _has_directory_form(files, primary):
        outputs.update({GOLDEN / name / fixture / rel: (rel, text) for rel, text in files.items()})
    for path, (label, text) in outputs.items():
        parse(label if label != "primary" else f"tokens.{exporter.extension}", text)
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        else:
            assert path.exists(), f"no golden file {path}; run pytest --update-golden"
            assert text == path.read_text(encoding="utf-8"), f"{path} differs from the output"
    assert exporter.render(tokens, options) == primary, "two renders differ"
    return files

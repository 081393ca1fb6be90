"""Pages styled only by real CSS frameworks from npm (Bootstrap, Bulma, Pico) and their classes.

The page bodies are ``benchmarks/pages/<framework>.html`` (``$theme`` is ``light`` or ``dark``);
the stylesheets come from ``benchmarks/node_modules`` (``npm ci`` in ``benchmarks/``) and are
inlined, so rendering needs no network. The markup uses each framework's documented components and
no style of its own; ``data-role="primary"`` marks the page's primary action.
"""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

__all__ = ["FRAMEWORKS", "framework_html", "framework_versions"]

_HERE = Path(__file__).parent
_MODULES = _HERE / "node_modules"
#: Framework name → (npm package, stylesheet inside the package).
FRAMEWORKS: dict[str, tuple[str, str]] = {
    "bootstrap": ("bootstrap", "dist/css/bootstrap.min.css"),
    "bulma": ("bulma", "css/bulma.min.css"),
    "pico": ("@picocss/pico", "css/pico.min.css"),
}


def _stylesheet(name: str) -> str:
    package, sheet = FRAMEWORKS[name]
    path = _MODULES / package / sheet
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: run `npm ci` in benchmarks/ (scripts/ci-setup.sh does)"
        )
    return path.read_text(encoding="utf-8")


def framework_html(name: str, theme: str) -> str:
    """The complete HTML document of framework `name` in `theme`, stylesheet inlined."""
    body = Template((_HERE / "pages" / f"{name}.html").read_text(encoding="utf-8"))
    return (
        f'<!doctype html><html lang="en" data-theme="{theme}" data-bs-theme="{theme}"><head>'
        f'<meta charset="utf-8"><style>{_stylesheet(name)}</style></head>'
        f"{body.substitute(theme=theme)}</html>"
    )


def framework_versions() -> dict[str, str]:
    """Installed version of each framework package (from its package.json), or ``missing``."""
    versions = {}
    for package, _sheet in FRAMEWORKS.values():
        manifest = _MODULES / package / "package.json"
        versions[package] = (
            json.loads(manifest.read_text(encoding="utf-8"))["version"]
            if manifest.exists()
            else "missing"
        )
    return versions

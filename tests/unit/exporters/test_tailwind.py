from __future__ import annotations

import pytest

from copy_that.exporters import ExportOptions, tailwind
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import parse_css
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("tailwind", fixture, parse_css, update_golden)


def test_theme_namespaces(tokens: TokenSet, options: ExportOptions) -> None:
    text = tailwind.render(tokens, options)
    theme = text[text.index("@theme {") : text.index("}")]
    for line in (
        "--color-primary: var(--color-palette-blue);",
        "--color-blue-500: #3b82f6;",
        "--spacing-4: 1rem;",
        "--radius-md: 0.5rem;",
        "--shadow-1: 0px 1px 2px 0px #0f172a1a;",
        '--font-sans: "Inter", "Helvetica Neue", sans-serif;',
        "--font-weight-bold: 700;",
        "--text-md: 1rem;",
        "--text-body: var(--text-md);",
        "--text-body--line-height: 1.5;",
    ):
        assert line in theme, line
    assert ":root {\n  --border-default: 1px solid var(--color-border);" in text


def test_dark_overrides_use_theme_names(tokens: TokenSet, options: ExportOptions) -> None:
    text = tailwind.render(tokens, options)
    dark = text[text.index('[data-theme="dark"] {') :]
    assert "--color-background: var(--color-palette-slate-900);" in dark

from __future__ import annotations

import pytest
import tinycss2

from copy_that.errors import ExportError
from copy_that.exporters import ExportOptions, css
from copy_that.tokens.model import Color, Dimension, Token, TokenSet

from ._golden import check
from ._parsers import parse_css
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("css", fixture, parse_css, update_golden)


def _root_declarations(text: str, selector: str = ":root") -> dict[str, str]:
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == selector:
            decls = tinycss2.parse_blocks_contents(
                rule.content, skip_whitespace=True, skip_comments=True
            )
            return {
                d.name: tinycss2.serialize(d.value).strip()
                for d in decls
                if d.type == "declaration"
            }
    raise AssertionError(f"no {selector} rule")


def test_values_aliases_and_units(tokens: TokenSet, options: ExportOptions) -> None:
    root = _root_declarations(css.render(tokens, options))
    assert root["--color-palette-blue"] == "#2563eb"
    assert root["--color-primary"] == "var(--color-palette-blue)"
    assert root["--spacing-4"] == "1rem"
    assert root["--shadow-1"] == "0px 1px 2px 0px #0f172a1a"
    assert root["--border-default"] == "1px solid var(--color-border)"
    assert root["--font-family-sans"] == '"Inter", "Helvetica Neue", sans-serif'
    assert (
        root["--typography-body"]
        == "var(--font-weight-regular) var(--font-size-md)/1.5 var(--font-family-sans)"
    )
    assert root["--typography-display-letter-spacing"] == "-0.03125rem"


def test_dark_mode_blocks(tokens: TokenSet, options: ExportOptions) -> None:
    text = css.render(tokens, options)
    dark = _root_declarations(text, '[data-theme="dark"]')
    assert dark["--color-background"] == "var(--color-palette-slate-900)"
    assert "--color-palette-blue" not in dark
    assert '@media (prefers-color-scheme: dark) {\n  :root:not([data-theme="light"]) {' in text


def test_px_option_and_prefix(options: ExportOptions) -> None:
    ts = TokenSet(tokens=(Token(("spacing", "2"), "dimension", Dimension(8.0)),))
    root = _root_declarations(css.render(ts, ExportOptions(use_rem=False, prefix="ct")))
    assert root == {"--ct-spacing-2": "8px"}


def test_no_modes_no_theme_blocks(photo_tokens: TokenSet, options: ExportOptions) -> None:
    text = css.render(photo_tokens, options)
    assert "data-theme" not in text
    assert _root_declarations(text)["--color-palette-sea"] == "#2a6f9780"


def test_name_collision_is_an_export_error() -> None:
    ts = TokenSet(
        tokens=(
            Token(("color", "a-b"), "color", Color.from_hex("#000000")),
            Token(("color", "a_b"), "color", Color.from_hex("#000000")),
        )
    )
    with pytest.raises(ExportError, match="--color-a-b"):
        css.render(ts, ExportOptions())

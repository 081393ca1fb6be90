from __future__ import annotations

import pytest

from copy_that.exporters import ExportOptions, ts
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import assert_parses
from .fixtures import FIXTURES


def _parse(name: str, text: str) -> None:
    assert_parses("javascript" if name.endswith(".js") else "typescript", text)


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("ts", fixture, _parse, update_golden)


def test_aliases_are_references_and_modes_have_constants(
    tokens: TokenSet, options: ExportOptions
) -> None:
    text = ts.render(tokens, options)
    assert 'const colorPaletteBlue = "#2563eb";' in text
    assert "const colorPrimary = colorPaletteBlue;" in text
    assert "const darkColorPrimary = colorBlue400;" in text
    # shadow 2 aliases color.border, which the dark mode changes: it gets a dark constant
    assert "const darkShadow2 = `0px 4px 6px -1px #0f172a1a" in text
    assert "${darkColorBorder}` as const;" in text
    assert "export type ThemeName = keyof typeof themes;" in text


def test_declarations_have_literal_types(tokens: TokenSet, options: ExportOptions) -> None:
    dts = ts.render_files(tokens, options)["tokens.d.ts"]
    assert 'readonly primary: "#2563eb";' in dts
    assert 'readonly primary: "#60a5fa";' in dts  # dark
    assert (
        'readonly body: { readonly fontFamily: "\\"Inter\\", \\"Helvetica Neue\\", sans-serif";'
        in dts
    )

from __future__ import annotations

import pytest

from copy_that.exporters import ExportOptions, flutter
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import assert_parses
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("flutter", fixture, lambda _, text: assert_parses("dart", text), update_golden)


def test_constants_scheme_and_extension(tokens: TokenSet, options: ExportOptions) -> None:
    text = flutter.render(tokens, options)
    assert "static const Color colorPaletteBlue = Color(0xFF2563EB);" in text
    assert "static const Color colorPrimary = DesignTokens.colorPaletteBlue;" in text
    assert "static const Color colorPrimary = DesignTokens.colorBlue400;" in text  # dark class
    assert "primary: dark ? DesignTokensDark.colorPrimary : DesignTokens.colorPrimary," in text
    assert "tertiary: DesignTokens.colorAccent," in text
    assert "static const FontWeight fontWeightSemibold = FontWeight.w600;" in text
    assert "an inset layer of the design is left out" in text
    assert "class DesignTokensExtension extends ThemeExtension<DesignTokensExtension>" in text


def test_no_colour_scheme_without_colours(options: ExportOptions) -> None:
    text = flutter.render(TokenSet(), options)
    assert "ColorScheme" not in text
    assert_parses("dart", text)

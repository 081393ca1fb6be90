from __future__ import annotations

import pytest

from copy_that.exporters import ExportOptions, compose
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import assert_parses
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("compose", fixture, lambda _, text: assert_parses("kotlin", text), update_golden)


def test_schemes_typography_shapes(tokens: TokenSet, options: ExportOptions) -> None:
    text = compose.render(tokens, ExportOptions(package="com.example.theme"))
    assert "package com.example.theme" in text
    assert "val ColorPaletteBlue = Color(0xFF2563EB)" in text
    assert "val Spacing4 = 16.dp" in text
    assert "val FontSizeMd = 16.sp" in text
    assert "primary = DesignTokensDark.ColorPrimary," in text
    assert "bodyLarge = DesignTokens.TypographyBody," in text
    assert "medium = RoundedCornerShape(DesignTokens.RadiusMd)," in text
    assert "lineHeight = 1.5.em" in text

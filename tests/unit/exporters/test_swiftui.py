from __future__ import annotations

import pytest

from copy_that.exporters import ExportOptions, swiftui
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import assert_parses
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("swiftui", fixture, lambda _, text: assert_parses("swift", text), update_golden)


def test_dynamic_colours_for_dark_overrides(tokens: TokenSet, options: ExportOptions) -> None:
    text = swiftui.render(tokens, options)
    assert (
        "public static let colorPrimary: Color = Color.designTokensDynamic("
        "light: DesignTokens.colorPaletteBlue, dark: DesignTokens.colorBlue400)" in text
    )
    assert "public static let spacing4: CGFloat = 16" in text
    assert "public static let fontWeightSemibold: Font.Weight = .semibold" in text
    assert "UIColor { traits in" in text
    assert "NSColor(name: nil)" in text

from __future__ import annotations

import pytest
import sass

from copy_that.exporters import ExportOptions, scss
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import parse_scss
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("scss", fixture, parse_scss, update_golden)


def test_variables_maps_and_modes_compile_to_the_values(
    tokens: TokenSet, options: ExportOptions
) -> None:
    probe = """
.probe {
  primary: $color-primary;
  gap: map-get($tokens-spacing, "4");
  body-size: map-get($typography-body, font-size);
  dark-bg: map-get(map-get($tokens-modes, "dark"), "color-background");
  shadow: $shadow-2;
}
"""
    out = sass.compile(string=scss.render(tokens, options) + probe, output_style="compact")
    assert "primary: #2563eb" in out
    assert "gap: 1rem" in out
    assert "body-size: 1rem" in out
    assert "dark-bg: #0f172a" in out
    assert "inset 0px 0px 0px 1px #e2e8f0" in out


def test_aliases_are_variables(tokens: TokenSet, options: ExportOptions) -> None:
    text = scss.render(tokens, options)
    assert "$color-primary: $color-palette-blue;" in text
    assert text.index("$color-palette-blue:") < text.index("$color-primary:")

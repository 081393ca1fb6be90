from __future__ import annotations

import pytest

from copy_that.exporters import ExportOptions, tailwind_v3
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import assert_parses
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("tailwind-v3", fixture, lambda _, text: assert_parses("javascript", text), update_golden)


def test_preset_sections_hold_resolved_values(tokens: TokenSet, options: ExportOptions) -> None:
    text = tailwind_v3.render(tokens, options)
    assert "module.exports = {" in text
    assert 'primary: "#2563eb",' in text  # alias resolved: a v3 preset holds plain values
    assert '"4": "1rem",' in text
    assert (
        'body: ["1rem", { lineHeight: "1.5", letterSpacing: "0rem", fontWeight: "400" }],' in text
    )
    assert 'sans: ["Inter", "Helvetica Neue", "sans-serif"],' in text

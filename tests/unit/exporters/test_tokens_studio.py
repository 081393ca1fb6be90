from __future__ import annotations

import json

import pytest

from copy_that.exporters import ExportOptions, tokens_studio
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import parse_json
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("tokens-studio", fixture, parse_json, update_golden)


def test_sets_themes_and_metadata(tokens: TokenSet, options: ExportOptions) -> None:
    files = tokens_studio.render_files(tokens, options)
    assert set(files) == {"global.json", "dark.json", "$themes.json", "$metadata.json"}
    glob = json.loads(files["global.json"])
    assert glob["color"]["primary"] == {
        "value": "{color.palette.blue}",
        "type": "color",
        "description": "primary role",
    }
    assert glob["spacing"]["4"] == {"value": "16px", "type": "spacing"}
    assert glob["shadow"]["1"]["value"] == {
        "x": "0px",
        "y": "1px",
        "blur": "2px",
        "spread": "0px",
        "color": "#0f172a1a",
        "type": "dropShadow",
    }
    assert glob["typography"]["body"]["value"]["fontFamily"] == "{font.family.sans}"
    themes = json.loads(files["$themes.json"])
    assert themes[1]["selectedTokenSets"] == {"global": "source", "dark": "enabled"}
    assert json.loads(files["$metadata.json"]) == {"tokenSetOrder": ["global", "dark"]}
    single = json.loads(tokens_studio.render(tokens, options))
    assert set(single) == {"global", "dark", "$themes", "$metadata"}

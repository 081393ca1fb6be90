from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from copy_that.exporters import ExportOptions, android
from copy_that.tokens.model import TokenSet

from ._golden import check
from ._parsers import parse_xml
from .fixtures import FIXTURES

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOR = re.compile(r"^#[0-9A-F]{8}$")
_DIMEN = re.compile(r"^-?\d+(\.\d+)?(dp|sp)$")


def _plausible(root: ET.Element, known: dict[str, set[str]]) -> None:
    """Android resource rules: names, value formats, and references to defined resources."""
    assert root.tag == "resources"
    for element in root:
        if element.tag == "style":
            assert element.get("name", "").startswith("TextAppearance.")
            for item in element:
                assert item.get("name", "").startswith("android:")
                ref = item.text or ""
                if ref.startswith("@"):
                    kind, name = ref[1:].split("/")
                    assert name in known[kind], ref
            continue
        name = element.get("name", "")
        assert _NAME.match(name), name
        text = element.text or ""
        if text.startswith("@"):
            kind, target = text[1:].split("/")
            assert kind == element.tag, text
            assert target in known[kind], text
        elif element.tag == "color":
            assert _COLOR.match(text), text
        elif element.tag == "dimen":
            assert _DIMEN.match(text), text
        elif element.tag == "integer":
            assert text.isdigit(), text


def _parse(_: str, text: str) -> None:
    root = parse_xml(_, text)
    known: dict[str, set[str]] = {}
    for element in root:
        known.setdefault(element.tag, set()).add(element.get("name", ""))
    _plausible(root, known)


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check(
        "android",
        fixture,
        lambda name, text: None if "night" in name else _parse(name, text),
        update_golden,
    )


def test_night_colours_refer_to_defined_resources(tokens: TokenSet, options: ExportOptions) -> None:
    files = android.render_files(tokens, options)
    base = parse_xml("", files["values/tokens.xml"])
    night = parse_xml("", files["values-night/tokens.xml"])
    known: dict[str, set[str]] = {}
    for element in base:
        known.setdefault(element.tag, set()).add(element.get("name", ""))
    _plausible(night, known)
    assert {e.get("name") for e in night} <= known["color"]
    assert night.find("color[@name='color_primary']").text == "@color/color_blue_400"  # type: ignore[union-attr]


def test_units_and_references(tokens: TokenSet, options: ExportOptions) -> None:
    root = parse_xml("", android.render(tokens, options))
    values = {e.get("name"): e.text for e in root if e.tag != "style"}
    assert values["color_primary"] == "@color/color_palette_blue"
    assert values["spacing_4"] == "16dp"
    assert values["font_size_md"] == "16sp"
    assert values["border_default_color"] == "@color/color_border"
    style = root.find("style[@name='TextAppearance.DesignTokens.Display']")
    assert style is not None
    items = {i.get("name"): i.text for i in style}
    assert items["android:letterSpacing"] == "-0.0139"  # -0.5 px / 36 px, in em
    assert items["android:lineHeight"] == "39.6sp"

from __future__ import annotations

import json

import pytest

from copy_that.errors import ExportError
from copy_that.exporters import ExportOptions, material3
from copy_that.tokens.model import Color, TokenSet

from ._golden import check
from ._parsers import parse_json
from .fixtures import FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("material3", fixture, parse_json, update_golden)


def test_scheme_follows_the_extracted_roles(tokens: TokenSet, options: ExportOptions) -> None:
    doc = json.loads(material3.render(tokens, options))
    assert doc["seed"] == "#2563eb"
    assert doc["seed_source"] == "color.primary"
    light, dark = doc["schemes"]["light"], doc["schemes"]["dark"]
    assert len(light) == len(dark) > 40
    # HCT tones: light primary darker than dark primary, on-colours contrast with their fills
    lum = lambda h: sum(Color.from_hex(h).components)  # noqa: E731
    assert lum(light["primary"]) < lum(dark["primary"])
    assert lum(light["onPrimary"]) > lum(light["primary"])
    assert doc["palettes"]["primary"]["0"] == "#000000"
    assert doc["palettes"]["primary"]["100"] == "#ffffff"
    role = doc["roles"]["primary"]
    assert role["material_role"] == "primary"
    assert role["light"]["delta_e_2000"] < 10  # Fidelity keeps the measured hue and chroma
    assert doc["coreColors"]["tertiary"] != doc["coreColors"]["primary"]


def test_without_colours_is_an_export_error(options: ExportOptions) -> None:
    with pytest.raises(ExportError, match="no colour"):
        material3.render(TokenSet(), options)


def test_seed_without_primary_role_is_named(photo_tokens: TokenSet, options: ExportOptions) -> None:
    doc = json.loads(material3.render(photo_tokens, options))
    assert "the image shows no primary role" in doc["seed_source"]

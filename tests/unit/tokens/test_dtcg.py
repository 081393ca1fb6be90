from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from copy_that._version import __version__
from copy_that.errors import DTCGValidationError
from copy_that.tokens import dtcg, resolver
from copy_that.tokens.model import (
    Alias,
    Border,
    Color,
    Dimension,
    Evidence,
    GroupInfo,
    ImageInfo,
    Shadow,
    ShadowLayer,
    Token,
    TokenSet,
    Typography,
)
from copy_that.tokens.schema import load_schema

from ._strategies import token_sets

BLUE = Color.from_hex("#2563eb")


def sample() -> TokenSet:
    return TokenSet(
        tokens=(
            Token(
                ("color", "palette", "blue"),
                "color",
                BLUE,
                confidence=0.87,
                evidence=Evidence(boxes=((10, 20, 30, 40),), share=0.12, image_ids=("img-1",)),
                extensions={"com.copy-that": {"name": "blue"}, "org.example": [1, 2]},
            ),
            Token(("color", "primary"), "color", Alias(("color", "palette", "blue"))),
            Token(("spacing", "2"), "dimension", Dimension(8.0)),
            Token(("font", "family", "body"), "fontFamily", ("Inter", "sans-serif")),
            Token(("font", "weight", "bold"), "fontWeight", 700.0),
            Token(
                ("typography", "body"),
                "typography",
                Typography(
                    Alias(("font", "family", "body")),
                    Dimension(16.0),
                    Alias(("font", "weight", "bold")),
                    Dimension(-0.25),
                    1.5,
                ),
            ),
            Token(
                ("shadow", "1"),
                "shadow",
                Shadow(
                    (
                        ShadowLayer(
                            Alias(("color", "primary")),
                            Dimension(0.0),
                            Dimension(2.0),
                            Dimension(4.0),
                            Dimension(0.0),
                        ),
                    )
                ),
            ),
            Token(
                ("border", "default"),
                "border",
                Border(Alias(("color", "palette", "blue")), Dimension(1.0), "solid"),
            ),
        ),
        groups=(
            GroupInfo(("color",), description="Colours measured from the image"),
            GroupInfo(("radius",), reason="no rounded corners in the image"),
        ),
        images=(
            ImageInfo(
                "img-1", "shot.png", 1440, 900, dpr=2.0, dpr_source="inferred", dpr_confidence=0.9
            ),
        ),
        timings_ms={"decode": 4.5, "colors": 11.0},
    )


def test_written_document_layout() -> None:
    doc = dtcg.to_document(sample())
    assert doc["$schema"] == dtcg.SCHEMA_URL
    # group $type is hoisted when every token below shares it; tokens then omit it
    assert doc["color"]["$type"] == "color"
    assert "$type" not in doc["color"]["palette"]["blue"]
    assert "$type" not in doc["font"]
    assert doc["font"]["family"]["$type"] == "fontFamily"
    blue = doc["color"]["palette"]["blue"]
    assert blue["$value"] == {
        "colorSpace": "srgb",
        "components": list(BLUE.components),
        "alpha": 1,
        "hex": "#2563eb",
    }
    own = blue["$extensions"]["com.copy-that"]
    assert own == {
        "name": "blue",
        "confidence": 0.87,
        "evidence": {"boxes": [[10, 20, 30, 40]], "share": 0.12},
        "source": ["img-1"],
    }
    assert blue["$extensions"]["org.example"] == [1, 2]
    assert doc["color"]["primary"]["$value"] == "{color.palette.blue}"
    assert doc["spacing"]["2"]["$value"] == {"value": 8, "unit": "px"}
    assert doc["shadow"]["1"]["$value"][0]["color"] == "{color.primary}"
    assert doc["radius"] == {
        "$extensions": {"com.copy-that": {"reason": "no rounded corners in the image"}}
    }
    root = doc["$extensions"]["com.copy-that"]
    assert root["version"] == __version__
    assert root["images"][0]["width_px"] == 1440
    assert root["timings_ms"] == {"decode": 4.5, "colors": 11}


def test_round_trip_sample() -> None:
    ts = sample()
    text = dtcg.dumps(ts)
    assert dtcg.loads(text) == ts
    assert dtcg.dumps(dtcg.loads(text)) == text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token_sets())
def test_round_trip_random(ts: TokenSet) -> None:
    text = dtcg.dumps(ts)
    assert dtcg.loads(text) == ts
    assert dtcg.dumps(ts) == text  # deterministic
    assert dtcg.dumps(dtcg.loads(text)) == text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token_sets())
def test_written_documents_match_the_json_schema(ts: TokenSet) -> None:
    jsonschema.validate(json.loads(dtcg.dumps(ts)), load_schema())


def test_type_inherited_from_group_and_alias_type_inferred() -> None:
    doc = {
        "size": {
            "$type": "dimension",
            "small": {"$value": {"value": 4, "unit": "px"}},
            "inner": {"tiny": {"$value": {"value": 0.125, "unit": "rem"}}},
        },
        "gap": {"$value": "{size.small}"},
    }
    ts = dtcg.from_document(doc)
    assert ts.get("size.inner.tiny") == Token(
        ("size", "inner", "tiny"), "dimension", Dimension(0.125, "rem")
    )
    assert ts.get("gap") == Token(("gap",), "dimension", Alias(("size", "small")))


def test_reads_other_colour_spaces_and_keywords() -> None:
    doc = {
        "c": {
            "$type": "color",
            "hsl": {"$value": {"colorSpace": "hsl", "components": [210, 50, 40]}},
            "p3": {"$value": {"colorSpace": "display-p3", "components": [1, 0, 0], "alpha": 0.5}},
        },
        "w": {"$type": "fontWeight", "$value": "semi-bold"},
        "d": {"$type": "duration", "$value": {"value": 0.25, "unit": "s"}},
        "f": {"$type": "fontFamily", "$value": "Inter"},
    }
    ts = dtcg.from_document(doc)
    hsl = ts.get("c.hsl")
    assert hsl is not None
    assert isinstance(hsl.value, Color)
    assert hsl.value.hex == "#336699"
    p3 = ts.get("c.p3")
    assert p3 is not None
    assert isinstance(p3.value, Color)
    assert p3.value.alpha == 0.5
    assert p3.value.srgb8[0] == 255  # gamut-mapped into sRGB
    assert ts.get("w").value == 600.0  # type: ignore[union-attr]
    assert ts.get("d").value == 250.0  # type: ignore[union-attr]
    assert ts.get("f").value == ("Inter",)  # type: ignore[union-attr]


def _valid() -> dict[str, Any]:
    return copy.deepcopy(dtcg.to_document(sample()))


def _set(doc: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    parts = pointer.strip("/").split("/")
    node = doc
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[parts[-1]] = value
    return doc


BAD = [
    ("unknown type", "/spacing/$type", "dimensions", "/spacing/$type"),
    ("colour as hex string", "/color/palette/blue/$value", "#2563eb", "/color/palette/blue/$value"),
    (
        "colour with 2 components",
        "/color/palette/blue/$value/components",
        [0.1, 0.2],
        "/color/palette/blue/$value/components",
    ),
    (
        "srgb component out of range",
        "/color/palette/blue/$value/components",
        [1.5, 0, 0],
        "/color/palette/blue/$value/components",
    ),
    (
        "unknown colour space",
        "/color/palette/blue/$value/colorSpace",
        "cmyk",
        "/color/palette/blue/$value/colorSpace",
    ),
    ("alpha above 1", "/color/palette/blue/$value/alpha", 2, "/color/palette/blue/$value/alpha"),
    ("name with a dot", "/color/sky.blue", {"$value": "{color.primary}"}, "/color/sky.blue"),
    ("name with a brace", "/color/sky{", {"$value": "{color.primary}"}, "/color/sky{"),
    ("name starting with $", "/color/$sky", {"$value": "{color.primary}"}, "/color/$sky"),
    ("unresolved alias", "/color/primary/$value", "{color.palette.green}", "/color/primary/$value"),
    ("alias to a group", "/color/primary/$value", "{color.palette}", "/color/primary/$value"),
    ("malformed alias", "/color/primary/$value", "{color..blue}", "/color/primary/$value"),
    ("alias of the wrong type", "/color/primary/$value", "{spacing.2}", "/color/primary/$value"),
    ("wrong dimension unit", "/spacing/2/$value/unit", "em", "/spacing/2/$value/unit"),
    ("dimension as a string", "/spacing/2/$value", "8px", "/spacing/2/$value"),
    ("token is not an object", "/spacing/3", 12, "/spacing/3"),
    ("token with a child", "/spacing/2/inner", {"$value": 1}, "/spacing/2/inner"),
    ("unknown $ property", "/spacing/2/$unit", "px", "/spacing/2/$unit"),
    ("font weight out of range", "/font/weight/bold/$value", 1200, "/font/weight/bold/$value"),
    ("empty font family list", "/font/family/body/$value", [], "/font/family/body/$value"),
    ("shadow member missing", "/shadow/1/$value/0/blur", None, "/shadow/1/$value/0/blur"),
    (
        "typography lineHeight string",
        "/typography/body/$value/lineHeight",
        "150%",
        "/typography/body/$value/lineHeight",
    ),
    (
        "border style unknown",
        "/border/default/$value/style",
        "wavy",
        "/border/default/$value/style",
    ),
    ("confidence above 1", "/color/palette/blue/$extensions/com.copy-that/confidence", 1.5, None),
    (
        "evidence box of 3",
        "/color/palette/blue/$extensions/com.copy-that/evidence/boxes",
        [[1, 2, 3]],
        None,
    ),
    ("description not a string", "/color/$description", 5, "/color/$description"),
    ("NaN number", "/spacing/2/$value/value", float("nan"), "/spacing/2/$value/value"),
    (
        "valid DTCG the model cannot hold",
        "/ease",
        {"$type": "cubicBezier", "$value": [0.4, 0, 0.2, 1]},
        "/ease/$value",
    ),
]


@pytest.mark.parametrize(("case", "where", "value", "pointer"), BAD, ids=[b[0] for b in BAD])
def test_malformed_documents_raise_with_pointer(
    case: str, where: str, value: Any, pointer: str | None
) -> None:
    doc = _set(_valid(), where, value)
    with pytest.raises(DTCGValidationError) as info:
        dtcg.validate_document(doc)
    expected = pointer if pointer is not None else where
    assert info.value.pointer == expected, info.value.problems
    with pytest.raises(DTCGValidationError):
        dtcg.from_document(doc)


def test_shadow_member_missing_reports_the_missing_key() -> None:
    doc = _valid()
    del doc["shadow"]["1"]["$value"][0]["blur"]
    with pytest.raises(DTCGValidationError, match="missing required property 'blur'") as info:
        dtcg.validate_document(doc)
    assert info.value.pointer == "/shadow/1/$value/0"


def test_alias_cycle_is_reported() -> None:
    doc = _valid()
    doc["color"]["palette"]["blue"]["$value"] = "{color.primary}"
    with pytest.raises(DTCGValidationError, match="alias cycle") as info:
        dtcg.validate_document(doc)
    pointers = {p for p, _ in info.value.problems}
    assert "/color/primary/$value" in pointers
    assert "/color/palette/blue/$value" in pointers


def test_untyped_alias_cycle_is_reported() -> None:
    doc = {"a": {"$value": "{b}"}, "b": {"$value": "{a}"}}
    with pytest.raises(DTCGValidationError, match="alias cycle") as info:
        dtcg.validate_document(doc)
    assert info.value.pointer == "/a/$value"


def test_token_without_type_is_reported() -> None:
    with pytest.raises(DTCGValidationError, match="has no \\$type") as info:
        dtcg.validate_document({"x": {"$value": 3}})
    assert info.value.pointer == "/x"


@pytest.mark.parametrize("doc", [[], "tokens", 3, None])
def test_non_object_document(doc: object) -> None:
    with pytest.raises(DTCGValidationError, match="JSON object") as info:
        dtcg.validate_document(doc)
    assert info.value.pointer == ""


def test_every_problem_is_collected() -> None:
    doc = _valid()
    doc["spacing"]["2"]["$value"]["unit"] = "em"
    doc["color"]["primary"]["$value"] = "{nope}"
    doc["bad.name"] = {}
    with pytest.raises(DTCGValidationError) as info:
        dtcg.validate_document(doc)
    pointers = [p for p, _ in info.value.problems]
    # the shadow aliases color.primary, whose own alias now dangles: reported there too
    assert set(pointers) == {
        "/spacing/2/$value/unit",
        "/color/primary/$value",
        "/shadow/1/$value/0/color",
        "/bad.name",
    }
    assert "and 3 more problems" in str(info.value)


def test_pointer_escapes_slash_and_tilde() -> None:
    with pytest.raises(DTCGValidationError) as info:
        dtcg.validate_document({"a/b~c": {"$type": "number", "$value": "x"}})
    assert info.value.pointer == "/a~1b~0c/$value"


def test_loads_rejects_non_json() -> None:
    with pytest.raises(DTCGValidationError, match="not JSON") as info:
        dtcg.loads("{")
    assert info.value.pointer == ""


def test_inline_resolver_documents_are_read_with_their_modes() -> None:
    base = sample()
    ts = TokenSet(
        base.tokens,
        base.groups,
        base.images,
        base.timings_ms,
        {"dark": {("color", "primary"): BLUE}},
    )
    doc = resolver.to_any_document(ts)
    dtcg.validate_document(doc)
    assert dtcg.from_document(doc) == ts
    assert dtcg.loads(resolver.dumps(ts)) == ts


def test_resolver_naming_files_needs_the_loader() -> None:
    doc = {
        "version": "2025.10",
        "sets": {"s": {"sources": [{"$ref": "a.json"}]}},
        "resolutionOrder": [{"$ref": "#/sets/s"}],
    }
    with pytest.raises(DTCGValidationError, match="no loader") as info:
        dtcg.validate_document(doc)
    assert info.value.pointer == "/resolutionOrder/0/sources/0"


def test_writer_refuses_dangling_alias() -> None:
    ts = TokenSet(tokens=(Token(("color", "a"), "color", Alias(("color", "b"))),))
    with pytest.raises(DTCGValidationError, match="points at no token") as info:
        dtcg.to_document(ts)
    assert info.value.pointer == "/color/a/$value"


def test_writer_refuses_reserved_extension_keys() -> None:
    ts = TokenSet(
        tokens=(Token(("n",), "number", 1.0, extensions={"com.copy-that": {"confidence": 1}}),)
    )
    with pytest.raises(DTCGValidationError, match="must not set") as info:
        dtcg.to_document(ts)
    assert info.value.pointer == "/n/$extensions"


def test_writer_refuses_nan() -> None:
    ts = TokenSet(tokens=(Token(("n",), "number", float("nan")),))
    with pytest.raises(DTCGValidationError, match="finite") as info:
        dtcg.dumps(ts)
    assert info.value.pointer == "/n/$value"

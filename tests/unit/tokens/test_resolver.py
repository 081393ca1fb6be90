from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copy_that.errors import DTCGValidationError
from copy_that.tokens import dtcg, resolver
from copy_that.tokens.model import Alias, Color, Token, TokenSet

from ._strategies import colors, token_sets


def themed() -> TokenSet:
    return TokenSet(
        tokens=(
            Token(("color", "white"), "color", Color.from_hex("#ffffff")),
            Token(("color", "ink"), "color", Color.from_hex("#111111")),
            Token(("color", "background"), "color", Alias(("color", "white"))),
            Token(("color", "text"), "color", Alias(("color", "ink"))),
        ),
        modes={
            "dark": {
                ("color", "background"): Alias(("color", "ink")),
                ("color", "text"): Color.from_hex("#eeeeee"),
            }
        },
    )


@st.composite
def themed_sets(draw: st.DrawFn) -> TokenSet:
    """Random token sets with one or two modes overriding colours (values or aliases)."""
    base = draw(token_sets().filter(lambda ts: any(t.type == "color" for t in ts)))
    colour_paths = [t.path for t in base if t.type == "color"]
    modes: dict[str, dict[Any, Any]] = {}
    names = draw(
        st.lists(
            st.sampled_from(["dark", "contrast", "brand-b"]), unique=True, min_size=1, max_size=2
        )
    )
    for mode in names:
        chosen = draw(st.lists(st.sampled_from(colour_paths), unique=True, min_size=1))
        values: dict[Any, Any] = {}
        for path in chosen:
            others = [p for p in colour_paths if p != path]
            values[path] = (
                Alias(draw(st.sampled_from(others)))
                if others and draw(st.booleans())
                else draw(colors)
            )
        trial = TokenSet(base.tokens, modes={mode: values})
        try:  # a mode alias may close a cycle through the base values: keep such modes out
            for token in trial:
                trial.resolve(Alias(token.path), mode=mode)
        except ValueError:
            continue
        modes[mode] = values
    return TokenSet(base.tokens, base.groups, base.images, base.timings_ms, modes, base.extensions)


def test_inline_document_layout_and_round_trip() -> None:
    ts = themed()
    doc = resolver.to_resolver_document(ts)
    assert doc["version"] == "2025.10"
    assert doc["resolutionOrder"] == [{"$ref": "#/sets/base"}, {"$ref": "#/modifiers/theme"}]
    contexts = doc["modifiers"]["theme"]["contexts"]
    assert contexts["light"] == []
    assert contexts["dark"][0]["color"]["text"]["$type"] == "color"
    assert doc["modifiers"]["theme"]["default"] == "light"
    assert resolver.from_resolver_document(json.loads(json.dumps(doc))) == ts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(themed_sets())
def test_round_trip_random(ts: TokenSet) -> None:
    doc = json.loads(json.dumps(resolver.to_resolver_document(ts)))
    assert resolver.from_resolver_document(doc) == ts


def test_files_and_load_tokens(tmp_path: Path) -> None:
    ts = themed()
    refs = {"": "t.json", "dark": "t.dark.json"}
    (tmp_path / "t.json").write_text(dtcg.dumps(ts))
    (tmp_path / "t.dark.json").write_text(json.dumps(resolver.mode_document(ts, "dark")))
    (tmp_path / "t.resolver.json").write_text(
        json.dumps(resolver.to_resolver_document(ts, files=refs))
    )
    assert resolver.load_tokens(tmp_path / "t.resolver.json") == ts
    plain = resolver.load_tokens(tmp_path / "t.json")
    assert plain.modes == {}
    assert plain.tokens == ts.tokens


def test_no_modes_means_no_modifier() -> None:
    ts = TokenSet(tokens=themed().tokens)
    doc = resolver.to_resolver_document(ts)
    assert "modifiers" not in doc
    assert resolver.from_resolver_document(doc) == ts


def test_mode_named_like_the_default_is_refused() -> None:
    with pytest.raises(DTCGValidationError, match="shadow the base"):
        resolver.to_resolver_document(themed(), default_mode="dark")


def test_mode_alias_to_missing_token_is_refused_on_write() -> None:
    base = themed()
    bad = TokenSet(base.tokens, modes={"dark": {("color", "text"): Alias(("color", "ink"))}})
    object.__setattr__(bad, "modes", {"dark": {("color", "text"): Alias(("color", "nope"))}})
    with pytest.raises(DTCGValidationError, match="in mode 'dark': alias"):
        resolver.to_resolver_document(bad)


def _doc() -> dict[str, Any]:
    return json.loads(json.dumps(resolver.to_resolver_document(themed())))


@pytest.mark.parametrize(
    ("change", "pointer", "message"),
    [
        (lambda d: d.__setitem__("version", "2024"), "/version", "version must be"),
        (lambda d: d.__setitem__("resolutionOrder", {}), "/resolutionOrder", "must be a list"),
        (
            lambda d: d["resolutionOrder"].append({"$ref": "#/sets/missing"}),
            "/resolutionOrder/2",
            "points at nothing",
        ),
        (
            lambda d: d["resolutionOrder"].append({"$ref": "#/modifiers/theme"}),
            "/resolutionOrder/2",
            "at most one modifier",
        ),
        (
            lambda d: d["modifiers"]["theme"].__setitem__("default", "sepia"),
            "/resolutionOrder/1/default",
            "not a context",
        ),
        (
            lambda d: d["sets"]["base"].__setitem__("sources", [{"$ref": "other.json"}]),
            "/resolutionOrder/0/sources/0",
            "no loader",
        ),
        (
            lambda d: d["sets"]["base"].__setitem__("sources", [{"$ref": "#/sets/base"}]),
            "/resolutionOrder/0/sources/0/sources/0",
            "$ref cycle",
        ),
        (lambda d: d["resolutionOrder"].append(42), "/resolutionOrder/2", "resolutionOrder item"),
    ],
)
def test_malformed_resolvers(change: Any, pointer: str, message: str) -> None:
    doc = _doc()
    change(doc)
    with pytest.raises(DTCGValidationError) as info:
        resolver.from_resolver_document(doc)
    assert info.value.pointer == pointer, info.value.problems
    assert message in str(info.value)


def test_context_adding_a_token_is_refused() -> None:
    doc = _doc()
    doc["modifiers"]["theme"]["contexts"]["dark"][0]["color"]["extra"] = {
        "$type": "color",
        "$value": "{color.ink}",
    }
    with pytest.raises(DTCGValidationError, match=r"adds token color\.extra"):
        resolver.from_resolver_document(doc)


def test_invalid_context_tokens_name_the_context() -> None:
    doc = _doc()
    doc["modifiers"]["theme"]["contexts"]["dark"][0]["color"]["text"]["$value"] = "{color.none}"
    with pytest.raises(DTCGValidationError, match="in mode 'dark'") as info:
        resolver.from_resolver_document(doc)
    assert info.value.pointer == "/color/text/$value"


def test_non_object_resolver() -> None:
    with pytest.raises(DTCGValidationError, match="JSON object"):
        resolver.from_resolver_document([])

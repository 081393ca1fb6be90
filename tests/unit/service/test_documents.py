"""Tests for copy_that.service.documents: walking and changing DTCG dicts."""

from __future__ import annotations

import pytest

from copy_that.service.documents import (
    alias_text,
    find_node,
    iter_tokens,
    parse_path,
    remove_node,
    set_node,
    split_modes,
    token_type,
    transform_strings,
)
from copy_that.tokens import dtcg
from copy_that.tokens.resolver import to_any_document, to_resolver_document
from tests.unit.service._harness import themed_tokens

DOC = {
    "$schema": "x",
    "color": {
        "$type": "color",
        "palette": {"blue": {"$value": "#00f"}, "red": {"$value": "#f00", "$type": "color"}},
        "primary": {"$value": "{color.palette.blue}"},
    },
    "spacing": {"1": {"$value": {"value": 4, "unit": "px"}, "$type": "dimension"}},
    "$extensions": {"x": {"$value": "not a token"}},
}


def test_iter_tokens_in_order_with_inherited_types() -> None:
    found = [(".".join(p), t) for p, _n, t in iter_tokens(DOC)]
    assert found == [
        ("color.palette.blue", "color"),
        ("color.palette.red", "color"),
        ("color.primary", "color"),
        ("spacing.1", "dimension"),
    ]


def test_find_and_type() -> None:
    assert find_node(DOC, ("color", "palette", "red")) == {"$value": "#f00", "$type": "color"}
    assert find_node(DOC, ("color", "nope")) is None
    assert find_node(DOC, ("$extensions", "x")) is None
    assert token_type(DOC, ("color", "primary")) == "color"
    assert token_type(DOC, ("color", "palette")) is None


def test_set_node_creates_groups_but_not_under_tokens() -> None:
    doc: dict[str, object] = {"a": {"$value": 1}}
    set_node(doc, ("b", "c", "d"), {"$value": 2})
    assert doc["b"] == {"c": {"d": {"$value": 2}}}
    with pytest.raises(ValueError, match="a is a token"):
        set_node(doc, ("a", "x"), {"$value": 3})


def test_remove_node_prunes_empty_groups_only() -> None:
    doc = {"g": {"h": {"t": {"$value": 1}}}, "k": {"$type": "color", "t": {"$value": 2}}}
    assert remove_node(doc, ("g", "h", "t")) == {"$value": 1}
    assert "g" not in doc
    remove_node(doc, ("k", "t"))
    assert doc["k"] == {"$type": "color"}
    assert remove_node(doc, ("missing",)) is None


def test_transform_strings_is_deep_and_copies() -> None:
    value = {"a": ["x", {"b": "x"}], "n": 1}
    out = transform_strings(value, lambda s: s.upper())
    assert out == {"a": ["X", {"b": "X"}], "n": 1}
    assert value["a"][0] == "x"


@pytest.mark.parametrize("text", ["", "a..b", "$type", "a.$value", "."])
def test_parse_path_refuses_bad_paths(text: str) -> None:
    with pytest.raises(ValueError, match="token path"):
        parse_path(text)


def test_parse_path_accepts_aliases_and_dots() -> None:
    assert parse_path("{color.palette.blue}") == ("color", "palette", "blue")
    assert alias_text(("color", "palette", "blue")) == "{color.palette.blue}"


def test_split_modes_of_a_token_document() -> None:
    assert split_modes(DOC) == (DOC, {})


def test_split_modes_gives_the_inline_documents_of_a_resolver() -> None:
    document = to_any_document(themed_tokens())
    base, modes = split_modes(document)
    assert base is document["sets"]["base"]["sources"][0]
    assert list(modes) == ["dark"]
    assert [".".join(p) for p, _n, _t in iter_tokens(modes["dark"])] == [
        "color.background",
        "color.text",
    ]
    modes["dark"]["color"]["text"]["$value"] = "{color.palette.blue}"  # a view, not a copy
    assert dtcg.from_document(document).modes["dark"][("color", "text")].path[-1] == "blue"


def test_split_modes_refuses_resolvers_the_service_does_not_write() -> None:
    files = to_resolver_document(themed_tokens(), files={"": "base.json", "dark": "dark.json"})
    with pytest.raises(ValueError, match="inline token documents"):
        split_modes(files)
    inline = to_any_document(themed_tokens())
    inline["modifiers"]["size"] = inline["modifiers"]["theme"]
    with pytest.raises(ValueError, match="one modifier"):
        split_modes(inline)

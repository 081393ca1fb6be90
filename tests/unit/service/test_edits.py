"""Tests for copy_that.service.edits: the four operations, validation and replay."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.errors import AliasError, DTCGValidationError
from copy_that.service.documents import iter_tokens
from copy_that.service.edits import (
    Delete,
    Edit,
    Rename,
    SetRole,
    SetValue,
    apply_edit,
    edit_from_payload,
    edit_to_payload,
    replay_edits,
)
from copy_that.service.errors import ConflictError, NotFoundError
from copy_that.tokens import dtcg
from copy_that.tokens.model import Alias, Token, TokenPath
from copy_that.tokens.resolver import to_any_document
from tests.unit.service._harness import sample_tokens, themed_tokens

BASE = dtcg.to_document(sample_tokens())
# Light values with a "dark" mode: background → ink and text → white there.
THEMED = to_any_document(themed_tokens())
RED = {"colorSpace": "srgb", "components": [1, 0, 0], "alpha": 1, "hex": "#ff0000"}


def _paths(document: dict[str, Any]) -> list[str]:
    return [".".join(p) for p, _n, _t in iter_tokens(document)]


def test_rename_moves_the_token_and_rewrites_aliases() -> None:
    out = apply_edit(BASE, Rename(("color", "palette", "blue"), ("brand", "main")))
    assert "color.palette.blue" not in _paths(out)
    assert out["brand"]["main"]["$type"] == "color"  # the inherited type travels with it
    assert out["color"]["primary"]["$value"] == "{brand.main}"
    assert BASE["color"]["palette"]["blue"]  # the input is untouched


def test_rename_to_itself_changes_nothing() -> None:
    edit = Rename(("spacing", "1"), ("spacing", "1"))
    assert apply_edit(BASE, edit) == BASE


def test_set_value_and_type() -> None:
    out = apply_edit(BASE, SetValue(("color", "palette", "white"), RED))
    assert out["color"]["palette"]["white"]["$value"] == RED
    out = apply_edit(BASE, SetValue(("spacing", "1"), 1.5, type="number"))
    assert out["spacing"]["1"]["$type"] == "number"


def test_set_role_creates_or_repoints_an_alias() -> None:
    out = apply_edit(BASE, SetRole(("color", "accent"), ("color", "palette", "white")))
    assert out["color"]["accent"]["$value"] == "{color.palette.white}"
    out = apply_edit(out, SetRole(("color", "primary"), ("color", "palette", "white")))
    assert out["color"]["primary"]["$value"] == "{color.palette.white}"


def test_delete_refuses_referenced_tokens() -> None:
    with pytest.raises(AliasError, match=r"color\.primary"):
        apply_edit(BASE, Delete(("color", "palette", "blue")))
    out = apply_edit(BASE, Delete(("color", "primary")))
    out = apply_edit(out, Delete(("color", "palette", "blue")))
    assert _paths(out) == ["color.palette.white", "spacing.1"]


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (Rename(("x",), ("y",)), NotFoundError),
        (Rename(("color", "palette", "blue"), ("spacing", "1")), ConflictError),
        (Rename(("color", "palette", "blue"), ("spacing", "1", "x")), ConflictError),
        (SetValue(("color", "palette", "blue"), "not a colour"), DTCGValidationError),
        (SetValue(("color", "palette"), RED), NotFoundError),
        (SetRole(("spacing", "2"), ("color", "nothing")), NotFoundError),
        (SetRole(("color", "palette"), ("color", "palette", "blue")), ConflictError),
        (SetRole(("spacing", "1", "x"), ("color", "palette", "blue")), ConflictError),
        (SetValue(("color", "primary"), "{spacing.1}"), DTCGValidationError),
        (Delete(("nothing",)), NotFoundError),
    ],
)
def test_bad_edits_raise_typed_errors(edit: Edit, error: type[Exception]) -> None:
    with pytest.raises(error):
        apply_edit(BASE, edit)


def test_replay_skips_what_no_longer_applies() -> None:
    edits: list[tuple[int, Edit]] = [
        (1, Rename(("color", "palette", "blue"), ("color", "palette", "brand"))),
        (2, SetValue(("color", "palette", "gone"), RED)),
        (3, SetRole(("color", "accent"), ("color", "palette", "brand"))),
    ]
    out, skipped = replay_edits(BASE, edits)
    assert out["color"]["accent"]["$value"] == "{color.palette.brand}"
    assert [(s.seq, s.op) for s in skipped] == [(2, "set_value")]
    assert "color.palette.gone" in skipped[0].reason


@pytest.mark.parametrize(
    "edit",
    [
        Rename(("a", "b"), ("c",)),
        SetValue(("a",), {"value": 1, "unit": "px"}, type="dimension"),
        SetValue(("a",), 3),
        SetRole(("color", "x"), ("color", "y")),
        Delete(("a", "b", "c")),
    ],
)
def test_payload_round_trip(edit: Edit) -> None:
    op, payload = edit_to_payload(edit)
    assert edit_from_payload(op, payload) == edit


def test_unknown_stored_op_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown edit op"):
        edit_from_payload("explode", {"path": "a"})


_NAMES = st.sampled_from(
    [
        "color.palette.blue",
        "color.palette.white",
        "color.palette.ink",
        "color.primary",
        "color.background",
        "color.text",
        "spacing.1",
        "brand.x",
        "spacing.2",
    ]
)


def _edits() -> st.SearchStrategy[Edit]:
    path = _NAMES.map(lambda s: tuple(s.split(".")))
    return st.one_of(
        st.builds(Rename, path, path),
        st.builds(SetRole, path, path),
        st.builds(Delete, path),
        st.builds(SetValue, path, st.just(RED)),
    )


@pytest.mark.parametrize("start", [BASE, THEMED], ids=["plain", "themed"])
@settings(max_examples=60, deadline=None)
@given(st.lists(_edits(), max_size=6))
def test_any_edit_sequence_leaves_a_valid_document(
    start: dict[str, Any], edits: list[Edit]
) -> None:
    document = start
    for edit in edits:
        try:
            document = apply_edit(document, edit)
        except (NotFoundError, ConflictError, ValueError):
            continue
        dtcg.validate_document(document)
    replayed, _skipped = replay_edits(start, list(enumerate(edits)))
    assert replayed == document  # replay reaches the same result as applying one by one


def _dark(document: dict[str, Any]) -> dict[TokenPath, Any]:
    return dict(dtcg.from_document(document).modes.get("dark", {}))


def _alias(dotted: str) -> Alias:
    return Alias(tuple(dotted.split(".")))


def _token(document: dict[str, Any], dotted: str) -> Token:
    token = dtcg.from_document(document).get(tuple(dotted.split(".")))
    assert token is not None
    return token


def test_rename_carries_mode_values_and_rewrites_their_aliases() -> None:
    out = apply_edit(THEMED, Rename(("color", "palette", "ink"), ("color", "palette", "night")))
    assert _dark(out)[("color", "background")] == _alias("color.palette.night")
    assert "ink" not in str(out)
    out = apply_edit(out, Rename(("color", "background"), ("color", "canvas")))
    assert _dark(out) == {
        ("color", "canvas"): _alias("color.palette.night"),
        ("color", "text"): _alias("color.palette.white"),
    }
    assert to_any_document(themed_tokens()) == THEMED  # the input is untouched


def test_delete_counts_references_from_modes_and_removes_mode_values() -> None:
    # Only the dark mode points at ink (background → ink there).
    out = apply_edit(THEMED, Delete(("color", "text")))
    with pytest.raises(AliasError, match=r"color\.background"):
        apply_edit(out, Delete(("color", "palette", "ink")))
    assert _dark(out) == {("color", "background"): _alias("color.palette.ink")}
    out = apply_edit(out, Delete(("color", "background")))
    # No mode overrides anything any more: a plain token document again.
    assert "resolutionOrder" not in out
    dtcg.validate_document(out)
    out = apply_edit(out, Delete(("color", "palette", "ink")))
    assert "ink" not in str(out)


def test_set_role_makes_the_role_follow_its_target_in_every_mode() -> None:
    out = apply_edit(THEMED, SetRole(("color", "text"), ("color", "palette", "blue")))
    assert _token(out, "color.text").value == _alias("color.palette.blue")
    assert _dark(out) == {("color", "background"): _alias("color.palette.ink")}


def test_set_value_keeps_mode_values_unless_the_type_changes() -> None:
    out = apply_edit(THEMED, SetValue(("color", "palette", "ink"), RED))
    assert _dark(out) == _dark(THEMED)
    out = apply_edit(
        THEMED, SetValue(("color", "text"), {"value": 4, "unit": "px"}, type="dimension")
    )
    assert _dark(out) == {("color", "background"): _alias("color.palette.ink")}
    assert _token(out, "color.text").type == "dimension"


def test_replay_over_a_themed_extraction() -> None:
    edits: list[tuple[int, Edit]] = [
        (1, Rename(("color", "palette", "ink"), ("color", "palette", "night"))),
        (2, SetRole(("color", "accent"), ("color", "palette", "night"))),
    ]
    out, skipped = replay_edits(THEMED, edits)
    assert skipped == []
    assert _dark(out)[("color", "background")] == _alias("color.palette.night")
    assert _token(out, "color.accent").value == _alias("color.palette.night")

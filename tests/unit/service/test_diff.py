"""Tests for copy_that.service.diff."""

from __future__ import annotations

from dataclasses import replace

from copy_that.service.diff import diff_documents
from copy_that.tokens import dtcg
from copy_that.tokens.model import Alias
from copy_that.tokens.resolver import to_any_document
from tests.unit.service._harness import sample_tokens, themed_tokens


def test_identical_documents_do_not_differ() -> None:
    document = dtcg.to_document(sample_tokens())
    diff = diff_documents(document, document)
    assert diff.unchanged


def test_changes_added_and_removed() -> None:
    before = dtcg.to_document(sample_tokens("#1a4de6", spacing_px=8))
    after = dtcg.to_document(sample_tokens("#1a4de7", spacing_px=8))
    after["radius"] = {"sm": {"$type": "dimension", "$value": {"value": 4, "unit": "px"}}}
    del after["spacing"]
    diff = diff_documents(before, after)
    assert [c.path for c in diff.changed] == ["color.palette.blue"]
    assert diff.changed[0].before["$value"]["hex"] == "#1a4de6"  # type: ignore[index]
    assert diff.changed[0].after["$value"]["hex"] == "#1a4de7"  # type: ignore[index]
    assert [c.path for c in diff.added] == ["radius.sm"]
    assert [c.path for c in diff.removed] == ["spacing.1"]
    assert not diff.unchanged


def test_evidence_and_confidence_are_not_changes() -> None:
    before = dtcg.to_document(sample_tokens())
    after = dtcg.to_document(sample_tokens())
    after["color"]["palette"]["blue"]["$extensions"]["com.copy-that"]["confidence"] = 0.1
    assert diff_documents(before, after).unchanged


def test_descriptions_are_changes() -> None:
    before = dtcg.to_document(sample_tokens())
    after = dtcg.to_document(sample_tokens())
    after["spacing"]["1"]["$description"] = "base unit"
    assert [c.path for c in diff_documents(before, after).changed] == ["spacing.1"]


def test_mode_values_are_compared() -> None:
    light_only = dtcg.to_document(themed_tokens("light"))
    themed = to_any_document(themed_tokens())
    assert diff_documents(themed, to_any_document(themed_tokens())).unchanged
    diff = diff_documents(light_only, themed)
    assert [c.path for c in diff.changed] == ["color.background", "color.text"]
    background = diff.changed[0]
    assert background.before == {"$type": "color", "$value": "{color.palette.white}"}
    assert background.after == {
        "$type": "color",
        "$value": "{color.palette.white}",
        "modes": {"dark": "{color.palette.ink}"},
    }
    tokens = themed_tokens()
    bluer = replace(
        tokens,
        modes={
            "dark": {**tokens.modes["dark"], ("color", "text"): Alias(("color", "palette", "blue"))}
        },
    )
    diff = diff_documents(themed, to_any_document(bluer))
    assert [c.path for c in diff.changed] == ["color.text"]
    assert diff.changed[0].after["modes"] == {"dark": "{color.palette.blue}"}  # type: ignore[index]

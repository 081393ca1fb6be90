"""Tests for copy_that.service.design_system: building the project's document from results."""

from __future__ import annotations

from copy_that.service.design_system import build_document, empty_document
from copy_that.service.edits import Rename
from copy_that.tokens import dtcg
from copy_that.tokens.model import Alias
from copy_that.tokens.resolver import to_any_document
from tests.unit.service._harness import themed_tokens


def test_a_light_and_a_dark_result_keep_the_dark_mode() -> None:
    results = [dtcg.to_document(themed_tokens("light")), dtcg.to_document(themed_tokens("dark"))]
    document, skipped = build_document(results, [])
    assert skipped == []
    tokens = dtcg.from_document(document)
    ink, white = ("color", "palette", "ink"), ("color", "palette", "white")
    background = tokens.get(("color", "background"))
    assert background is not None
    assert background.value == Alias(white)
    assert tokens.modes["dark"][("color", "background")] == Alias(ink)
    assert tokens.modes["dark"][("color", "text")] == Alias(white)


def test_edits_are_replayed_over_the_modes() -> None:
    edit = Rename(("color", "palette", "ink"), ("color", "palette", "night"))
    document, skipped = build_document([to_any_document(themed_tokens())], [(1, edit)])
    assert skipped == []
    dark = dtcg.from_document(document).modes["dark"]
    assert dark[("color", "background")] == Alias(("color", "palette", "night"))


def test_no_results_give_the_empty_document() -> None:
    assert build_document([], []) == (empty_document(), [])

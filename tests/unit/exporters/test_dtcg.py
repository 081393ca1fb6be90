from __future__ import annotations

import json

import jsonschema
import pytest

from copy_that.exporters import ExportOptions
from copy_that.exporters import dtcg as dtcg_exporter
from copy_that.tokens import dtcg, resolver
from copy_that.tokens.model import TokenSet
from copy_that.tokens.schema import load_schema

from ._golden import check
from .fixtures import FIXTURES


def _parse(name: str, text: str) -> None:
    doc = json.loads(text)
    if name.endswith(".resolver.json"):
        assert resolver.is_resolver_document(doc)
    elif name.count(".") == 1:  # the token document, or the inline resolver when there are modes
        dtcg.validate_document(doc)
        if not resolver.is_resolver_document(doc):
            jsonschema.validate(doc, load_schema())


@pytest.mark.parametrize("fixture", FIXTURES)
def test_golden(fixture: str, update_golden: bool) -> None:
    check("dtcg", fixture, _parse, update_golden)


def test_files_form_round_trips_modes(tokens: TokenSet, options: ExportOptions) -> None:
    files = dtcg_exporter.render_files(tokens, options)
    assert set(files) == {"tokens.json", "tokens.dark.json", "tokens.resolver.json"}
    docs = {name: json.loads(text) for name, text in files.items()}
    back = resolver.from_resolver_document(docs["tokens.resolver.json"], load=docs.__getitem__)
    assert back == tokens


def test_mode_file_holds_only_overrides(tokens: TokenSet, options: ExportOptions) -> None:
    dark = json.loads(dtcg_exporter.render_files(tokens, options)["tokens.dark.json"])
    assert set(dark) == {"color"}
    assert dark["color"]["background"] == {"$type": "color", "$value": "{color.palette.slate-900}"}


def test_primary_file_is_lossless(
    tokens: TokenSet, photo_tokens: TokenSet, options: ExportOptions
) -> None:
    with_modes = dtcg_exporter.render(tokens, options)
    assert resolver.is_resolver_document(json.loads(with_modes))
    assert dtcg.loads(with_modes) == tokens
    without = dtcg_exporter.render(photo_tokens, options)
    assert not resolver.is_resolver_document(json.loads(without))
    assert dtcg.loads(without) == photo_tokens


def test_custom_stem(tokens: TokenSet) -> None:
    files = dtcg_exporter.render_files(tokens, ExportOptions(file_stem="brand"))
    resolver_doc = json.loads(files["brand.resolver.json"])
    assert resolver_doc["sets"]["base"]["sources"] == [{"$ref": "brand.json"}]
    assert resolver_doc["modifiers"]["theme"]["contexts"]["dark"] == [{"$ref": "brand.dark.json"}]

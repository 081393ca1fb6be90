from __future__ import annotations

import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copy_that.errors import ExportError, UnknownFormatError
from copy_that.exporters import BUILTINS, ExportOptions, Registry, css, default_registry, export
from copy_that.tokens.model import TokenSet

from ..tokens._strategies import token_sets
from ._golden import GOLDEN, golden_paths
from ._parsers import assert_parses, parse_css, parse_json, parse_scss, parse_xml
from .fixtures import FIXTURES


def _fake(name: str = "fake") -> types.SimpleNamespace:
    return types.SimpleNamespace(
        NAME=name,
        EXTENSION="txt",
        MEDIA_TYPE="text/plain",
        DESCRIPTION="a test format",
        render=lambda tokens, options: f"{len(tokens)} tokens\n",
    )


def test_fresh_registry_is_empty_and_registers_explicitly() -> None:
    registry = Registry()
    assert len(registry) == 0
    registry.register(css)
    assert registry.names() == ["css"]
    assert registry.get("css").media_type == "text/css"


def test_default_registry_holds_every_builtin_once() -> None:
    registry = default_registry()
    assert registry.names() == [m.NAME for m in BUILTINS]
    assert len(set(registry.names())) == len(BUILTINS)
    rows = registry.rows()
    assert ("css", "css", "text/css", css.DESCRIPTION) in rows


def test_default_registries_are_independent() -> None:
    first = default_registry()
    first.deregister("css")
    assert "css" in default_registry()


def test_duplicate_name_raises_unless_overwrite() -> None:
    registry = Registry([_fake()])
    with pytest.raises(ValueError, match="already registered"):
        registry.register(_fake())
    replacement = _fake()
    replacement.DESCRIPTION = "replaced"
    registry.register(replacement, overwrite=True)
    assert registry.get("fake").description == "replaced"


def test_unknown_name_lists_the_registered_ones() -> None:
    registry = Registry([_fake("b"), _fake("a")])
    with pytest.raises(
        UnknownFormatError, match="unknown format 'pdf'; choose one of: a, b"
    ) as info:
        registry.get("pdf")
    assert info.value.available == ("a", "b")
    with pytest.raises(UnknownFormatError):
        registry.deregister("pdf")


@pytest.mark.parametrize("missing", ["NAME", "EXTENSION", "MEDIA_TYPE", "DESCRIPTION", "render"])
def test_incomplete_exporter_is_refused(missing: str) -> None:
    fake = _fake()
    delattr(fake, missing)
    with pytest.raises(TypeError, match=missing if missing != "render" else "render"):
        Registry().register(fake)


def test_single_file_formats_get_a_default_file_name() -> None:
    registry = Registry([_fake()])
    files = registry.get("fake").render_files(FIXTURES["minimal"](), ExportOptions(file_stem="out"))
    assert files == {"out.txt": "2 tokens\n"}


def test_export_helper_uses_the_builtins() -> None:
    tokens = FIXTURES["minimal"]()
    assert export(tokens, "css") == css.render(tokens, ExportOptions())
    with pytest.raises(UnknownFormatError):
        export(tokens, "nope")


@pytest.mark.parametrize("name", [m.NAME for m in BUILTINS])
def test_every_registered_exporter_has_golden_files(name: str) -> None:
    for fixture in FIXTURES:
        for path in golden_paths(name, fixture):
            assert path.is_file(), f"{path.relative_to(GOLDEN)} missing; run pytest --update-golden"


@pytest.mark.parametrize("name", [m.NAME for m in BUILTINS])
def test_every_exporter_has_its_own_test_module(name: str) -> None:
    from pathlib import Path

    module = Path(__file__).parent / f"test_{name.replace('-', '_')}.py"
    assert module.is_file(), f"{module.name} missing"


_LANGUAGES = {
    ".dart": "dart",
    ".swift": "swift",
    ".kt": "kotlin",
    ".ts": "typescript",
    ".js": "javascript",
}


def _parse_any(filename: str, text: str) -> None:
    if filename.endswith(".css"):
        parse_css(filename, text)
    elif filename.endswith(".scss"):
        parse_scss(filename, text)
    elif filename.endswith(".json"):
        parse_json(filename, text)
    elif filename.endswith(".xml"):
        parse_xml(filename, text)
    else:
        assert_parses(_LANGUAGES["." + filename.rsplit(".", 1)[-1]], text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tokens=token_sets(), name=st.sampled_from([m.NAME for m in BUILTINS]))
def test_random_token_sets_render_valid_deterministic_output(tokens: TokenSet, name: str) -> None:
    exporter = default_registry().get(name)
    try:
        first = exporter.render_files(tokens, ExportOptions())
    except ExportError:
        return  # names that collide on this platform are refused, with the two token names
    assert exporter.render_files(tokens, ExportOptions()) == first
    assert exporter.render(tokens, ExportOptions()) == exporter.render(tokens, ExportOptions())
    for filename, text in first.items():
        _parse_any(filename, text)

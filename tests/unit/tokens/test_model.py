import pytest
from hypothesis import given
from hypothesis import strategies as st

from copy_that.errors import AliasError
from copy_that.tokens import (
    Alias,
    Border,
    Color,
    Dimension,
    GroupInfo,
    Shadow,
    ShadowLayer,
    Token,
    TokenSet,
    validate_name,
)


@pytest.mark.parametrize("name", ["", "$type", "a.b", "{x}", "a{", "b}"])
def test_illegal_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="invalid token name"):
        validate_name(name)


@pytest.mark.parametrize("name", ["blue-500", "text muted", "heading_1", "100", "ä"])
def test_legal_names_pass(name: str) -> None:
    assert validate_name(name) == name


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
def test_hex_round_trip(r: int, g: int, b: int, a: int) -> None:
    color = Color.from_srgb8(r, g, b, a / 255)
    assert Color.from_hex(color.hex).srgb8 == (r, g, b)
    assert Color.from_hex(color.hex8).hex8 == color.hex8


@pytest.mark.parametrize("text", ["#fff", "red", "#12345g", "#1234567", "12345678"])
def test_bad_hex_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="hex colour"):
        Color.from_hex(text)


def test_colour_ranges_are_checked() -> None:
    with pytest.raises(ValueError, match="0–1"):
        Color((1.2, 0.0, 0.0))
    with pytest.raises(ValueError, match="alpha"):
        Color((0.1, 0.0, 0.0), alpha=2.0)


def test_alias_parse_and_format() -> None:
    alias = Alias.parse("{color.palette.blue}")
    assert alias.path == ("color", "palette", "blue")
    assert str(alias) == "{color.palette.blue}"
    assert Alias.is_alias("{a.b}")
    assert not Alias.is_alias("a.b")
    with pytest.raises(ValueError, match="not an alias"):
        Alias.parse("color.blue")


def test_confidence_must_be_a_fraction() -> None:
    with pytest.raises(ValueError, match="confidence"):
        Token(("a",), "number", 1.0, confidence=1.5)


def _red() -> Token:
    return Token(("color", "palette", "red"), "color", Color.from_hex("#ff0000"))


def test_token_set_rejects_duplicates_and_token_group_clash() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        TokenSet((_red(), _red()))
    clash = Token(("color", "palette"), "color", Color.from_hex("#000000"))
    with pytest.raises(ValueError, match="also a group"):
        TokenSet((_red(), clash))


def test_modes_must_override_existing_tokens() -> None:
    with pytest.raises(ValueError, match="unknown token"):
        TokenSet((_red(),), modes={"dark": {("color", "nope"): Color.from_hex("#000000")}})


def test_resolve_follows_chains_and_composites() -> None:
    background = Token(("color", "background"), "color", Alias(_red().path))
    border = Token(
        ("border", "default"),
        "border",
        Border(color=Alias(("color", "background")), width=Dimension(1)),
    )
    shadow = Token(
        ("shadow", "1"),
        "shadow",
        Shadow(
            (
                ShadowLayer(
                    Alias(("color", "background")),
                    Dimension(0),
                    Dimension(2),
                    Dimension(4),
                    Dimension(0),
                ),
            )
        ),
    )
    tokens = TokenSet((_red(), background, border, shadow))
    assert tokens.resolve(background.value) == _red().value
    resolved_border = tokens.resolve(border.value)
    assert isinstance(resolved_border, Border)
    assert resolved_border.color == _red().value
    resolved_shadow = tokens.resolve(shadow.value)
    assert isinstance(resolved_shadow, Shadow)
    assert resolved_shadow.layers[0].color == _red().value


def test_resolve_uses_mode_overrides() -> None:
    black = Color.from_hex("#000000")
    background = Token(("color", "background"), "color", Alias(_red().path))
    tokens = TokenSet((_red(), background), modes={"dark": {_red().path: black}})
    assert tokens.resolve(background.value, mode="dark") == black
    assert tokens.resolve(background.value) == _red().value


def test_resolve_reports_missing_targets_and_cycles() -> None:
    a = Token(("a",), "color", Alias(("b",)))
    b = Token(("b",), "color", Alias(("a",)))
    with pytest.raises(AliasError, match="cycle"):
        TokenSet((a, b)).resolve(a.value)
    with pytest.raises(AliasError, match="points at no token"):
        TokenSet((a,)).resolve(a.value)


def test_group_queries() -> None:
    tokens = TokenSet((_red(),), groups=(GroupInfo(("spacing",), reason="no elements"),))
    assert tokens.group("color") == (_red(),)
    assert tokens.get("color.palette.red") == _red()
    assert ("color", "palette", "red") in tokens
    assert tokens.group_info("spacing") is not None
    assert tokens.group_info("radius") is None
    assert len(tokens) == 1


def test_resolve_reports_cycles_through_composite_members() -> None:
    border = Token(
        ("border", "a"), "border", Border(color=Alias(("border", "b")), width=Dimension(1))
    )
    back = Token(("border", "b"), "border", Alias(("border", "a")))
    with pytest.raises(AliasError, match="cycle"):
        TokenSet((border, back)).resolve(border.value)

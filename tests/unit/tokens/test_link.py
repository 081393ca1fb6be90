from copy_that.tokens import Alias, Border, Color, Dimension, Shadow, ShadowLayer, Token, TokenSet
from copy_that.tokens.link import link_colors

GREY = Color.from_hex("#d1d5db")


def _palette() -> Token:
    return Token(("color", "palette", "grey"), "color", GREY)


def _border(color: Color) -> Token:
    return Token(("border", "default"), "border", Border(color=color, width=Dimension(1)))


def test_border_colour_within_a_jnd_becomes_an_alias() -> None:
    near = Color.from_hex("#d2d5db")
    linked = link_colors(TokenSet((_palette(), _border(near))))
    border = linked.get("border.default")
    assert border is not None
    assert isinstance(border.value, Border)
    assert border.value.color == Alias(("color", "palette", "grey"))


def test_distinct_colour_stays_raw() -> None:
    red = Color.from_hex("#ef4444")
    linked = link_colors(TokenSet((_palette(), _border(red))))
    border = linked.get("border.default")
    assert border is not None
    assert isinstance(border.value, Border)
    assert border.value.color == red


def test_translucent_shadow_colour_is_not_linked_to_opaque_palette() -> None:
    layer = ShadowLayer(
        Color(GREY.components, alpha=0.2), Dimension(0), Dimension(1), Dimension(3), Dimension(0)
    )
    tokens = TokenSet((_palette(), Token(("shadow", "1"), "shadow", Shadow((layer,)))))
    shadow = link_colors(tokens).get("shadow.1")
    assert shadow is not None
    assert isinstance(shadow.value, Shadow)
    assert isinstance(shadow.value.layers[0].color, Color)


def test_without_palette_nothing_changes() -> None:
    tokens = TokenSet((_border(GREY),))
    assert link_colors(tokens) == tokens

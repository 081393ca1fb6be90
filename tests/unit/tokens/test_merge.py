import pytest

from copy_that.tokens import (
    Alias,
    Color,
    Dimension,
    Evidence,
    GroupInfo,
    ImageInfo,
    Token,
    TokenSet,
)
from copy_that.tokens.merge import merge_token_sets


def _image(image_id: str, size: int = 100) -> ImageInfo:
    return ImageInfo(id=image_id, name=f"{image_id}.png", width_px=size, height_px=size)


def _colour(name: str, hex_code: str, share: float, image_id: str, conf: float = 0.8) -> Token:
    return Token(
        ("color", "palette", name),
        "color",
        Color.from_hex(hex_code),
        confidence=conf,
        evidence=Evidence(boxes=((0, 0, 5, 5),), share=share, count=1, image_ids=(image_id,)),
    )


def _set(image_id: str, *tokens: Token, groups: tuple[GroupInfo, ...] = ()) -> TokenSet:
    return TokenSet(
        tokens=tokens, groups=groups, images=(_image(image_id),), timings_ms={"colors": 2.0}
    )


def test_same_colour_in_two_images_is_one_token_with_both_evidences() -> None:
    a = _set("a", _colour("blue", "#2563eb", 0.2, "a"))
    b = _set("b", _colour("blue", "#2664eb", 0.4, "b"))
    merged = merge_token_sets([a, b])
    palette = merged.group("color", "palette")
    assert len(palette) == 1
    evidence = palette[0].evidence
    assert evidence is not None
    assert set(evidence.image_ids) == {"a", "b"}
    assert evidence.share == pytest.approx(0.3)
    assert evidence.count == 2
    assert len(evidence.boxes) == 2
    assert palette[0].confidence == pytest.approx(1 - 0.2 * 0.2)
    assert merged.timings_ms["colors"] == pytest.approx(4.0)
    assert [i.id for i in merged.images] == ["a", "b"]


def test_different_colours_with_the_same_name_are_both_kept() -> None:
    a = _set("a", _colour("blue", "#2563eb", 0.2, "a"))
    b = _set("b", _colour("blue", "#1e3a8a", 0.1, "b"))
    merged = merge_token_sets([a, b])
    names = [t.path[-1] for t in merged.group("color", "palette")]
    assert names == ["blue", "blue-2"]


def test_role_aliases_follow_renamed_palette_tokens() -> None:
    role = Token(("color", "primary"), "color", Alias(("color", "palette", "blue")), confidence=0.9)
    a = _set("a", _colour("blue", "#2563eb", 0.3, "a"))
    b = _set("b", _colour("blue", "#1e3a8a", 0.1, "b"), role)
    merged = merge_token_sets([a, b])
    primary = merged.get("color.primary")
    assert primary is not None
    assert primary.value == Alias(("color", "palette", "blue-2"))
    merged.resolve(primary.value)


def test_disagreeing_values_keep_the_alternative() -> None:
    a = _set("a", Token(("radius", "md"), "dimension", Dimension(8), confidence=0.9))
    b = _set("b", Token(("radius", "md"), "dimension", Dimension(6), confidence=0.4))
    merged = merge_token_sets([a, b])
    token = merged.get("radius.md")
    assert token is not None
    assert token.value == Dimension(8)
    alternatives = token.extensions["com.copy-that"]["alternatives"]
    assert alternatives[0]["confidence"] == 0.4


def test_group_reason_is_dropped_once_another_image_has_evidence() -> None:
    reason = GroupInfo(("radius",), reason="no elements")
    a = _set("a", groups=(reason,))
    b = _set("b", Token(("radius", "md"), "dimension", Dimension(8), confidence=0.9))
    merged = merge_token_sets([a, b])
    info = merged.group_info("radius")
    assert info is not None
    assert info.reason is None
    empty = merge_token_sets([a, _set("c", groups=(reason,))])
    info = empty.group_info("radius")
    assert info is not None
    assert info.reason == "no elements"


def test_trivial_inputs() -> None:
    single = _set("a", _colour("blue", "#2563eb", 0.2, "a"))
    assert merge_token_sets([single]) is single
    assert len(merge_token_sets([])) == 0


def _themed(image_id: str, background: str, text: str) -> TokenSet:
    return _set(
        image_id,
        _colour("bg", background, 0.8, image_id),
        _colour("ink", text, 0.1, image_id),
        Token(("color", "background"), "color", Alias(("color", "palette", "bg")), confidence=0.9),
        Token(("color", "text"), "color", Alias(("color", "palette", "ink")), confidence=0.9),
    )


def test_light_and_dark_screenshots_become_a_dark_mode() -> None:
    light = _themed("light", "#ffffff", "#111827")
    dark = _themed("dark", "#111827", "#f9fafb")
    merged = merge_token_sets([light, dark])
    background = Alias(("color", "background"))
    assert merged.resolve(background) == Color.from_hex("#ffffff")
    assert merged.resolve(background, mode="dark") == Color.from_hex("#111827")
    text = Alias(("color", "text"))
    assert merged.resolve(text) == Color.from_hex("#111827")
    assert merged.resolve(text, mode="dark") == Color.from_hex("#f9fafb")


def test_two_light_screenshots_make_no_mode() -> None:
    merged = merge_token_sets(
        [_themed("a", "#ffffff", "#111827"), _themed("b", "#fafafa", "#111827")]
    )
    assert dict(merged.modes) == {}


def test_contrast_reports_are_joined_and_follow_renamed_colours() -> None:
    def report(text: str) -> GroupInfo:
        pair = {"text": text, "background": "{color.palette.bg}", "contrast_ratio": 4.0}
        return GroupInfo(("color",), extensions={"com.copy-that": {"contrast": [pair]}})

    a = _set(
        "a",
        _colour("bg", "#ffffff", 0.9, "a"),
        _colour("ink", "#111827", 0.1, "a"),
        groups=(report("{color.palette.ink}"),),
    )
    b = _set(
        "b",
        _colour("bg", "#ffffff", 0.9, "b"),
        _colour("ink", "#7f1d1d", 0.1, "b"),
        groups=(report("{color.palette.ink}"),),
    )
    merged = merge_token_sets([a, b])
    info = merged.group_info("color")
    assert info is not None
    pairs = info.extensions["com.copy-that"]["contrast"]
    assert [p["text"] for p in pairs] == ["{color.palette.ink}", "{color.palette.ink-2}"]
    for pair in pairs:
        merged.resolve(Alias.parse(pair["text"]))

"""The web app's JavaScript modules, run in Chromium: contrast maths, DTCG reading, formatting."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page


@pytest.fixture
def modules(page: Page, static_server: str) -> Page:
    """A page of the web app (the log-in shell), where the modules can be imported."""
    page.route("**/api/v1/**", lambda route: route.fulfill(status=401, body="{}"))
    page.goto(f"{static_server}/login")
    return page


def _call(page: Page, module: str, expression: str) -> Any:
    """Import ``/static/js/<module>`` as ``m`` and evaluate `expression` with it."""
    return page.evaluate(
        f"async () => {{ const m = await import('/static/js/{module}'); return {expression}; }}"
    )


# WCAG 2.1 reference pairs; ratios checked against the WCAG formula by hand at 2 decimals.
@pytest.mark.parametrize(
    ("fg", "bg", "ratio", "level"),
    [
        ([0, 0, 0], [1, 1, 1], 21.0, "AAA"),
        ([1, 1, 1], [1, 1, 1], 1.0, "fails"),
        ([0x77 / 255] * 3, [1, 1, 1], 4.48, "AA large"),
        ([0x76 / 255] * 3, [1, 1, 1], 4.54, "AA"),
        ([0x59 / 255] * 3, [1, 1, 1], 7.0, "AAA"),
        ([1, 0, 0], [1, 1, 1], 4.0, "AA large"),
        ([0, 0, 1], [0, 0, 0], 2.44, "fails"),
    ],
)
def test_contrast_ratio_and_level(
    modules: Page, fg: list[float], bg: list[float], ratio: float, level: str
) -> None:
    got = _call(
        modules,
        "contrast.js",
        f"[m.contrastRatio({{components: {fg}}}, {{components: {bg}}}), "
        f"m.wcagLevel(m.contrastRatio({{components: {fg}}}, {{components: {bg}}}))]",
    )
    assert got[0] == pytest.approx(ratio, abs=0.01)
    assert got[1] == level


def test_contrast_composites_translucent_foreground(modules: Page) -> None:
    # Black at 50 % over white paints #808080 (0.5 gamma-encoded), not black.
    white = "{components: [1, 1, 1]}"
    half = _call(
        modules, "contrast.js", f"m.contrastRatio({{components: [0, 0, 0], alpha: 0.5}}, {white})"
    )
    grey = _call(
        modules, "contrast.js", f"m.contrastRatio({{components: [0.5, 0.5, 0.5]}}, {white})"
    )
    assert half == pytest.approx(grey)
    assert half < 21


_DOC = {
    "$extensions": {
        "com.copy-that": {
            "version": "0.1.0",
            "images": [{"id": "img1", "name": "a.png", "width_px": 100, "height_px": 50}],
        }
    },
    "color": {
        "$type": "color",
        "palette": {
            "blue": {
                "$value": {
                    "colorSpace": "srgb",
                    "components": [0, 0, 1],
                    "alpha": 1,
                    "hex": "#0000ff",
                },
                "$extensions": {
                    "com.copy-that": {
                        "confidence": 0.9,
                        "evidence": {"boxes": [[1, 2, 3, 4]], "share": 0.25},
                        "source": ["img1"],
                    }
                },
            }
        },
        "primary": {"$value": "{color.palette.blue}"},
        "link": {"$value": "{color.primary}"},
        "loop-a": {"$value": "{color.loop-b}"},
        "loop-b": {"$value": "{color.loop-a}"},
        "broken": {"$value": "{color.nowhere}"},
    },
    "spacing": {
        "$type": "dimension",
        "$extensions": {"com.copy-that": {"reason": "no layout"}},
    },
    "font": {"size": {"$type": "dimension", "body": {"$value": {"value": 16, "unit": "px"}}}},
    "shadow": {
        "1": {
            "$type": "shadow",
            "$value": [
                {
                    "color": "{color.palette.blue}",
                    "offsetX": {"value": 0, "unit": "px"},
                    "offsetY": {"value": 2, "unit": "px"},
                    "blur": {"value": 4, "unit": "px"},
                    "spread": {"value": 0, "unit": "px"},
                }
            ],
        }
    },
}


def _doc(page: Page, expression: str) -> Any:
    return _call(page, "dtcg.js", f"((d) => {expression})(new m.TokenDocument({json.dumps(_DOC)}))")


def test_document_lists_tokens_in_order_with_inherited_types(modules: Page) -> None:
    tokens = _doc(modules, "d.tokens.map((t) => [t.name, t.type ?? null])")
    assert tokens == [
        ["color.palette.blue", "color"],
        ["color.primary", "color"],
        ["color.link", "color"],
        ["color.loop-a", "color"],
        ["color.loop-b", "color"],
        ["color.broken", "color"],
        ["font.size.body", "dimension"],
        ["shadow.1", "shadow"],
    ]


def test_document_reads_copy_that_metadata(modules: Page) -> None:
    blue = _doc(modules, "d.byName.get('color.palette.blue')")
    assert blue["confidence"] == 0.9
    assert blue["evidence"]["boxes"] == [[1, 2, 3, 4]]
    assert blue["evidence"]["share"] == 0.25
    assert blue["source"] == ["img1"]
    assert _doc(modules, "d.groups.get('spacing').reason") == "no layout"
    assert _doc(modules, "d.images.map((i) => i.id)") == ["img1"]


def test_aliases_resolve_through_chains_and_inside_composites(modules: Page) -> None:
    assert _doc(modules, "d.resolve(d.byName.get('color.link').value).hex") == "#0000ff"
    assert _doc(modules, "d.terminal(d.byName.get('color.link')).name") == "color.palette.blue"
    assert _doc(modules, "d.resolve(d.byName.get('shadow.1').value)[0].color.hex") == "#0000ff"
    roles = _doc(modules, "d.aliasesOf(d.byName.get('color.palette.blue')).map((t) => t.name)")
    assert roles == ["color.primary"]


def test_cycles_and_dangling_aliases_resolve_to_nothing(modules: Page) -> None:
    assert _doc(modules, "d.resolve(d.byName.get('color.loop-a').value) === undefined")
    assert _doc(modules, "d.terminal(d.byName.get('color.loop-a')) === null")
    assert _doc(modules, "d.resolve(d.byName.get('color.broken').value) === undefined")


def test_resolver_documents_are_read_in_their_default_mode(modules: Page) -> None:
    resolver = {
        "version": "2025.10",
        "sets": {"base": {"sources": [_DOC]}},
        "modifiers": {"theme": {"contexts": {"light": [], "dark": []}, "default": "light"}},
        "resolutionOrder": [{"$ref": "#/sets/base"}, {"$ref": "#/modifiers/theme"}],
    }
    names = _call(
        modules,
        "dtcg.js",
        f"new m.TokenDocument({json.dumps(resolver)}).tokens.map((t) => t.name)",
    )
    assert names[0] == "color.palette.blue"
    assert len(names) == 8


def test_document_refuses_non_objects(modules: Page) -> None:
    attempt = "try { new m.TokenDocument([]); return ''; } catch (e) { return e.message; }"
    message = _call(modules, "dtcg.js", f"(() => {{ {attempt} }})()")
    assert "JSON object" in message


_RED = "colorSpace: 'srgb', components: [1, 0, 0]"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (f"m.colorToCss({{{_RED}, alpha: 1, hex: '#ff0000'}})", "#ff0000"),
        (f"m.colorToCss({{{_RED}, alpha: 0.5, hex: '#ff0000'}})", "rgb(255 0 0 / 0.5)"),
        (
            "m.colorToCss({colorSpace: 'display-p3', components: [1, 0, 0], alpha: 1})",
            "color(display-p3 1 0 0 / 1)",
        ),
        ("m.colorLabel({components: [0, 0, 0], alpha: 0.25, hex: '#000000'})", "#000000 at 25 %"),
        ("m.dimensionToCss({value: 1.333333, unit: 'rem'})", "1.33rem"),
        ("m.dimensionPx({value: 2, unit: 'rem'})", 32),
        (
            "m.shadowToCss([{color: {components: [0, 0, 0], alpha: 1, hex: '#000000'}, "
            "offsetX: {value: 0, unit: 'px'}, offsetY: {value: 1, unit: 'px'}, "
            "blur: {value: 2, unit: 'px'}, spread: {value: 0, unit: 'px'}, inset: true}])",
            "inset 0px 1px 2px 0px #000000",
        ),
        ("m.fontFamilyToCss(['Inter', 'sans-serif'])", '"Inter", sans-serif'),
        ("m.percent(0.1234)", "12.3 %"),
        ("m.valueText(undefined)", "unresolved alias"),
    ],
)
def test_format(modules: Page, expression: str, expected: object) -> None:
    assert _call(modules, "format.js", expression) == expected


@pytest.mark.parametrize(
    ("next_path", "expected"),
    [
        ("/projects/1", "/projects/1"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("", "/"),
    ],
)
def test_login_redirect_stays_on_this_site(modules: Page, next_path: str, expected: str) -> None:
    assert _call(modules, "api.js", f"m.safeNext({json.dumps(next_path)})") == expected

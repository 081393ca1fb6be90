"""Ground truth of a rendered page, derived from the DOM records `_truth.js` reads.

Everything here is in CSS px and 8-bit sRGB. Colours are what the browser paints: a translucent
background or text colour is composited over what lies under it, and an element's opacity is
applied, so the truth is the colour a pixel shows, not the colour a stylesheet names.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import reduce
from typing import Any

import numpy as np

from benchmarks._colour import delta_e_matrix

__all__ = ["Truth", "TruthColor", "TruthShadow", "TruthText", "truth_from_dom"]

RGB8 = tuple[int, int, int]

# Share of a text line box that glyph ink covers, to weight text colours by area: for Latin text
# at normal line heights ink fills roughly a fifth of the line box (measured on DejaVu Sans
# renders of the benchmark pages: 17-23 %).
_INK_SHARE = 0.2
# Colours painting less than this many CSS px² are below what a palette is for (a 4×5 px patch).
_MIN_COLOR_AREA_PX2 = 20.0
# Truth colours closer than this CIEDE2000 are one colour (ΔE ≈ 1 is a just-noticeable difference).
_SAME_COLOR_DELTA_E = 1.0
# Distances above this are layout (centred blocks, space-between), not steps of a spacing scale.
_MAX_SPACING_PX = 128.0
# A shadow layer is visible when its colour at full strength, composited over what lies around the
# element, differs from it by at least this CIEDE2000 (two just-noticeable differences): black at
# 5 % on white passes (2.6), black at 10 % on a near-black dark theme does not (1.0).
_MIN_SHADOW_DELTA_E = 2.0
# A base unit below 3 px is no design decision (it is what any set of integers shares).
_MIN_BASE_UNIT_PX = 3
_GENERICS = ("sans-serif", "serif", "monospace", "cursive", "fantasy", "system-ui")


@dataclass(frozen=True)
class TruthColor:
    """A colour the page paints: sRGB, painted area in CSS px², and what paints it."""

    rgb: RGB8
    area_px2: float
    uses: tuple[str, ...]


@dataclass(frozen=True)
class TruthShadow:
    """One outer box-shadow layer (CSS px; colour sRGB 8-bit with alpha 0–1)."""

    x_px: float
    y_px: float
    blur_px: float
    spread_px: float
    rgb: RGB8
    alpha: float


@dataclass(frozen=True)
class TruthText:
    """One text style in use: size and line height in CSS px, numeric weight, families, usage."""

    size_px: float
    weight: float
    line_height_px: float | None
    family: str
    generic: str
    chars: int


@dataclass(frozen=True)
class Truth:
    """Everything a case is scored against.

    Parameters
    ----------
    colors : tuple of TruthColor
        Distinct painted colours (merged at CIEDE2000 ≤ 1), largest area first.
    roles : dict
        ``background`` (the canvas: root or body background), ``text`` (the body's text colour
        when text uses it, else the colour of most characters) and ``primary`` (background of the
        element the author marked ``data-role="primary"``).
    spacing_px : tuple of float
        Distinct spacing values the page shows: paddings of elements with content (inline ones
        only with a visible box), flex/grid gaps in use, and measured gaps between sibling boxes
        (all ≤ 128 px).
    spacing_any_px : tuple of float
        `spacing_px` plus declared margins: what a reported value may match to count as present.
    base_unit_px : int or None
        Greatest common divisor of the declared paddings and gaps, or None when it is below 3 px.
    radii_px : tuple of float
        Distinct visible corner radii (effective, after CSS clamping), pills excluded.
    pill : bool
        Whether some visible box is fully rounded (radius = half its short side).
    shadows : tuple of TruthShadow
        Distinct outer shadow layers of visible boxes, but for those that paint what a border would
        (`_paints_a_border`).
    texts : tuple of TruthText
        Text styles in use, most characters first.
    viewport_css : tuple of int
        Viewport width and height in CSS px.
    dpr : float
        Device pixel ratio of the render.
    """

    colors: tuple[TruthColor, ...]
    roles: dict[str, RGB8]
    spacing_px: tuple[float, ...]
    spacing_any_px: tuple[float, ...]
    base_unit_px: int | None
    radii_px: tuple[float, ...]
    pill: bool
    shadows: tuple[TruthShadow, ...]
    texts: tuple[TruthText, ...]
    viewport_css: tuple[int, int]
    dpr: float
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def font_sizes_px(self) -> tuple[float, ...]:
        """Distinct font sizes in use, ascending."""
        return tuple(sorted({t.size_px for t in self.texts}))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (see `from_json`)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Truth:
        """Rebuild a `Truth` written by `to_json`."""
        return cls(
            colors=tuple(
                TruthColor(rgb=_rgb(c["rgb"]), area_px2=c["area_px2"], uses=tuple(c["uses"]))
                for c in data["colors"]
            ),
            roles={k: _rgb(v) for k, v in data["roles"].items()},
            spacing_px=tuple(data["spacing_px"]),
            spacing_any_px=tuple(data["spacing_any_px"]),
            base_unit_px=data["base_unit_px"],
            radii_px=tuple(data["radii_px"]),
            pill=data["pill"],
            shadows=tuple(TruthShadow(**{**s, "rgb": _rgb(s["rgb"])}) for s in data["shadows"]),
            texts=tuple(TruthText(**t) for t in data["texts"]),
            viewport_css=(int(data["viewport_css"][0]), int(data["viewport_css"][1])),
            dpr=float(data["dpr"]),
            stats=dict(data.get("stats", {})),
        )


def _rgb(values: Sequence[float]) -> RGB8:
    return (int(values[0]), int(values[1]), int(values[2]))


def _over(top: Sequence[float], alpha: float, under: RGB8) -> RGB8:
    """Composite `top` at `alpha` over the opaque `under` (8-bit sRGB, as browsers blend)."""
    mixed = (alpha * t + (1.0 - alpha) * u for t, u in zip(top[:3], under, strict=True))
    r, g, b = (round(c) for c in mixed)
    return (r, g, b)


def _distinct(values: Iterable[float], *, tolerance: float = 0.5) -> tuple[float, ...]:
    out: list[float] = []
    for value in sorted(round(v * 2) / 2 for v in values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return tuple(out)


class _Page:
    """The DOM records with derived facts: effective colours, visibility, containment."""

    def __init__(self, dom: dict[str, Any]) -> None:
        self.elements: list[dict[str, Any]] = dom["elements"]
        self.width, self.height = (int(v) for v in dom["viewport"])
        self.children: dict[int, list[int]] = {}
        for el in self.elements:
            self.children.setdefault(el["parent"], []).append(el["i"])
        self.opacity: list[float] = []
        self.fill: list[RGB8] = []  # effective background colour under the element's content
        self.canvas = self._canvas()
        for el in self.elements:
            parent = el["parent"]
            under = self.fill[parent] if parent >= 0 else self.canvas
            opacity = el["opacity"] * (self.opacity[parent] if parent >= 0 else 1.0)
            self.opacity.append(opacity)
            bg = el["background"]
            alpha = bg[3] * opacity
            self.fill.append(_over(bg, alpha, under) if alpha > 0 else under)

    def _canvas(self) -> RGB8:
        # CSS 2 §14.2: the canvas takes the root's background, else the body's, else white.
        for el in self.elements[:2]:
            if el["background"][3] >= 1.0:
                return _rgb(el["background"])
        return (255, 255, 255)

    def under(self, el: dict[str, Any]) -> RGB8:
        """The effective colour behind `el` (its parent's fill)."""
        return self.fill[el["parent"]] if el["parent"] >= 0 else self.canvas

    def border_colour(self, el: dict[str, Any], side: dict[str, Any]) -> RGB8 | None:
        """The painted colour of a border side, or None when it paints nothing."""
        if side["width"] < 0.5 or side["style"] in ("none", "hidden") or side["color"][3] <= 0:
            return None
        return _over(side["color"], side["color"][3] * self.opacity[el["i"]], self.fill[el["i"]])

    def visible_box(self, el: dict[str, Any]) -> bool:
        """Whether the element's edges can be seen: own fill, a border or an outer shadow."""
        if el["tag"] in ("html", "body"):
            return False
        fill, under = self.fill[el["i"]], self.under(el)
        if max(abs(a - b) for a, b in zip(fill, under, strict=True)) > 2:
            return True
        if any(self.border_colour(el, side) is not None for side in el["border"]):
            return True
        return any(self.shadow_visible(el, s) for s in el["shadows"])

    def shadow_visible(self, el: dict[str, Any], layer: dict[str, Any]) -> bool:
        """Whether an outer shadow layer of `el` can be seen against what lies around it."""
        alpha = layer["color"][3] * self.opacity[el["i"]]
        if layer["inset"] or alpha <= 0:
            return False
        under = self.under(el)
        darkest = _over(layer["color"], alpha, under)
        return bool(delta_e_matrix([under], [darkest])[0, 0] >= _MIN_SHADOW_DELTA_E)

    def inside(self, el: dict[str, Any]) -> bool:
        """Whether the element's whole box lies in the viewport (so it can be measured)."""
        x, y, w, h = el["box"]
        return self.square_in_view(x, y, w, h)

    def square_in_view(self, x: float, y: float, dx: float, dy: float) -> bool:
        """Whether the rectangle from ``(x, y)`` to ``(x + dx, y + dy)`` lies in the viewport."""
        return all(
            -0.5 <= v <= limit + 0.5
            for v, limit in (
                (x, self.width),
                (x + dx, self.width),
                (y, self.height),
                (y + dy, self.height),
            )
        )

    def sides_in_view(self, el: dict[str, Any]) -> tuple[bool, bool, bool, bool]:
        """Per side (top, right, bottom, left): whether it and its padding lie in the viewport."""
        x, y, w, h = el["box"]
        top, right, bottom, left = el["padding"]
        across_x = x < self.width and x + w > 0
        across_y = y < self.height and y + h > 0
        return (
            across_x and y >= -0.5 and y + top <= self.height + 0.5,
            across_y and x + w <= self.width + 0.5 and x + w - right >= -0.5,
            across_x and y + h <= self.height + 0.5 and y + h - bottom >= -0.5,
            across_y and x >= -0.5 and x + left <= self.width + 0.5,
        )

    def has_content(self, el: dict[str, Any]) -> bool:
        """Whether the element shows text or visible children."""
        return el["chars"] > 0 or bool(self.children.get(el["i"]))


def _painted_areas(page: _Page) -> Counter[RGB8]:
    """Painted area in CSS px² per colour: fills and borders over a CSS-px grid, plus text ink."""
    palette: dict[RGB8, int] = {page.canvas: 0}
    grid = np.zeros((page.height, page.width), dtype=np.int32)

    def paint(colour: RGB8, x0: float, y0: float, x1: float, y1: float) -> None:
        index = palette.setdefault(colour, len(palette))
        c0, c1 = max(0, round(x0)), min(page.width, round(x1))
        r0, r1 = max(0, round(y0)), min(page.height, round(y1))
        if c1 > c0 and r1 > r0:
            grid[r0:r1, c0:c1] = index

    for el in page.elements:
        if el["tag"] in ("html", "body") or el["backgroundImage"]:
            continue
        x, y, w, h = el["box"]
        if page.fill[el["i"]] != page.under(el):
            paint(page.fill[el["i"]], x, y, x + w, y + h)
        top, right, bottom, left = el["border"]
        for side, rect in (
            (top, (x, y, x + w, y + top["width"])),
            (bottom, (x, y + h - bottom["width"], x + w, y + h)),
            (left, (x, y, x + left["width"], y + h)),
            (right, (x + w - right["width"], y, x + w, y + h)),
        ):
            colour = page.border_colour(el, side)
            if colour is not None:
                paint(colour, *rect)
    counts = np.bincount(grid.ravel(), minlength=len(palette))
    areas: Counter[RGB8] = Counter({c: float(counts[i]) for c, i in palette.items()})
    for el in page.elements:
        if el["chars"] and el["lines"]:
            colour = _over(el["color"], el["color"][3] * page.opacity[el["i"]], page.fill[el["i"]])
            areas[colour] += _INK_SHARE * sum(w * h for _, _, w, h in el["lines"])
    return areas


def _merge_colours(areas: Counter[RGB8], uses: dict[RGB8, set[str]]) -> tuple[TruthColor, ...]:
    ranked = [c for c, a in areas.most_common() if a > 0]
    if not ranked:
        return ()
    distance = delta_e_matrix(ranked, ranked)
    kept: list[int] = []
    merged_area: dict[int, float] = {}
    merged_uses: dict[int, set[str]] = {}
    for i, colour in enumerate(ranked):
        owner = next((k for k in kept if distance[i, k] <= _SAME_COLOR_DELTA_E), None)
        if owner is None:
            kept.append(i)
            merged_area[i] = 0.0
            merged_uses[i] = set()
            owner = i
        merged_area[owner] += areas[colour]
        merged_uses[owner] |= uses.get(colour, set())
    out = [
        TruthColor(
            rgb=ranked[k], area_px2=round(merged_area[k], 1), uses=tuple(sorted(merged_uses[k]))
        )
        for k in kept
        if merged_area[k] >= _MIN_COLOR_AREA_PX2
    ]
    return tuple(sorted(out, key=lambda c: -c.area_px2))


def _colour_uses(page: _Page) -> dict[RGB8, set[str]]:
    uses: dict[RGB8, set[str]] = {page.canvas: {"background"}}
    for el in page.elements:
        if page.fill[el["i"]] != page.under(el):
            uses.setdefault(page.fill[el["i"]], set()).add("background")
        for side in el["border"]:
            colour = page.border_colour(el, side)
            if colour is not None:
                uses.setdefault(colour, set()).add("border")
        if el["chars"]:
            colour = _over(el["color"], el["color"][3] * page.opacity[el["i"]], page.fill[el["i"]])
            uses.setdefault(colour, set()).add("text")
    return uses


def _roles(page: _Page) -> dict[str, RGB8]:
    # The page background is the canvas (root or body background), even where cards cover more.
    roles: dict[str, RGB8] = {"background": page.canvas}
    text_chars: Counter[RGB8] = Counter()
    for el in page.elements:
        if el["chars"]:
            colour = _over(el["color"], el["color"][3] * page.opacity[el["i"]], page.fill[el["i"]])
            text_chars[colour] += el["chars"]
    body = next((el for el in page.elements if el["tag"] == "body"), None)
    body_text = _over(body["color"], body["color"][3], page.canvas) if body else None
    if body_text is not None and text_chars[body_text] > 0:
        # The page's default text colour (inherited from body) is its text role when text uses it.
        roles["text"] = body_text
    elif text_chars:
        roles["text"] = text_chars.most_common(1)[0][0]
    primary = next((el for el in page.elements if el["role"] == "primary"), None)
    if primary is not None:
        roles["primary"] = page.fill[primary["i"]]
    return roles


def _sibling_gaps(page: _Page) -> list[float]:
    """Measured gaps between consecutive in-flow sibling boxes, CSS px."""
    gaps: list[float] = []
    for parent, kids in page.children.items():
        if parent < 0:
            continue
        container = page.elements[parent]
        if container["justify"] in ("space-between", "space-around", "space-evenly", "center"):
            continue
        boxes = [
            page.elements[k]["box"]
            for k in kids
            if page.elements[k]["position"] in ("static", "relative")
            and page.elements[k]["display"] not in ("inline", "contents", "table-cell")
            and page.inside(page.elements[k])
        ]
        for a, b in itertools.pairwise(boxes):
            ax, ay, aw, ah = a
            bx, by, bw, bh = b
            v_overlap = min(ay + ah, by + bh) - max(ay, by)
            h_overlap = min(ax + aw, bx + bw) - max(ax, bx)
            if v_overlap > 0 and bx >= ax + aw - 0.5:
                gaps.append(bx - (ax + aw))
            elif h_overlap > 0 and by >= ay + ah - 0.5:
                gaps.append(by - (ay + ah))
    return [g for g in gaps if 0.5 < g <= _MAX_SPACING_PX]


def _declared_spacing(page: _Page) -> tuple[list[float], list[float]]:
    """(paddings of visible boxes + flex/grid gaps in use, declared margins), CSS px."""
    declared: list[float] = []
    margins: list[float] = []
    for el in page.elements:
        # Paddings show as the inset of content from a visible box, or (on invisible wrappers)
        # as section margins; an inline element's padding shows only with its own box. A box
        # running past the viewport (a page wrapper on a long page) still shows the paddings of
        # its sides inside it.
        shows = page.visible_box(el) or (
            el["display"] != "inline" and el["tag"] not in ("html", "body")
        )
        if shows and page.has_content(el):
            seen = page.sides_in_view(el)
            declared.extend(
                p for p, side in zip(el["padding"], seen, strict=True) if side and p and p > 0.5
            )
        if not page.inside(el):
            continue
        kids = [page.elements[k] for k in page.children.get(el["i"], [])]
        if len(kids) >= 2 and ("flex" in el["display"] or "grid" in el["display"]):
            row = "flex" in el["display"] and not el["flexDirection"].startswith("column")
            if "grid" in el["display"]:
                row_axis = any(a["box"][1] == b["box"][1] for a, b in itertools.pairwise(kids))
                col_axis = any(a["box"][0] == b["box"][0] for a, b in itertools.pairwise(kids))
            else:
                row_axis, col_axis = row, not row
            if row_axis and el["columnGap"]:
                declared.append(el["columnGap"])
            if col_axis and el["rowGap"]:
                declared.append(el["rowGap"])
        if el["tag"] not in ("html", "body"):
            margins.extend(m for m in el["margin"] if m and m > 0.5)
    return [d for d in declared if d <= _MAX_SPACING_PX], [
        m for m in margins if m <= _MAX_SPACING_PX
    ]


def _base_unit(values: Sequence[float]) -> int | None:
    integers = [round(v) for v in values if abs(v - round(v)) < 0.01 and round(v) > 0]
    if not integers or len(integers) < len(values):
        return None
    unit = reduce(math.gcd, integers)
    return unit if unit >= _MIN_BASE_UNIT_PX else None


def _radii(page: _Page) -> tuple[tuple[float, ...], bool]:
    """Corner radii of visible boxes, per corner in view (a box the viewport cuts shows the
    corners on its visible side), and whether some box is a pill."""
    radii: list[float] = []
    pill = False
    for el in page.elements:
        if not page.visible_box(el):
            continue
        x, y, w, h = el["box"]
        half = min(w, h) / 2.0
        # Corners in CSS order: top-left, top-right, bottom-right, bottom-left.
        points = ((x, y, 1, 1), (x + w, y, -1, 1), (x + w, y + h, -1, -1), (x, y + h, 1, -1))
        for corner, (cx, cy, sx, sy) in zip(el["radii"], points, strict=True):
            # The browser scales radii down to fit the box (999px paints as half its height).
            arc = min(corner, half)
            if corner <= 0.5 or not page.square_in_view(cx, cy, sx * arc, sy * arc):
                continue
            if corner >= half - 0.5:
                pill = True
            else:
                radii.append(corner)
    return _distinct(radii), pill


def _paints_a_border(el: dict[str, Any], layer: dict[str, Any]) -> bool:
    """Whether a shadow layer paints exactly the pixels some border would.

    A ring (no blur, no offset) is a border all round. A hard layer (no blur, no spread) moved
    along one axis only, under a box with square corners, shows as a solid strip as long as the
    box's side on the side it moves to: a border that many px wide on a box that much larger
    (Bulma's navbar, ``0 2px 0 0``). Neither can be told from a border in the pixels.
    """
    if layer["blur"] != 0:
        return False
    if layer["x"] == 0 and layer["y"] == 0:
        return True
    one_axis = layer["x"] == 0 or layer["y"] == 0
    return one_axis and layer["spread"] == 0 and not any(r > 0 for r in el["radii"])


def _shadows(page: _Page) -> tuple[TruthShadow, ...]:
    seen: dict[tuple[float, ...], TruthShadow] = {}
    for el in page.elements:
        if not page.visible_box(el):
            continue
        for s in el["shadows"]:
            alpha = s["color"][3] * page.opacity[el["i"]]
            if _paints_a_border(el, s) or not page.shadow_visible(el, s):
                continue
            shadow = TruthShadow(
                x_px=s["x"],
                y_px=s["y"],
                blur_px=s["blur"],
                spread_px=s["spread"],
                rgb=_rgb(s["color"]),
                alpha=round(alpha, 3),
            )
            key = (
                shadow.x_px,
                shadow.y_px,
                shadow.blur_px,
                shadow.spread_px,
                *shadow.rgb,
                shadow.alpha,
            )
            seen.setdefault(key, shadow)
    return tuple(seen.values())


def _generic(family: str) -> str:
    names = [f.strip().strip('"').lower() for f in family.split(",")]
    for name in reversed(names):
        if name in _GENERICS:
            return "sans-serif" if name == "system-ui" else name
    first = names[0] if names else ""
    if "mono" in first or "courier" in first:
        return "monospace"
    return "serif" if "serif" in first and "sans" not in first else "sans-serif"


def _texts(page: _Page) -> tuple[TruthText, ...]:
    usage: Counter[tuple[float, float, float | None, str]] = Counter()
    for el in page.elements:
        if el["chars"] and el["lines"] and el["fontSize"]:
            key = (el["fontSize"], el["fontWeight"], el["lineHeight"], el["fontFamily"])
            usage[key] += el["chars"]
    return tuple(
        TruthText(
            size_px=size,
            weight=weight,
            line_height_px=line,
            family=family,
            generic=_generic(family),
            chars=chars,
        )
        for (size, weight, line, family), chars in usage.most_common()
    )


def truth_from_dom(dom: dict[str, Any]) -> Truth:
    """Derive the `Truth` of a page from its `_truth.js` records."""
    page = _Page(dom)
    colors = _merge_colours(_painted_areas(page), _colour_uses(page))
    measured = _sibling_gaps(page)
    declared, margins = _declared_spacing(page)
    spacing = _distinct([*declared, *measured])
    radii, pill = _radii(page)
    return Truth(
        colors=colors,
        roles=_roles(page),
        spacing_px=spacing,
        spacing_any_px=_distinct([*spacing, *margins]),
        base_unit_px=_base_unit(declared),
        radii_px=radii,
        pill=pill,
        shadows=_shadows(page),
        texts=_texts(page),
        viewport_css=(page.width, page.height),
        dpr=float(dom["dpr"]),
        stats={"elements": len(page.elements)},
    )

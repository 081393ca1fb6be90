"""Human colour names from OKLCH: hue families by hue angle, greys named as greys.

Names are decided in OKLCH because its hue angle matches perceived hue far better than HSL's
(HSL puts sRGB blue and violet next to each other and calls low-saturation greys by a hue). The
rules, in order:

1. chroma below `GREY_MAX_CHROMA` → a grey, named by lightness (``white``, ``off-white`` …
   ``black``);
2. warm, dark, moderately chromatic colours → ``brown``;
3. chroma below `TINTED_GREY_MAX_CHROMA` → a tinted grey, ``<family>-grey`` (``blue-grey``);
4. otherwise the hue family of `HUE_FAMILIES`, with ``light-``/``dark-`` by lightness.

Every name is kebab-case ASCII, so it is a legal DTCG token name.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "GREY_MAX_CHROMA",
    "HUE_FAMILIES",
    "TINTED_GREY_MAX_CHROMA",
    "color_name",
    "hue_family",
]

#: Below this OKLCH chroma a colour reads as a neutral grey (sRGB #6b7280 has 0.023 and looks
#: slightly cool but grey; 0.02 keeps pure and near-pure greys together).
GREY_MAX_CHROMA = 0.02
#: Below this chroma a colour is a tinted grey (Tailwind's slate #64748b has 0.041).
TINTED_GREY_MAX_CHROMA = 0.05

#: ``(start_deg, name)``: a hue h belongs to the last family whose start is ≤ h. Boundaries sit
#: between the OKLCH hues of the colours people agree on: red #ff0000 29°, orange #ffa500 71°,
#: yellow #ffff00 110°, lime #84cc16 131°, green #00ff00 142°, teal #008080 195°, cyan #06b6d4
#: 215°, sky #0ea5e9 237°, blue #0000ff 264°, indigo #6366f1 277°, violet #8b5cf6 293°, purple
#: #a855f7 304°, magenta #ff00ff 328°, pink #ec4899 354°.
HUE_FAMILIES: tuple[tuple[float, str], ...] = (
    (0.0, "pink"),
    (12.0, "red"),
    (40.0, "orange"),
    (75.0, "yellow"),
    (118.0, "lime"),
    (138.0, "green"),
    (172.0, "teal"),
    (200.0, "cyan"),
    (228.0, "sky"),
    (248.0, "blue"),
    (272.0, "indigo"),
    (287.0, "violet"),
    (300.0, "purple"),
    (318.0, "magenta"),
    (345.0, "pink"),
)

# Grey scale by OKLCH lightness: (minimum L, name), first match wins. #fdfdfd (L 0.992) is
# white; #f9fafb and #f8fafc (L 0.985) are the off-whites of page backgrounds, kept apart from
# white so the two read differently in a palette; #808080 (L 0.60) is the middle grey.
_GREY_NAMES: tuple[tuple[float, str], ...] = (
    (0.99, "white"),
    (0.975, "off-white"),
    (0.80, "light-grey"),
    (0.50, "grey"),
    (0.25, "dark-grey"),
    (0.0, "black"),
)
# Brown: a dark orange. Hues of orange-ish browns (#8b4513 51°, #78350f 46°, #6f4e37 56°).
_BROWN_HUE_DEG = (20.0, 75.0)
_BROWN_MAX_L = 0.6  # lighter warm colours read as tan/orange, not brown
_BROWN_CHROMA = (0.035, 0.14)  # more chroma than a warm grey, less than a clear orange/red
_DARK_BROWN_MAX_L = 0.34  # espresso/chocolate browns (#3b2314 has L 0.29)
# Lightness qualifiers for chromatic colours. Pastels (light with modest chroma) are "light-";
# saturated yellows and cyans are light by nature and keep their plain name.
_LIGHT_MIN_L = 0.85
_LIGHT_MAX_CHROMA = 0.15
_DARK_MAX_L = 0.40
# Some families change name with lightness: a dark magenta is what people call purple
# (#800080, L 0.42) and a light teal is cyan (#00ffff, L 0.91).
_DARK_RENAMES = {"magenta": (0.5, "purple")}
_LIGHT_RENAMES = {"teal": (0.8, "cyan")}
# Tinted greys at the ends of the lightness scale are tinted whites and blacks.
_TINTED_WHITE_MIN_L = 0.95
_TINTED_BLACK_MAX_L = 0.2


def _check_oklch(oklch: Sequence[float]) -> tuple[float, float, float]:
    if len(oklch) != 3:
        raise ValueError(f"oklch must be (L, C, h), got {oklch!r}")
    lightness, chroma, hue = (float(v) for v in oklch)
    return lightness, max(chroma, 0.0), hue % 360.0


def _hue_band(hue_deg: float) -> str:
    name = HUE_FAMILIES[0][1]
    for start, family in HUE_FAMILIES:
        if hue_deg >= start:
            name = family
    return name


def _is_brown(lightness: float, chroma: float, hue_deg: float) -> bool:
    return (
        _BROWN_HUE_DEG[0] <= hue_deg < _BROWN_HUE_DEG[1]
        and lightness < _BROWN_MAX_L
        and _BROWN_CHROMA[0] <= chroma < _BROWN_CHROMA[1]
    )


def _chromatic_family(lightness: float, hue_deg: float) -> str:
    family = _hue_band(hue_deg)
    if family in _DARK_RENAMES and lightness < _DARK_RENAMES[family][0]:
        family = _DARK_RENAMES[family][1]
    if family in _LIGHT_RENAMES and lightness >= _LIGHT_RENAMES[family][0]:
        family = _LIGHT_RENAMES[family][1]
    return family


def hue_family(oklch: Sequence[float]) -> str:
    """The one-word family of a colour: ``grey``, ``brown`` or a hue name of `HUE_FAMILIES`.

    Tinted greys belong to ``grey``. Used to name tonal ramps (``color.blue.500``).

    Parameters
    ----------
    oklch : sequence of 3 floats
        ``(L, C, h)``: lightness 0–1, chroma ≥ 0, hue in degrees.

    Returns
    -------
    str
        The family name.
    """
    lightness, chroma, hue = _check_oklch(oklch)
    if chroma < GREY_MAX_CHROMA:
        return "grey"
    if _is_brown(lightness, chroma, hue):
        return "brown"
    if chroma < TINTED_GREY_MAX_CHROMA:
        return "grey"
    return _chromatic_family(lightness, hue)


def color_name(oklch: Sequence[float]) -> str:
    """A short kebab-case name a designer would use: ``light-grey``, ``blue-grey``, ``dark-red``.

    Parameters
    ----------
    oklch : sequence of 3 floats
        ``(L, C, h)``: lightness 0–1, chroma ≥ 0, hue in degrees.

    Returns
    -------
    str
        The name; several colours may share one (callers disambiguate).

    Examples
    --------
    >>> color_name((0.60, 0.0, 0.0))
    'grey'
    >>> color_name((0.62, 0.19, 259.8))  # #3b82f6
    'blue'
    """
    lightness, chroma, hue = _check_oklch(oklch)
    if chroma < GREY_MAX_CHROMA:
        return next(name for floor, name in _GREY_NAMES if lightness >= floor)
    if _is_brown(lightness, chroma, hue):
        return "dark-brown" if lightness < _DARK_BROWN_MAX_L else "brown"
    if chroma < TINTED_GREY_MAX_CHROMA:
        tint = _hue_band(hue)
        if lightness >= _TINTED_WHITE_MIN_L:
            return f"{tint}-white"
        if lightness < _TINTED_BLACK_MAX_L:
            return f"{tint}-black"
        prefix = (
            "light-" if lightness >= _LIGHT_MIN_L else "dark-" if lightness < _DARK_MAX_L else ""
        )
        return f"{prefix}{tint}-grey"
    family = _chromatic_family(lightness, hue)
    if lightness >= _LIGHT_MIN_L and chroma < _LIGHT_MAX_CHROMA:
        return f"light-{family}"
    if lightness < _DARK_MAX_L:
        return f"dark-{family}"
    return family

"""Contrast of a text colour on its background: WCAG 2.1 ratio and APCA Lc, chosen by name.

Two strategies are built in, each a `ContrastMethod` with a ``NAME``:

- ``"wcag21"`` — the WCAG 2.1 contrast ratio, 1 to 21, symmetric in its arguments;
- ``"apca"`` — APCA Lc (Accessible Perceptual Contrast Algorithm, constants 0.0.98G-4g), about
  −108 to 106, signed by polarity: positive for dark text on a light background.

A `ContrastRegistry` maps names to methods; `default_contrast_registry` builds one holding both,
and `contrast` looks a method up by name. Nothing registers itself on import.

Colours are 8-bit sRGB code values ``(r, g, b)`` in 0–255.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import ClassVar, TypeAlias

from copy_that.errors import OptionsError

__all__ = [
    "WCAG_AA_LARGE_TEXT",
    "WCAG_AA_NORMAL_TEXT",
    "ApcaContrast",
    "ContrastMethod",
    "ContrastRegistry",
    "Srgb8",
    "Wcag21Contrast",
    "apca_lc",
    "contrast",
    "default_contrast_registry",
    "relative_luminance",
    "wcag21_ratio",
]

#: An 8-bit sRGB colour ``(r, g, b)``, each 0–255.
Srgb8: TypeAlias = tuple[int, int, int]

#: WCAG 2.1 success criterion 1.4.3 (AA): minimum ratio for normal-size text.
WCAG_AA_NORMAL_TEXT = 4.5
#: WCAG 2.1 success criterion 1.4.3 (AA): minimum ratio for large text (≥ 18 pt, or 14 pt bold).
WCAG_AA_LARGE_TEXT = 3.0

# WCAG 2.1 relative luminance: the sRGB decoding threshold as the WCAG 2.1 text writes it. No
# 8-bit code value falls between 0.03928 and IEC 61966-2-1's 0.04045, so both give equal results.
_WCAG_LINEAR_THRESHOLD = 0.03928
# WCAG 2.1 contrast ratio: (L1 + 0.05) / (L2 + 0.05), the 0.05 modelling viewing flare.
_WCAG_FLARE = 0.05

# APCA 0.0.98G-4g constants, as published by Andrew Somers (Myndex, SAPC-APCA / apca-w3).
_APCA_TRC = 2.4  # simple power curve standing in for the display's tone response
_APCA_R, _APCA_G, _APCA_B = 0.2126729, 0.7151522, 0.0721750  # sRGB → screen luminance Ys
_APCA_NORM_BG, _APCA_NORM_TXT = 0.56, 0.57  # exponents, dark text on a light background
_APCA_REV_TXT, _APCA_REV_BG = 0.62, 0.65  # exponents, light text on a dark background
_APCA_BLACK_THRESHOLD, _APCA_BLACK_CLAMP = 0.022, 1.414  # soft clamp of near-black luminance
_APCA_SCALE = 1.14  # same scale for both polarities in 0.0.98G-4g
_APCA_OFFSET = 0.027  # low-contrast offset subtracted after scaling, both polarities
_APCA_DELTA_Y_MIN = 0.0005  # luminance difference below which contrast is zero
_APCA_LOW_CLIP = 0.1  # |SAPC| below this is reported as zero (no usable contrast)


def _check_srgb8(color: Sequence[int], name: str) -> Srgb8:
    """Return `color` as an ``Srgb8`` tuple, or raise `OptionsError` naming the parameter."""
    values = tuple(color)
    if len(values) != 3 or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 255 for v in values
    ):
        raise OptionsError(
            f"{name} must be three 8-bit sRGB integers (r, g, b) in 0–255, got {color!r}",
            option=name,
        )
    return (values[0], values[1], values[2])


def relative_luminance(color: Sequence[int]) -> float:
    """Relative luminance of an sRGB colour as WCAG 2.1 defines it.

    Parameters
    ----------
    color : sequence of 3 ints
        8-bit sRGB code values.

    Returns
    -------
    float
        Luminance from 0 (black) to 1 (white).

    Raises
    ------
    OptionsError
        `color` is not three integers in 0–255.

    Notes
    -----
    WCAG 2.1, definition "relative luminance": Rec. 709 weights on linearised sRGB.
    """
    r, g, b = (
        c / 12.92 if c <= _WCAG_LINEAR_THRESHOLD else ((c + 0.055) / 1.055) ** 2.4
        for c in (v / 255.0 for v in _check_srgb8(color, "color"))
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def wcag21_ratio(text: Sequence[int], background: Sequence[int]) -> float:
    """WCAG 2.1 contrast ratio between two colours (order does not matter).

    Parameters
    ----------
    text, background : sequence of 3 ints
        8-bit sRGB code values.

    Returns
    -------
    float
        Ratio from 1 (no contrast) to 21 (black on white).

    Raises
    ------
    OptionsError
        A colour is not three integers in 0–255.

    Notes
    -----
    WCAG 2.1, definition "contrast ratio": ``(L1 + 0.05) / (L2 + 0.05)`` with L1 the lighter.
    """
    lum_text = relative_luminance(_check_srgb8(text, "text"))
    lum_background = relative_luminance(_check_srgb8(background, "background"))
    lighter, darker = max(lum_text, lum_background), min(lum_text, lum_background)
    return (lighter + _WCAG_FLARE) / (darker + _WCAG_FLARE)


def _apca_luminance(color: Srgb8) -> float:
    """APCA screen luminance Ys with the soft black clamp applied."""
    r, g, b = (math.pow(v / 255.0, _APCA_TRC) for v in color)
    y = _APCA_R * r + _APCA_G * g + _APCA_B * b
    if y < _APCA_BLACK_THRESHOLD:
        y += math.pow(_APCA_BLACK_THRESHOLD - y, _APCA_BLACK_CLAMP)
    return y


def apca_lc(text: Sequence[int], background: Sequence[int]) -> float:
    """APCA lightness contrast Lc of `text` on `background` (order matters).

    Parameters
    ----------
    text, background : sequence of 3 ints
        8-bit sRGB code values of the text and of what is behind it.

    Returns
    -------
    float
        Lc, positive for dark text on a light background (black on white ≈ 106), negative for
        light text on a dark background (white on black ≈ −108), 0 when the contrast is below
        APCA's low clip.

    Raises
    ------
    OptionsError
        A colour is not three integers in 0–255.

    Notes
    -----
    APCA 0.0.98G-4g ("SA98G") as published by Andrew Somers, Myndex Research: the SAPC-APCA
    repository README and the apca-w3 reference implementation. Steps: estimate screen
    luminance with a 2.4 power curve, soft-clamp near-black, raise to polarity-dependent
    exponents, scale, clip low contrast, subtract the offset. Implemented here from that
    published formula.
    """
    y_text = _apca_luminance(_check_srgb8(text, "text"))
    y_background = _apca_luminance(_check_srgb8(background, "background"))
    if abs(y_background - y_text) < _APCA_DELTA_Y_MIN:
        return 0.0
    if y_background > y_text:
        sapc = (y_background**_APCA_NORM_BG - y_text**_APCA_NORM_TXT) * _APCA_SCALE
        lc = 0.0 if sapc < _APCA_LOW_CLIP else sapc - _APCA_OFFSET
    else:
        sapc = (y_background**_APCA_REV_BG - y_text**_APCA_REV_TXT) * _APCA_SCALE
        lc = 0.0 if sapc > -_APCA_LOW_CLIP else sapc + _APCA_OFFSET
    return lc * 100.0


class ContrastMethod(ABC):
    """A way of measuring contrast, registered under its ``NAME``."""

    NAME: ClassVar[str]

    @abstractmethod
    def contrast(self, text: Srgb8, background: Srgb8) -> float:
        """Contrast of `text` on `background` (8-bit sRGB), in the method's own units."""


class Wcag21Contrast(ContrastMethod):
    """WCAG 2.1 contrast ratio (1–21); see `wcag21_ratio`."""

    NAME = "wcag21"

    def contrast(self, text: Srgb8, background: Srgb8) -> float:
        """See `wcag21_ratio`."""
        return wcag21_ratio(text, background)


class ApcaContrast(ContrastMethod):
    """APCA 0.0.98G-4g lightness contrast Lc (signed); see `apca_lc`."""

    NAME = "apca"

    def contrast(self, text: Srgb8, background: Srgb8) -> float:
        """See `apca_lc`."""
        return apca_lc(text, background)


class ContrastRegistry:
    """Contrast methods by name.

    Parameters
    ----------
    methods : iterable of ContrastMethod, optional
        Methods to register at once, in order.
    """

    def __init__(self, methods: Iterable[ContrastMethod] = ()) -> None:
        self._methods: dict[str, ContrastMethod] = {}
        for method in methods:
            self.register(method)

    def register(self, method: ContrastMethod, *, overwrite: bool = False) -> None:
        """Add `method` under its ``NAME``.

        Raises
        ------
        TypeError
            `method` is not a `ContrastMethod`.
        OptionsError
            A method is already registered under that name and `overwrite` is false.
        """
        if not isinstance(method, ContrastMethod):
            raise TypeError(f"expected a ContrastMethod, got {type(method).__name__}")
        if method.NAME in self._methods and not overwrite:
            raise OptionsError(
                f"a contrast method named {method.NAME!r} is already registered; "
                "pass overwrite=True to replace it",
                option="method",
            )
        self._methods[method.NAME] = method

    def deregister(self, name: str) -> None:
        """Remove the method registered under `name`; raise `OptionsError` if there is none."""
        self.get(name)
        del self._methods[name]

    def get(self, name: str) -> ContrastMethod:
        """The method registered under `name`.

        Raises
        ------
        OptionsError
            No method has that name; the message lists the names there are.
        """
        try:
            return self._methods[name]
        except KeyError:
            known = ", ".join(self.names) or "(none registered)"
            raise OptionsError(
                f"unknown contrast method {name!r}; choose one of: {known}", option="method"
            ) from None

    @property
    def names(self) -> tuple[str, ...]:
        """Registered names, sorted."""
        return tuple(sorted(self._methods))


def default_contrast_registry() -> ContrastRegistry:
    """A new registry holding the built-in methods ``"apca"`` and ``"wcag21"``."""
    return ContrastRegistry([ApcaContrast(), Wcag21Contrast()])


def contrast(
    text: Sequence[int],
    background: Sequence[int],
    *,
    method: str = "wcag21",
    registry: ContrastRegistry | None = None,
) -> float:
    """Contrast of `text` on `background` by the method named `method`.

    Parameters
    ----------
    text, background : sequence of 3 ints
        8-bit sRGB code values.
    method : str
        A registered method name: ``"wcag21"`` (ratio 1–21) or ``"apca"`` (Lc, signed).
    registry : ContrastRegistry, optional
        Where to look `method` up; the built-in methods when omitted.

    Returns
    -------
    float
        The contrast in the method's units.

    Raises
    ------
    OptionsError
        Unknown `method`, or a colour that is not three integers in 0–255.
    """
    chosen = (registry or default_contrast_registry()).get(method)
    return chosen.contrast(_check_srgb8(text, "text"), _check_srgb8(background, "background"))

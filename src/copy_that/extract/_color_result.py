"""What colour extraction returns: palette colours, contrast pairs, ramps and the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from copy_that.colorimetry import TonalRamp
from copy_that.extract._contribution import Contribution
from copy_that.tokens.model import Box

__all__ = ["ColorRamp", "ColorResult", "ContrastPair", "PaletteColor"]


@dataclass(frozen=True)
class PaletteColor:
    """One palette colour with its evidence.

    Parameters
    ----------
    name : str
        Unique kebab-case name within the palette (``blue``, ``light-grey-2``).
    srgb8 : tuple of 3 ints
        8-bit sRGB.
    oklch : tuple of 3 floats
        OKLCH ``(L, C, h)``: lightness 0–1, chroma, hue in degrees.
    share : float
        Fraction (0–1) of the image's opaque pixels that have this colour.
    pixel_count : int
        Those pixels.
    evidence_px : int
        Pixels behind the measurement: flat pixels for UI colours, sampled pixels for clusters.
    usage : {"area", "line", "text", "photo"}
        How the colour is mostly used: fills, thin long lines, text strokes, or photo regions.
    boxes : tuple of Box
        Where it was seen, ``(x, y, w, h)`` in image px.
    points : tuple of (x, y)
        Sample locations inside it, image px.
    confidence : float
        0–1, from the amount and purity of the evidence.
    roles : tuple of str
        Roles this colour holds (see `ColorResult.roles`).
    source : {"flat", "cluster"}
        Found as a flat colour or as a photo cluster.
    """

    name: str
    srgb8: tuple[int, int, int]
    oklch: tuple[float, float, float]
    share: float
    pixel_count: int
    evidence_px: int
    usage: Literal["area", "line", "text", "photo"]
    boxes: tuple[Box, ...]
    points: tuple[tuple[int, int], ...]
    confidence: float
    roles: tuple[str, ...]
    source: Literal["flat", "cluster"]

    @property
    def hex(self) -> str:
        """``#rrggbb``."""
        return "#{:02x}{:02x}{:02x}".format(*self.srgb8)


@dataclass(frozen=True)
class ContrastPair:
    """A text colour seen written on a paper colour, with its contrast.

    Parameters
    ----------
    text, background : int
        Palette indices.
    text_px : int
        Stroke pixels of the text on that background (evidence).
    contrast_ratio : float
        WCAG 2.1 contrast ratio, 1–21.
    apca_lc : float
        APCA 0.0.98G-4g lightness contrast (signed; positive for dark text on light).
    passes_aa : bool
        Ratio ≥ 4.5 (WCAG 2.1 SC 1.4.3 for normal text).
    passes_aa_large : bool
        Ratio ≥ 3.0 (the same criterion for large text).
    """

    text: int
    background: int
    text_px: int
    contrast_ratio: float
    apca_lc: float
    passes_aa: bool
    passes_aa_large: bool


@dataclass(frozen=True)
class ColorRamp:
    """A 50–950 tonal ramp of a role's colour.

    Parameters
    ----------
    role : str
        ``primary``, ``secondary``, ``accent`` or ``neutral``.
    name : str
        Group name in the token document: the colour's hue family (``blue``), ``neutral`` for
        the neutral ramp, suffixed when two ramps share a family.
    source : int
        Palette index of the colour the ramp is built around.
    ramp : TonalRamp
        The steps.
    """

    role: str
    name: str
    source: int
    ramp: TonalRamp


@dataclass(frozen=True)
class ColorResult:
    """The colours of one image.

    Parameters
    ----------
    palette : tuple of PaletteColor
        At most ``max_colors`` colours, flat colours first, then by share.
    roles : mapping of str to int
        Role → palette index, only for roles the image shows.
    role_confidence : mapping of str to float
        Role → confidence (0–1) of that assignment.
    contrast : tuple of ContrastPair
        Every text/background pair found in the image, most evidence first.
    ramps : tuple of ColorRamp
        Ramps for primary, secondary, accent (when present) and neutral.
    width_px, height_px : int
        Size of the image.
    photo : bool
        Whether part of the palette came from photo clustering.
    role_reasons : mapping of str to str
        Role → the evidence behind it, in words ("covers 43% of the image edge").
    """

    palette: tuple[PaletteColor, ...]
    roles: Mapping[str, int]
    role_confidence: Mapping[str, float]
    contrast: tuple[ContrastPair, ...]
    ramps: tuple[ColorRamp, ...]
    width_px: int
    height_px: int
    photo: bool = False
    role_reasons: Mapping[str, str] = field(default_factory=dict, repr=False)

    def contribution(self, image_id: str) -> Contribution:
        """Tokens for this image: palette, ramps, role aliases and the contrast report.

        Parameters
        ----------
        image_id : str
            Id of the source image (`copy_that.imaging.Image.id`), cited as evidence.

        Returns
        -------
        Contribution
            ``color.palette.<name>``, ``color.<family>.<50..950>``, ``color.<role>`` aliases, and
            group info with the contrast report under ``$extensions["com.copy-that"]``.
        """
        from copy_that.extract._color_tokens import color_contribution

        return color_contribution(self, image_id)

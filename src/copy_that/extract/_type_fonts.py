"""The font faces available to the process, with the vertical metrics and class of each.

Faces are found by walking the usual font folders (or the folders the caller names) for TrueType
and OpenType files; each is opened once with Pillow's FreeType binding and measured from its own
glyph outlines at a large size, so the ratios are exact to a tenth of a percent.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

from PIL import ImageFont

__all__ = ["DEFAULT_FONT_DIRS", "FontFace", "Generic", "system_faces"]

Generic: TypeAlias = Literal["sans-serif", "serif", "monospace", "display"]

#: Folders searched for fonts when the caller names none (Debian/Ubuntu, macOS, per-user).
DEFAULT_FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    str(Path.home() / ".fonts"),
    str(Path.home() / ".local" / "share" / "fonts"),
)

# Size the faces are measured at, px: large enough that one pixel is 0.1 % of the em.
_MEASURE_PX = 1000
# Fonts per folder tree read at most: a designer's machine with thousands of fonts would make the
# first call slow, and the candidates past this add little.
_MAX_FACES = 200
_EXTENSIONS = (".ttf", ".otf", ".ttc")
# Faces left out: slanted and condensed variants (CSS selects them with font-style and
# font-stretch, which Copy That does not measure) and non-text fonts.
_SKIPPED_WORDS = (
    "italic", "oblique", "condensed", "narrow", "expanded", "math", "symbol", "emoji",
)  # fmt: skip
# Words in style names and their CSS weights (OpenType usWeightClass names).
_WEIGHT_WORDS = (
    ("thin", 100),
    ("hairline", 100),
    ("extralight", 200),
    ("ultralight", 200),
    ("semilight", 350),
    ("light", 300),
    ("book", 400),
    ("regular", 400),
    ("normal", 400),
    ("roman", 400),
    ("medium", 500),
    ("semibold", 600),
    ("demibold", 600),
    ("extrabold", 800),
    ("ultrabold", 800),
    ("bold", 700),
    ("black", 900),
    ("heavy", 900),
)
# Family-name words that mark a script or display face (there is no outline test for them).
_DISPLAY_WORDS = ("script", "hand", "brush", "chancery", "comic", "display", "decorative")
# A serif foot: the bottom of "l" (or "I") is at least this many times wider than its stem.
_SERIF_FOOT_RATIO = 1.5


@dataclass(frozen=True)
class FontFace:
    """One installed font face.

    Parameters
    ----------
    path : str
        The font file.
    family : str
        Family name as the font names it (``"DejaVu Sans"``).
    style : str
        Style name (``"Bold"``, ``"Book"``).
    weight : int
        CSS weight 100–900 read from the style name.
    generic : Generic
        CSS generic family the face belongs to.
    x_height, cap_height, ascender, descender : float
        Heights of "x", "H", "d" above and "p" below the baseline, in em.
    line_height : float
        The face's ``normal`` line height in em (ascent plus descent).
    """

    path: str
    family: str
    style: str
    weight: int
    generic: Generic
    x_height: float
    cap_height: float
    ascender: float
    descender: float
    line_height: float


def system_faces(font_dirs: tuple[str, ...] = DEFAULT_FONT_DIRS) -> tuple[FontFace, ...]:
    """Upright Latin text faces found under `font_dirs`, sorted by family then weight.

    Parameters
    ----------
    font_dirs : tuple of str
        Folders searched recursively; missing folders are skipped.

    Returns
    -------
    tuple of FontFace
        Italic, oblique and condensed faces, symbol and math fonts and files Pillow cannot
        read are left out.
        The result is cached per `font_dirs` for the life of the process (fonts installed
        afterwards are not seen until restart).
    """
    return _faces(tuple(font_dirs))


@functools.lru_cache(maxsize=8)
def _faces(font_dirs: tuple[str, ...]) -> tuple[FontFace, ...]:
    faces: list[FontFace] = []
    seen: set[tuple[str, str]] = set()
    for path in _font_files(font_dirs):
        face = _read_face(path)
        if face is None or (face.family, face.style) in seen:
            continue
        seen.add((face.family, face.style))
        faces.append(face)
    faces.sort(key=lambda f: (f.family, f.weight, f.style))
    return tuple(faces)


def _font_files(font_dirs: tuple[str, ...]) -> list[str]:
    files: list[str] = []
    for root in font_dirs:
        if not os.path.isdir(root):
            continue
        for folder, _, names in sorted(os.walk(root)):
            files.extend(
                os.path.join(folder, n) for n in sorted(names) if n.lower().endswith(_EXTENSIONS)
            )
            if len(files) >= _MAX_FACES:
                return files[:_MAX_FACES]
    return files


def _read_face(path: str) -> FontFace | None:
    try:
        font = ImageFont.truetype(path, _MEASURE_PX)
    except OSError:
        return None
    family, style = (name or "" for name in font.getname())
    lowered = f"{family} {style}".lower()
    if any(word in lowered for word in _SKIPPED_WORDS):
        return None
    heights = {ch: _height(font, ch) for ch in "xHdp"}
    if any(value is None for value in heights.values()):
        return None
    x_height, cap, asc = (heights[c] or (0, 0) for c in "xHd")
    ascent, descent = font.getmetrics()
    return FontFace(
        path=path,
        family=family,
        style=style,
        weight=_weight(style),
        generic=_generic(font, family),
        x_height=x_height[0] / _MEASURE_PX,
        cap_height=cap[0] / _MEASURE_PX,
        ascender=asc[0] / _MEASURE_PX,
        descender=(heights["p"] or (0, 0))[1] / _MEASURE_PX,
        line_height=(ascent + descent) / _MEASURE_PX,
    )


def _height(font: ImageFont.FreeTypeFont, char: str) -> tuple[float, float] | None:
    """Extent of `char` above and below the baseline, px; None when the face lacks it."""
    left, top, right, bottom = font.getbbox(char, anchor="ls")
    if right <= left or bottom <= top:
        return None
    return float(-top), float(bottom)


def _weight(style: str) -> int:
    compact = style.lower().replace(" ", "").replace("-", "")
    for word, weight in _WEIGHT_WORDS:
        if word in compact:
            return weight
    return 400


def _generic(font: ImageFont.FreeTypeFont, family: str) -> Generic:
    lowered = family.lower()
    if any(word in lowered for word in _DISPLAY_WORDS):
        return "display"
    if font.getlength("i") == font.getlength("M"):
        return "monospace"
    if "sans" in lowered:
        return "sans-serif"
    if "serif" in lowered:
        return "serif"
    return "serif" if _has_feet(font) else "sans-serif"


def _has_feet(font: ImageFont.FreeTypeFont) -> bool:
    """Whether "l" (or "I") widens at the baseline: a serif."""
    for char in "lI":
        mask = font.getmask(char)
        width, height = mask.size
        if width == 0 or height < 8:
            continue
        rows = [
            sum(1 for col in range(width) if mask.getpixel((col, row)) > 127)
            for row in (height // 2, height - 2)
        ]
        if rows[0] > 0:
            return rows[1] >= _SERIF_FOOT_RATIO * rows[0]
    return False

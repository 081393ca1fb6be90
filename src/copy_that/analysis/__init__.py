"""Layout analysis: the elements of an image, their boxes and containment tree, text lines, DPR.

`analyse` runs once per image; every layout extractor (spacing, radii, shadows, borders,
typography) reads the `Layout` it returns. Boxes are ``(x, y, w, h)`` in image px; CSS px =
image px / `Layout.dpr`.
"""

from copy_that.analysis._analyse import analyse
from copy_that.analysis.model import DprSource, Element, ElementKind, Layout, TextLine, Word

__all__ = ["DprSource", "Element", "ElementKind", "Layout", "TextLine", "Word", "analyse"]

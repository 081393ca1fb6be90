"""The benchmark's cases with ground truth, and how each is rendered and cached.

A case is a page (synthetic design system or CSS framework) rendered at a device pixel ratio and
saved as PNG or JPEG (quality 75). Renders and their truth are cached in ``benchmarks/.cache``
under a key that covers the generator's source, so editing the generator re-renders.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage

from benchmarks._frameworks import FRAMEWORKS, framework_html
from benchmarks._layouts import LAYOUTS, page_html
from benchmarks._render import Renderer
from benchmarks._system import design_system
from benchmarks._truth import Truth, truth_from_dom

__all__ = ["Case", "PreparedCase", "all_cases", "prepare", "smoke_cases"]

_HERE = Path(__file__).parent
# Viewports in CSS px: a laptop screenshot at DPR 1 (1440×900 image px, the size the speed
# targets name) and a Retina-style one at DPR 2 (2048×1280 image px).
_VIEWPORT_DPR1 = (1440, 900)
_VIEWPORT_DPR2 = (1024, 640)
# JPEG quality of the compressed variants (what screenshot-sharing tools commonly use).
JPEG_QUALITY = 75
_GENERATOR_FILES = (
    "_system.py",
    "_layouts.py",
    "_frameworks.py",
    "_truth.js",
    "_truth.py",
    "_render.py",
    "_cases.py",
)


@dataclass(frozen=True)
class Case:
    """One benchmark case.

    Parameters
    ----------
    kind : {"synthetic", "framework"}
        Drawn design system or a real CSS framework's page.
    name : str
        Layout name (synthetic) or framework name.
    seed : int
        Design-system seed (synthetic; 0 for frameworks).
    theme : {"light", "dark"}
    dpr : int
        Device pixel ratio of the render.
    fmt : {"png", "jpeg"}
        File format the subject reads.
    """

    kind: str
    name: str
    seed: int
    theme: str
    dpr: int
    fmt: str

    @property
    def id(self) -> str:
        """A stable identifier, e.g. ``syn-03-form-dark-dpr2-jpeg``."""
        head = f"syn-{self.seed:02d}" if self.kind == "synthetic" else "fw"
        return f"{head}-{self.name}-{self.theme}-dpr{self.dpr}-{self.fmt}"

    @property
    def group(self) -> str:
        """The reporting group: framework, or synthetic by DPR and format."""
        if self.kind == "framework":
            return "framework pages"
        return f"synthetic DPR {self.dpr} {self.fmt.upper()}"

    @property
    def viewport_css(self) -> tuple[int, int]:
        """Viewport width and height in CSS px."""
        return _VIEWPORT_DPR1 if self.dpr == 1 else _VIEWPORT_DPR2

    def html(self) -> str:
        """The page's HTML document."""
        if self.kind == "framework":
            return framework_html(self.name, self.theme)
        return page_html(design_system(self.seed, theme=self.theme), self.name)


@dataclass(frozen=True)
class PreparedCase:
    """A rendered case on disk: the image file the subjects read and its truth."""

    case: Case
    image: Path
    truth: Truth


def all_cases() -> tuple[Case, ...]:
    """The full set: each layout rendered 3 times (both themes, one render at DPR 2), a JPEG copy
    of one DPR 1 render per layout and of two DPR 2 renders, and each framework light and dark."""
    layouts = sorted(LAYOUTS)
    cases: list[Case] = []
    for seed in range(1, 3 * len(layouts) + 1):
        index, rep = (seed - 1) % len(layouts), (seed - 1) // len(layouts)
        layout = layouts[index]
        theme = ("light", "dark")[(rep + index) % 2]
        dpr = 2 if rep == index % 3 else 1
        cases.append(Case("synthetic", layout, seed, theme, dpr, "png"))
        if rep == (index + 1) % 3 or (dpr == 2 and index % 3 == 0):
            cases.append(Case("synthetic", layout, seed, theme, dpr, "jpeg"))
    for name in FRAMEWORKS:
        for theme in ("light", "dark"):
            cases.append(Case("framework", name, 0, theme, 1, "png"))
    return tuple(cases)


def smoke_cases() -> tuple[Case, ...]:
    """Three cases of the full set for CI: synthetic PNG at DPR 1, synthetic JPEG at DPR 2, and
    the first framework page."""
    full = all_cases()
    return (
        next(c for c in full if c.kind == "synthetic" and c.dpr == 1 and c.fmt == "png"),
        next(c for c in full if c.kind == "synthetic" and c.dpr == 2 and c.fmt == "jpeg"),
        next(c for c in full if c.kind == "framework"),
    )


def _generator_key() -> str:
    digest = hashlib.sha256()
    for name in _GENERATOR_FILES:
        digest.update((_HERE / name).read_bytes())
    for page in sorted((_HERE / "pages").glob("*.html")):
        digest.update(page.read_bytes())
    return digest.hexdigest()[:16]


def prepare(cases: Sequence[Case], cache: Path, renderer: Renderer | None) -> list[PreparedCase]:
    """Render (or reuse from `cache`) every case; `renderer` may be None when all are cached.

    Raises
    ------
    RuntimeError
        A case is not cached and no renderer was given.
    """
    key = _generator_key()
    prepared: list[PreparedCase] = []
    for case in cases:
        folder = cache / "cases" / case.id.rsplit("-", 1)[0]
        folder.mkdir(parents=True, exist_ok=True)
        image = folder / f"page.{'jpg' if case.fmt == 'jpeg' else 'png'}"
        truth_file = folder / "truth.json"
        key_file = folder / "key.txt"
        fresh = key_file.exists() and key_file.read_text() == key and truth_file.exists()
        if not fresh:
            if renderer is None:
                raise RuntimeError(f"{case.id} is not rendered and no renderer is available")
            width, height = case.viewport_css
            rendered = renderer.render(
                case.html(), width_css=width, height_css=height, dpr=case.dpr
            )
            (folder / "page.png").write_bytes(rendered.png)
            (folder / "page.html").write_text(case.html(), encoding="utf-8")
            truth_file.write_text(
                json.dumps(truth_from_dom(rendered.dom).to_json()), encoding="utf-8"
            )
            (folder / "page.jpg").unlink(missing_ok=True)
            key_file.write_text(key)
        if case.fmt == "jpeg" and not image.exists():
            with PILImage.open(folder / "page.png") as png:
                buffer = io.BytesIO()
                png.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY)
            image.write_bytes(buffer.getvalue())
        truth = Truth.from_json(json.loads(truth_file.read_text(encoding="utf-8")))
        prepared.append(PreparedCase(case=case, image=image, truth=truth))
    return prepared

"""The extraction pipeline: images in, one merged `TokenSet` out.

``bytes → imaging.load_image → analysis.analyse → extract.* → tokens.link → tokens.merge``

Extractors are pure functions of an analysed image; this module only sequences them, times each
stage, reports progress and combines their contributions. The CLI and the service both call
`extract`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, TypeAlias, TypeVar, get_args

from copy_that.analysis import analyse
from copy_that.analysis.model import Layout
from copy_that.analysis.text_lines import detect_text_lines
from copy_that.errors import OptionsError
from copy_that.extract._contribution import Contribution
from copy_that.extract.borders import BorderResult, extract_borders
from copy_that.extract.colors import ColorOptions, extract_colors
from copy_that.extract.radii import RadiusResult, extract_radii
from copy_that.extract.shadows import ShadowResult, extract_shadows
from copy_that.extract.spacing import SpacingResult, extract_spacing
from copy_that.extract.typography import TypographyOptions, extract_typography
from copy_that.imaging import Image, LoadOptions, load_image
from copy_that.tokens.link import link_colors
from copy_that.tokens.merge import merge_token_sets
from copy_that.tokens.model import GroupInfo, ImageInfo, Token, TokenPath, TokenSet, TokenValue

__all__ = [
    "ALL_KINDS",
    "ExtractOptions",
    "Kind",
    "LayoutHook",
    "LayoutResults",
    "ProgressCallback",
    "extract",
    "extract_image",
]

Kind: TypeAlias = Literal["colors", "spacing", "radii", "shadows", "borders", "typography"]
#: Every token kind, in the order the pipeline runs them.
ALL_KINDS: tuple[Kind, ...] = get_args(Kind)
#: ``progress(stage, fraction)`` with fraction in 0–1 over the whole run.
ProgressCallback: TypeAlias = Callable[[str, float], None]


@dataclass(frozen=True)
class LayoutResults:
    """The layout extractors' full results for one image (None for kinds not extracted)."""

    spacing: SpacingResult | None = None
    radii: RadiusResult | None = None
    shadows: ShadowResult | None = None
    borders: BorderResult | None = None


#: ``hook(image, layout, results)``, called once per image after its layout kinds ran, so a
#: caller can draw or inspect the measurements without analysing the image again.
LayoutHook: TypeAlias = Callable[[Image, Layout, LayoutResults], None]

# Kinds that need the layout analysis. Colours alone skip it (they work from pixels and use the
# layout for roles only when it was computed anyway), which keeps `--only colors` fast.
_LAYOUT_KINDS = frozenset({"spacing", "radii", "shadows", "borders", "typography"})
_T = TypeVar("_T")
# Largest sensible device pixel ratio; phones top out at 4.
_MAX_DPR = 8.0


@dataclass(frozen=True)
class ExtractOptions:
    """What to extract and how.

    Parameters
    ----------
    kinds : frozenset of Kind
        Token kinds to extract; default all of `ALL_KINDS`.
    max_colors : int
        Most palette colours to report (1–64). Default 16.
    dpr : float or None
        Device pixel ratio of the screenshots (CSS px = image px / dpr); None infers it per image.
    ocr : bool
        Recognise text (offline OCR) for typography evidence and family matching. Default True.
    load : LoadOptions
        Decoding limits for images given as bytes or paths.
    """

    kinds: frozenset[Kind] = field(default_factory=lambda: frozenset(ALL_KINDS))
    max_colors: int = 16
    dpr: float | None = None
    ocr: bool = True
    load: LoadOptions = field(default_factory=LoadOptions)

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(ALL_KINDS)
        if unknown or not self.kinds:
            raise OptionsError(
                f"kinds must be a non-empty subset of {', '.join(ALL_KINDS)}; "
                f"got {', '.join(sorted(self.kinds)) or 'nothing'}",
                option="kinds",
            )
        if not 1 <= self.max_colors <= 64:
            raise OptionsError(
                f"max_colors must be between 1 and 64, got {self.max_colors}", option="max_colors"
            )
        if self.dpr is not None and not 0.5 <= self.dpr <= _MAX_DPR:
            raise OptionsError(
                f"dpr must be between 0.5 and {_MAX_DPR:g} (or auto), got {self.dpr:g}",
                option="dpr",
            )


class _Stages:
    """Wall-clock timer per stage, in milliseconds."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    @contextmanager
    def time(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.ms[stage] = self.ms.get(stage, 0.0) + (time.perf_counter() - start) * 1000.0


def _combine(
    contributions: Sequence[Contribution],
) -> tuple[tuple[Token, ...], tuple[GroupInfo, ...], dict[str, dict[TokenPath, TokenValue]]]:
    tokens: list[Token] = []
    groups: list[GroupInfo] = []
    modes: dict[str, dict[TokenPath, TokenValue]] = {}
    for contribution in contributions:
        tokens.extend(contribution.tokens)
        groups.extend(contribution.groups)
        for mode, values in contribution.modes.items():
            modes.setdefault(mode, {}).update(values)
    return tuple(tokens), tuple(groups), modes


def extract_image(
    image: Image,
    *,
    options: ExtractOptions | None = None,
    progress: ProgressCallback | None = None,
    timings_ms: Mapping[str, float] | None = None,
    on_layout: LayoutHook | None = None,
) -> TokenSet:
    """Extract the tokens of one decoded image.

    Parameters
    ----------
    image : Image
        A decoded image (see `copy_that.imaging.load_image`).
    options : ExtractOptions, optional
        What to extract; defaults to everything.
    progress : callable, optional
        Called as ``progress(stage, fraction)`` after each stage.
    timings_ms : mapping, optional
        Earlier stage timings (e.g. ``decode``) to record with this run's.
    on_layout : LayoutHook, optional
        Called with the layout and the layout extractors' results when a layout kind ran.

    Returns
    -------
    TokenSet
        Tokens of the requested kinds, colours linked by alias, with stage timings.
    """
    opts = options or ExtractOptions()
    stages = _Stages()
    stages.ms.update(timings_ms or {})
    steps = [k for k in ALL_KINDS if k in opts.kinds]
    # Text lines are typography's to measure (colours read them too when they are there): a stage
    # of their own, so that the analysis is timed as what every layout kind needs.
    text_lines = "typography" in opts.kinds
    before = 2 if text_lines else 1
    total = len(steps) + before

    def report(stage: str, done: int) -> None:
        if progress is not None:
            progress(stage, done / total)

    layout: Layout | None = None
    if opts.kinds & _LAYOUT_KINDS:
        with stages.time("analysis"):
            layout = analyse(image, dpr=opts.dpr, text_lines=False)
    report("analysis", 1)
    if layout is not None and text_lines:
        with stages.time("text_lines"):
            layout = dataclasses.replace(layout, text_lines=detect_text_lines(image))
        report("text_lines", 2)

    contributions: list[Contribution] = []
    results: dict[str, object] = {}
    for done, kind in enumerate(steps, start=before + 1):
        with stages.time(kind):
            result = _run(kind, image, layout, opts)
            contributions.append(result.contribution(image.id))
        results[kind] = result
        report(kind, done)
    if on_layout is not None and layout is not None:
        on_layout(image, layout, _layout_results(results))

    tokens, groups, modes = _combine(contributions)
    info = ImageInfo(
        id=image.id,
        name=image.name,
        width_px=image.width_px,
        height_px=image.height_px,
        dpr=layout.dpr if layout else 1.0,
        dpr_source=layout.dpr_source if layout else "default",
        dpr_confidence=layout.dpr_confidence if layout else None,
    )
    with stages.time("link"):
        linked = link_colors(TokenSet(tokens=tokens, groups=groups, images=(info,), modes=modes))
    return TokenSet(
        tokens=linked.tokens,
        groups=linked.groups,
        images=linked.images,
        modes=linked.modes,
        timings_ms=dict(stages.ms),
    )


class _Result(Protocol):
    def contribution(self, image_id: str) -> Contribution: ...


def _run(kind: Kind, image: Image, layout: Layout | None, opts: ExtractOptions) -> _Result:
    if kind == "colors":
        color_options = ColorOptions(max_colors=opts.max_colors)
        return extract_colors(image, layout=layout, options=color_options)
    if layout is None:  # unreachable: every other kind is in _LAYOUT_KINDS, so analyse() ran
        raise AssertionError(f"{kind} needs the layout analysis")
    if kind == "spacing":
        return extract_spacing(image, layout)
    if kind == "radii":
        return extract_radii(image, layout)
    if kind == "shadows":
        return extract_shadows(image, layout)
    if kind == "borders":
        return extract_borders(image, layout)
    return extract_typography(image, layout, options=TypographyOptions(ocr=opts.ocr))


def _layout_results(results: Mapping[str, object]) -> LayoutResults:
    def pick(kind: str, cls: type[_T]) -> _T | None:
        found = results.get(kind)
        return found if isinstance(found, cls) else None

    return LayoutResults(
        spacing=pick("spacing", SpacingResult),
        radii=pick("radii", RadiusResult),
        shadows=pick("shadows", ShadowResult),
        borders=pick("borders", BorderResult),
    )


def extract(
    images: Sequence[Image | bytes | str | Path],
    *,
    options: ExtractOptions | None = None,
    progress: ProgressCallback | None = None,
    on_layout: LayoutHook | None = None,
) -> TokenSet:
    """Extract one design system from one or more images.

    Parameters
    ----------
    images : sequence of Image, bytes or path
        Decoded images, file bytes or file paths; at least one.
    options : ExtractOptions, optional
        What to extract; defaults to everything.
    progress : callable, optional
        Called as ``progress(stage, fraction)``; fraction runs 0–1 over all images.
    on_layout : LayoutHook, optional
        Called per image with its layout and layout results (see `extract_image`).

    Returns
    -------
    TokenSet
        One image's tokens, or the merge of several (the same colour across images counted once,
        with its evidence from each).

    Raises
    ------
    ImageError
        An input cannot be decoded or is over the limits.
    OptionsError
        An option is out of range.
    """
    if not images:
        raise OptionsError("give at least one image", option="images")
    opts = options or ExtractOptions()
    count = len(images)
    results: list[TokenSet] = []
    for index, source in enumerate(images):

        def scaled(stage: str, fraction: float, _index: int = index) -> None:
            if progress is not None:
                progress(stage, (_index + fraction) / count)

        decode_ms: dict[str, float] = {}
        if isinstance(source, Image):
            image = source
        else:
            start = time.perf_counter()
            image = load_image(source, options=opts.load)
            decode_ms["decode"] = (time.perf_counter() - start) * 1000.0
        results.append(
            extract_image(
                image, options=opts, progress=scaled, timings_ms=decode_ms, on_layout=on_layout
            )
        )
    if count == 1:
        return results[0]
    return merge_token_sets(results)

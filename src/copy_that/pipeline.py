"""The extraction pipeline: images in, one merged `TokenSet` out.

``bytes → imaging.load_image → analysis.analyse → extract.* → tokens.link → tokens.merge``

Extractors are pure functions of an analysed image; this module only sequences them, times each
stage, reports progress and combines their contributions. The CLI and the service both call
`extract`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias, get_args

from copy_that.analysis import analyse
from copy_that.analysis.model import Layout
from copy_that.errors import OptionsError
from copy_that.extract._contribution import Contribution
from copy_that.extract.borders import extract_borders
from copy_that.extract.colors import ColorOptions, extract_colors
from copy_that.extract.radii import extract_radii
from copy_that.extract.shadows import extract_shadows
from copy_that.extract.spacing import extract_spacing
from copy_that.extract.typography import TypographyOptions, extract_typography
from copy_that.imaging import Image, LoadOptions, load_image
from copy_that.tokens.link import link_colors
from copy_that.tokens.merge import merge_token_sets
from copy_that.tokens.model import GroupInfo, ImageInfo, Token, TokenPath, TokenSet, TokenValue

__all__ = ["ALL_KINDS", "ExtractOptions", "Kind", "ProgressCallback", "extract", "extract_image"]

Kind: TypeAlias = Literal["colors", "spacing", "radii", "shadows", "borders", "typography"]
#: Every token kind, in the order the pipeline runs them.
ALL_KINDS: tuple[Kind, ...] = get_args(Kind)
#: ``progress(stage, fraction)`` with fraction in 0–1 over the whole run.
ProgressCallback: TypeAlias = Callable[[str, float], None]

# Kinds that need the layout analysis. Colours alone skip it (they work from pixels and use the
# layout for roles only when it was computed anyway), which keeps `--only colors` fast.
_LAYOUT_KINDS = frozenset({"spacing", "radii", "shadows", "borders", "typography"})
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

    Returns
    -------
    TokenSet
        Tokens of the requested kinds, colours linked by alias, with stage timings.
    """
    opts = options or ExtractOptions()
    stages = _Stages()
    stages.ms.update(timings_ms or {})
    steps = [k for k in ALL_KINDS if k in opts.kinds]
    total = len(steps) + 1

    def report(stage: str, done: int) -> None:
        if progress is not None:
            progress(stage, done / total)

    layout: Layout | None = None
    if opts.kinds & _LAYOUT_KINDS:
        with stages.time("analysis"):
            layout = analyse(image, dpr=opts.dpr, text_lines="typography" in opts.kinds)
    report("analysis", 1)

    contributions: list[Contribution] = []
    for done, kind in enumerate(steps, start=2):
        with stages.time(kind):
            contributions.append(_run(kind, image, layout, opts))
        report(kind, done)

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


def _run(kind: Kind, image: Image, layout: Layout | None, opts: ExtractOptions) -> Contribution:
    if kind == "colors":
        color_options = ColorOptions(max_colors=opts.max_colors)
        return extract_colors(image, layout=layout, options=color_options).contribution(image.id)
    if layout is None:  # unreachable: every other kind is in _LAYOUT_KINDS, so analyse() ran
        raise AssertionError(f"{kind} needs the layout analysis")
    if kind == "spacing":
        return extract_spacing(image, layout).contribution(image.id)
    if kind == "radii":
        return extract_radii(image, layout).contribution(image.id)
    if kind == "shadows":
        return extract_shadows(image, layout).contribution(image.id)
    if kind == "borders":
        return extract_borders(image, layout).contribution(image.id)
    type_options = TypographyOptions(ocr=opts.ocr)
    return extract_typography(image, layout, options=type_options).contribution(image.id)


def extract(
    images: Sequence[Image | bytes | str | Path],
    *,
    options: ExtractOptions | None = None,
    progress: ProgressCallback | None = None,
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
        results.append(extract_image(image, options=opts, progress=scaled, timings_ms=decode_ms))
    if count == 1:
        return results[0]
    return merge_token_sets(results)

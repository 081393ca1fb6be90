"""Typography extraction: font sizes, weights, families, line heights and the type scale.

Every value is measured on the glyphs of the layout's text lines:

- font size from glyph metrics (x-height, capital/ascender height, descender depth) fitted to the
  exact height ratios of each installed face, not from box heights;
- weight, family and generic class by weighing every installed face drawn at the measured size
  (stroke thickness, serif feet, character pitch, and the width of the recognised text);
- line height from the baseline spacing of paragraph lines; alignment from paragraph edges or the
  container's padding; letter spacing from recognised text against the same text drawn;
- the styles clustered by size, weight and pitch and named by size and use, with the modular ratio
  when one fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from copy_that.analysis.model import Layout, TextLine
from copy_that.errors import OptionsError
from copy_that.extract._contribution import Contribution
from copy_that.extract._type_blocks import Alignment, LineGeometry, alignments, baseline_pitches
from copy_that.extract._type_fonts import DEFAULT_FONT_DIRS, FontFace, Generic, system_faces
from copy_that.extract._type_match import FaceMatch, fit_em, match_face
from copy_that.extract._type_metrics import LineMetrics, measure_coverage, measure_line
from copy_that.extract._type_ocr import OCR_INSTALL_HINT, ocr_available, recognise
from copy_that.extract._type_scale import cluster_lines, fit_ratio, name_styles
from copy_that.extract._type_tokens import type_contribution
from copy_that.imaging import Image
from copy_that.tokens.model import Box, Color

__all__ = [
    "MeasuredLine",
    "TypeStyle",
    "TypographyOptions",
    "TypographyResult",
    "extract_typography",
]

# Characters read per sample line at most: enough to tell faces apart by width, short enough for
# the recogniser to stay fast (its cost grows with the crop's width).
_SAMPLE_EMS = 16.0
# Letter spacing under this share of the font size is reported as none.
_MIN_TRACKING_EM = 0.025
# A style whose sample lines the recogniser read without a word (a word: this many letters or
# digits in a row) is no text: the marks taken for it are icons, a chart, a texture or stars (the
# Hubble deep field's made nine styles whose samples read "." or nothing; gravel, coins and a
# rocket photo made one or two each). Dropping such styles raised the benchmark's font-size
# precision from 0.88 to 0.92 and left its recall where it was. Scripts the recogniser does not
# know read as Latin-looking letters (Arabic, Hebrew, Cyrillic, Devanagari, Thai and Hangul
# samples rendered in Chromium all read words), so their lines keep their styles.
_MIN_WORD_CHARS = 2
# Recognised characters (spaces aside) a sample needs before its width can show letter spacing.
_MIN_TRACKING_CHARS = 8
# Letter spacing is reported only when the width differs from the drawn text's by more than
# this many times the size's relative error; nearer, a size error explains it as well.
_TRACKING_MARGIN = 1.5
# Relative size error of the heights: half a pixel of hinting on an x-height of half an em, and
# at least this share (glyph mixes differ from line to line).
_HEIGHT_ERROR_PX = 0.5
_WIDTH_AGREEMENT = 0.03
# Chromium's FreeType rounds x-heights and ascenders up to whole device pixels (Liberation
# Serif's 7.3 px x-height at 16 px reads 8 px), so heights may overstate the size by this much.
_HINTING_RISE_PX = 1.0
# … but never read a text more than this much smaller than its heights say.
_MAX_SHRINK = 0.15
# Styles of one face and weight whose refined sizes differ by less than this share are one.
_SAME_SIZE = 0.05
# Styles merged to respect `max_styles` must be within this size ratio of each other (two steps
# of a 1.25 scale); rarer outliers are dropped.
_MAX_MERGE_RATIO = 1.6
# Sizes are reported to the half CSS px: browsers lay text out in fractional px, designers pick
# whole or half values, and the measurement is good to about a quarter of a pixel.
_SIZE_STEP_PX = 0.5


@dataclass(frozen=True)
class TypographyOptions:
    """How typography is extracted.

    Parameters
    ----------
    ocr : bool
        Recognise sample lines with the offline recogniser (extra ``ocr``): the text becomes
        evidence and lets faces be compared by the width of the same text. Default True; without
        the extra, extraction carries on without text and says so in the group's reason.
    match_fonts : bool
        Weigh the installed faces to name the family. Default True; False leaves only the generic
        class from pitch and serif features.
    font_dirs : tuple of str
        Folders searched for candidate faces. Default: the usual system and user font folders.
    samples_per_style : int
        Lines per style drawn and (with ``ocr``) recognised, 1–8. Default 1 (each more costs
        about 20 ms of recognition and 15 ms of drawing per style).
    max_styles : int
        Styles kept at most, the least used merged away first, 1–24. Default 12.
    """

    ocr: bool = True
    match_fonts: bool = True
    font_dirs: tuple[str, ...] = DEFAULT_FONT_DIRS
    samples_per_style: int = 1
    max_styles: int = 12

    def __post_init__(self) -> None:
        if not isinstance(self.ocr, bool):
            raise OptionsError(f"ocr must be True or False, got {self.ocr!r}", option="ocr")
        if not isinstance(self.match_fonts, bool):
            raise OptionsError(
                f"match_fonts must be True or False, got {self.match_fonts!r}", option="match_fonts"
            )
        if not isinstance(self.font_dirs, tuple) or not all(
            isinstance(d, str) for d in self.font_dirs
        ):
            raise OptionsError(
                f"font_dirs must be a tuple of folder paths, got {self.font_dirs!r}",
                option="font_dirs",
            )
        if not isinstance(self.samples_per_style, int) or not 1 <= self.samples_per_style <= 8:
            raise OptionsError(
                f"samples_per_style must be an integer 1–8, got {self.samples_per_style!r}",
                option="samples_per_style",
            )
        if not isinstance(self.max_styles, int) or not 1 <= self.max_styles <= 24:
            raise OptionsError(
                f"max_styles must be an integer 1–24, got {self.max_styles!r}", option="max_styles"
            )


@dataclass(frozen=True)
class MeasuredLine:
    """One text line with its measured type.

    Parameters
    ----------
    box : Box
        Ink box in image px.
    baseline_y : float
        Baseline row in image px.
    font_size_px : float
        Font size in CSS px.
    style : str
        Name of the style the line belongs to.
    x_height_px, cap_height_px : float or None
        Measured heights in CSS px (capital height mixes capitals and ascenders).
    stroke_em : float
        Mean stroke thickness over the font size.
    color : Color
        Text colour.
    alignment : Alignment or None
        Text alignment where a paragraph or container shows it.
    text : str or None
        Recognised text, when the line was a recognised sample.
    """

    box: Box
    baseline_y: float
    font_size_px: float
    style: str
    x_height_px: float | None
    cap_height_px: float | None
    stroke_em: float
    color: Color
    alignment: Alignment | None
    text: str | None


@dataclass(frozen=True)
class TypeStyle:
    """A text style of the type scale.

    Parameters
    ----------
    name : str
        ``display``, ``heading-1`` …, ``body``, ``small`` …, ``caption``.
    font_size_px : float
        Median size of its lines, CSS px, to the half pixel.
    font_weight : int
        CSS weight 100–900.
    family : str or None
        Named family when the match is confident.
    generic : Generic
        Generic family class.
    line_height : float or None
        Baseline spacing over font size in its paragraphs; None when no line has a paragraph
        neighbour.
    letter_spacing_px : float or None
        Tracking in CSS px from recognised text; None when not measured.
    color : Color
        Most common text colour of its lines.
    alignment : Alignment or None
        Most common alignment of its lines.
    line_indices : tuple of int
        Indices into `TypographyResult.lines`.
    usage_em : float
        Amount of text set in it: total ink width over font size.
    match : FaceMatch
        The face weighing behind family, generic class and weight.
    size_spread : float
        Relative spread (MAD over median) of its lines' sizes.
    line_height_pairs : int
        Paragraph line pairs behind ``line_height``.
    samples : tuple of str
        Recognised text of its sample lines.
    """

    name: str
    font_size_px: float
    font_weight: int
    family: str | None
    generic: Generic
    line_height: float | None
    letter_spacing_px: float | None
    color: Color
    alignment: Alignment | None
    line_indices: tuple[int, ...]
    usage_em: float
    match: FaceMatch
    size_spread: float
    line_height_pairs: int
    samples: tuple[str, ...] = ()


@dataclass(frozen=True)
class TypographyResult:
    """What typography extraction measured in one image.

    Parameters
    ----------
    lines : tuple of MeasuredLine
        Every measured line, top to bottom.
    styles : tuple of TypeStyle
        The type scale, largest first.
    scale_ratio : tuple of (str, float, float) or None
        ``(name, ratio, worst relative error)`` of the modular scale, None when none fits.
    dpr : float
        Device pixel ratio used for CSS px.
    reason : str or None
        Why there are no styles (no text, text unreadable), None when there are.
    notes : tuple of str
        Other caveats (recogniser unavailable, no candidate fonts).
    ocr_used : bool
        Whether text was recognised.
    """

    lines: tuple[MeasuredLine, ...] = ()
    styles: tuple[TypeStyle, ...] = ()
    scale_ratio: tuple[str, float, float] | None = None
    dpr: float = 1.0
    reason: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    ocr_used: bool = False

    def contribution(self, image_id: str) -> Contribution:
        """The ``font.*`` and ``typography.*`` tokens of this result.

        Parameters
        ----------
        image_id : str
            Id of the image the lines were measured in (cited as evidence).
        """
        return type_contribution(self, image_id)


def extract_typography(
    image: Image, layout: Layout, *, options: TypographyOptions | None = None
) -> TypographyResult:
    """Measure the typography of `image` on the text lines of its `layout`.

    Parameters
    ----------
    image : Image
        The analysed image.
    layout : Layout
        Its layout; `Layout.text_lines` are measured and `Layout.dpr` converts to CSS px.
    options : TypographyOptions, optional
        Defaults to ``TypographyOptions()``.

    Returns
    -------
    TypographyResult
        Lines, styles and scale; with no readable text, empty with the reason.

    Raises
    ------
    OptionsError
        When `layout` does not describe `image` (its size differs) or its DPR is not positive.
    """
    opts = options or TypographyOptions()
    if (layout.width_px, layout.height_px) != (image.width_px, image.height_px):
        raise OptionsError(
            f"layout is {layout.width_px}×{layout.height_px} px but the image is "
            f"{image.width_px}×{image.height_px} px: analyse this image for its own layout",
            option="layout",
        )
    if not layout.dpr > 0:
        raise OptionsError(f"layout.dpr must be positive, got {layout.dpr}", option="layout")
    if not layout.text_lines:
        return TypographyResult(dpr=layout.dpr, reason="no text lines were detected in the image")
    measured = [(line, measure_line(image, line)) for line in layout.text_lines]
    kept = [(line, m) for line, m in measured if m is not None]
    if not kept:
        return TypographyResult(
            dpr=layout.dpr,
            reason="text lines were found but none had letters clear enough to measure",
        )
    notes: list[str] = []
    faces: tuple[FontFace, ...] = system_faces(opts.font_dirs) if opts.match_fonts else ()
    if opts.match_fonts and not faces:
        notes.append("no font files were found to compare with: family names are not reported")
    use_ocr = opts.ocr and ocr_available()
    if opts.ocr and not use_ocr:
        notes.append(OCR_INSTALL_HINT)
    return _measure(image, layout, kept, faces, use_ocr, opts, notes)


def _measure(
    image: Image,
    layout: Layout,
    kept: list[tuple[TextLine, LineMetrics]],
    faces: tuple[FontFace, ...],
    use_ocr: bool,
    opts: TypographyOptions,
    notes: list[str],
) -> TypographyResult:
    rough = [_rough_em(m, faces) for _, m in kept]
    usable = [i for i, em in enumerate(rough) if em > 0]
    kept = [kept[i] for i in usable]
    rough = [rough[i] for i in usable]
    if not kept:
        return TypographyResult(dpr=layout.dpr, reason="no text line had a measurable height")
    strokes = [m.stroke_px / em for (_, m), em in zip(kept, rough, strict=True)]
    groups = cluster_lines(rough, strokes, [m.pitch_score for _, m in kept])
    limited = _limit(groups, kept, rough, opts.max_styles)
    lost = len(kept) - sum(len(g) for g in limited)
    if lost:
        notes.append(
            f"{lost} line(s) of rare sizes far from every style were left out (more than "
            f"{opts.max_styles} styles; charts and icons can look like text)"
        )
    kept, rough, groups, _ = _only_groups(kept, rough, limited, {}, list(range(len(limited))))
    texts: dict[int, str] = {}
    sampled: list[list[tuple[LineMetrics, str | None]]] = []
    for group in groups:
        samples = sorted(group, key=lambda i: -kept[i][1].letter_count)[: opts.samples_per_style]
        drawn: list[tuple[LineMetrics, str | None]] = []
        for i in samples:
            metrics, text = _sample(image, kept[i], rough[i], use_ocr)
            drawn.append((metrics, text))
            if text:
                texts[i] = text
        sampled.append(drawn)
    if use_ocr:
        worded = [s for s, drawn in enumerate(sampled) if any(_has_word(t) for _, t in drawn)]
        if not worded:
            read = sum(len(drawn) for drawn in sampled)
            return TypographyResult(
                dpr=layout.dpr,
                reason=(
                    f"the recogniser read no word in any of the {read} sample lines: the marks "
                    "taken for text lines are not text (a photo, a star field, a pattern)"
                ),
                notes=tuple(notes),
                ocr_used=True,
            )
        if len(worded) < len(groups):
            notes.append(
                f"{len(groups) - len(worded)} style(s) whose sample lines read no word were left "
                "out (marks taken for text: icons, a chart, a texture)"
            )
            kept, rough, groups, texts = _only_groups(kept, rough, groups, texts, worded)
            sampled = [sampled[s] for s in worded]
    matches = [match_face(drawn, faces) for drawn in sampled]
    ems = list(rough)
    for s, (group, match) in enumerate(zip(groups, matches, strict=True)):
        for i in group:
            em = fit_em(kept[i][1], match.face)[0] if match.face else 0.0
            ems[i] = em if em > 0 else rough[i]
        em = float(np.median([ems[i] for i in group]))
        scale = _width_correction(match, em)
        if scale is not None:
            for i in group:
                ems[i] *= scale
            matches[s] = replace(match, letter_spacing_px=0.0)
        elif not _tracking_measurable(
            match, em, [(kept[i][1], texts[i]) for i in group if i in texts]
        ):
            matches[s] = replace(match, letter_spacing_px=None)
    groups, matches = _merge_alike(groups, matches, ems)
    style_of = [0] * len(kept)
    for s, group in enumerate(groups):
        for i in group:
            style_of[i] = s
    geometry = [
        LineGeometry(box=line.box, baseline_y=line.baseline_y, em_px=ems[i], style=style_of[i])
        for i, (line, _) in enumerate(kept)
    ]
    pairs = baseline_pitches(geometry)
    aligned = alignments(geometry, pairs, layout.elements)
    styles = _styles(kept, groups, matches, ems, pairs, aligned, texts, layout.dpr)
    order = sorted(range(len(kept)), key=lambda i: (kept[i][0].box[1], kept[i][0].box[0]))
    position = {old: new for new, old in enumerate(order)}
    name_of = {i: style.name for style in styles for i in style.line_indices}
    lines = tuple(
        _measured_line(kept[i], ems[i], layout.dpr, name_of[i], aligned[i], texts.get(i))
        for i in order
    )
    styles = [_reindex(style, position) for style in styles]
    sizes = sorted({s.font_size_px for s in styles})
    body = next((s for s in styles if s.name == "body"), None)
    ratio = fit_ratio(sizes, body.font_size_px) if body else None
    return TypographyResult(
        lines=lines,
        styles=tuple(styles),
        scale_ratio=ratio,
        dpr=layout.dpr,
        notes=tuple(notes),
        ocr_used=use_ocr,
    )


def _has_word(text: str | None) -> bool:
    """Whether recognised text holds a word: `_MIN_WORD_CHARS` letters or digits in a row."""
    run = 0
    for char in text or "":
        run = run + 1 if char.isalnum() else 0
        if run >= _MIN_WORD_CHARS:
            return True
    return False


def _only_groups(
    kept: list[tuple[TextLine, LineMetrics]],
    rough: list[float],
    groups: list[list[int]],
    texts: dict[int, str],
    chosen: list[int],
) -> tuple[list[tuple[TextLine, LineMetrics]], list[float], list[list[int]], dict[int, str]]:
    """Keep only the lines of the `chosen` groups, renumbered from 0 in their old order."""
    members = sorted(i for k in chosen for i in groups[k])
    new = {old: n for n, old in enumerate(members)}
    return (
        [kept[i] for i in members],
        [rough[i] for i in members],
        [[new[i] for i in groups[k]] for k in chosen],
        {new[i]: text for i, text in texts.items() if i in new},
    )


def _rough_em(metrics: LineMetrics, faces: Sequence[FontFace]) -> float:
    """A first font size from the median over faces of each face's fit (image px)."""
    if faces:
        fits = [fit_em(metrics, face)[0] for face in faces]
        fits = [f for f in fits if f > 0]
        if fits:
            return float(np.median(fits))
    # Without faces: typical Latin ratios (x-height 0.53 em, capitals 0.71 em).
    if metrics.x_height_px is not None:
        return metrics.x_height_px / 0.53
    return (metrics.tall_px or 0.0) / 0.71


def _limit(
    groups: list[list[int]],
    kept: list[tuple[TextLine, LineMetrics]],
    rough: list[float],
    max_styles: int,
) -> list[list[int]]:
    """Merge the least used styles into their nearest in size until at most `max_styles`.

    A style with no other within `_MAX_MERGE_RATIO` of its size is dropped instead: merged, it
    would drag the size of a real style (a chart read as 170 px text joined to a 23 px heading
    made a 99.5 px style).
    """
    groups = [list(g) for g in groups]
    while len(groups) > max_styles:
        usage = [sum(kept[i][1].ink_width_px / rough[i] for i in g) for g in groups]
        small = min(range(len(groups)), key=lambda k: usage[k])
        size = float(np.median([rough[i] for i in groups[small]]))
        others = [k for k in range(len(groups)) if k != small]
        distance = {
            k: abs(np.log(float(np.median([rough[i] for i in groups[k]])) / size)) for k in others
        }
        target = min(others, key=lambda k: distance[k])
        if distance[target] <= np.log(_MAX_MERGE_RATIO):
            groups[target].extend(groups[small])
        del groups[small]
    return groups


def _width_correction(match: FaceMatch, em_px: float) -> float | None:
    """The size correction the text's width implies, when it is within the heights' error.

    Heights are hinted to whole pixels; widths are not (browsers place glyphs at fractional
    positions), so over ten or more letters the width pins the size to about 1 %. A width that
    agrees with the heights within their error is read as the same size without letter spacing;
    one that does not is letter spacing and leaves the size to the heights.
    """
    if match.width_scale is None or em_px <= 0:
        return None
    tolerance = max(_WIDTH_AGREEMENT, _HEIGHT_ERROR_PX / (0.5 * em_px))
    # Hinting snaps heights up by as much as a whole pixel (never down by as much), so a text
    # narrower than its heights imply may be a size up to that much smaller.
    shrink = max(tolerance, _HINTING_RISE_PX / (0.5 * em_px))
    ratio = float(np.log(match.width_scale))
    if ratio > np.log1p(tolerance) or ratio < np.log1p(-min(shrink, _MAX_SHRINK)):
        return None
    return match.width_scale


def _tracking_measurable(
    match: FaceMatch, em_px: float, read: list[tuple[LineMetrics, str]]
) -> bool:
    """Whether the width of the recognised text shows letter spacing beyond the size's error.

    Tracking is what is left of the width after the size: a size error of ``u`` shifts every
    gap by ``u`` times the text's width over its gaps, so a width within `_TRACKING_MARGIN` of
    the size's relative error is not evidence of spacing. The error is that of the heights
    (see `_width_correction`), plus, for lines of capitals and digits only, the spread between
    the face's capital height and ascender the "tall" height cannot tell apart. Short texts
    (prices, percentages) are not measured: a misread character or a kerned pair moves their
    few gaps by more than any tracking.
    """
    if match.width_scale is None or match.face is None or em_px <= 0 or not read:
        return False
    if min(len(text.replace(" ", "")) for _, text in read) < _MIN_TRACKING_CHARS:
        return False
    error = max(_WIDTH_AGREEMENT, _HEIGHT_ERROR_PX / (0.5 * em_px))
    if any(metrics.x_height_px is None for metrics, _ in read):
        low, high = sorted((match.face.cap_height, match.face.ascender))
        error += (high - low) / low
    return bool(abs(np.log(match.width_scale)) > _TRACKING_MARGIN * error)


def _merge_alike(
    groups: list[list[int]], matches: list[FaceMatch], ems: list[float]
) -> tuple[list[list[int]], list[FaceMatch]]:
    """Join styles that the refined sizes show to be one.

    Same family, generic class and weight, sizes within `_SAME_SIZE`: the first grouping used
    rough sizes.
    """
    merged: list[tuple[list[int], FaceMatch]] = []
    for group, match in sorted(zip(groups, matches, strict=True), key=lambda gm: -len(gm[0])):
        size = float(np.median([ems[i] for i in group]))
        for members, kept_match in merged:
            other = float(np.median([ems[i] for i in members]))
            same_face = (kept_match.family, kept_match.generic, kept_match.weight) == (
                match.family,
                match.generic,
                match.weight,
            )
            if same_face and abs(np.log(size / other)) <= np.log1p(_SAME_SIZE):
                members.extend(group)
                break
        else:
            merged.append((list(group), match))
    merged.sort(key=lambda gm: -float(np.median([ems[i] for i in gm[0]])))
    return [sorted(g) for g, _ in merged], [m for _, m in merged]


def _sample(
    image: Image, entry: tuple[TextLine, LineMetrics], em_px: float, use_ocr: bool
) -> tuple[LineMetrics, str | None]:
    """The metrics of a sample line (its first words when long) and, with OCR, its text."""
    line, metrics = entry
    if not use_ocr:
        return metrics, None
    ink = metrics.ink
    x0 = ink.origin[0]
    limit = line.box[0] + _SAMPLE_EMS * em_px
    ends = [w.box[0] + w.box[2] for w in line.words if w.box[0] + w.box[2] <= limit]
    end = max(ends) if ends else line.box[0] + line.box[2]
    right = min(ink.coverage.shape[1], int(end - x0) + 2)
    coverage = ink.coverage[:, :right]
    prefix = measure_coverage(
        type(ink)(
            coverage=coverage,
            origin=ink.origin,
            color=ink.color,
            background=ink.background,
            contrast=ink.contrast,
            ring_agreement=ink.ring_agreement,
        )
    )
    oy = ink.origin[1]
    crop = image.rgb[oy : oy + coverage.shape[0], x0 : x0 + right]
    read = recognise([crop])[0]
    if prefix is None or read is None:
        return metrics, None
    widths = [w.box[2] for w in line.words if w.box[0] + w.box[2] <= end]
    return prefix, _respace(read[0], widths)


def _respace(text: str, word_widths: list[int]) -> str:
    """Restore the spaces a recogniser dropped, so the drawn text is as wide as the line.

    Where the text has no spaces but the line several words, its letters are dealt to the words
    in proportion to their widths (the total width does not depend on where the spaces fall,
    only on how many there are).
    """
    if len(word_widths) < 2 or " " in text:
        return text
    letters = text.replace(" ", "")
    total = float(sum(word_widths))
    cuts = np.round(np.cumsum(word_widths[:-1]) / total * len(letters)).astype(int)
    pieces = np.split(np.array(list(letters)), cuts)
    return " ".join("".join(piece) for piece in pieces if piece.size)


def _styles(
    kept: list[tuple[TextLine, LineMetrics]],
    groups: list[list[int]],
    matches: list[FaceMatch],
    ems: list[float],
    pairs: list[tuple[int, int, float]],
    aligned: list[Alignment | None],
    texts: dict[int, str],
    dpr: float,
) -> list[TypeStyle]:
    sizes = []
    usage = []
    for group in groups:
        css = [ems[i] / dpr for i in group]
        sizes.append(_round_size(float(np.median(css))))
        usage.append(sum(kept[i][1].ink_width_px / ems[i] for i in group))
    names = name_styles(sizes, [m.weight for m in matches], usage)
    styles: list[TypeStyle] = []
    for s, group in enumerate(groups):
        members = set(group)
        ratios = [r for i, j, r in pairs if i in members and j in members]
        line_sizes = np.array([ems[i] / dpr for i in group], dtype=np.float64)
        middle = float(np.median(line_sizes))
        spread = float(np.median(np.abs(line_sizes - middle))) / middle
        match = matches[s]
        spacing = None
        if match.letter_spacing_px is not None:
            spacing = round(match.letter_spacing_px / dpr, 2)
            # Below a fortieth of an em the drawn and the browser's widths differ by rounding.
            if abs(spacing) < _MIN_TRACKING_EM * sizes[s]:
                spacing = 0.0
        colours = [kept[i][1].ink.color for i in group]
        colour = max(set(colours), key=colours.count)
        found = [aligned[i] for i in group if aligned[i] is not None]
        styles.append(
            TypeStyle(
                name=names[s],
                font_size_px=sizes[s],
                font_weight=match.weight,
                family=match.family,
                generic=match.generic,
                line_height=round(float(np.median(ratios)), 3) if ratios else None,
                letter_spacing_px=spacing,
                color=Color.from_srgb8(*colour),
                alignment=max(set(found), key=found.count) if found else None,
                line_indices=tuple(sorted(group)),
                usage_em=round(usage[s], 2),
                match=match,
                size_spread=round(spread, 4),
                line_height_pairs=len(ratios),
                samples=tuple(texts[i] for i in group if i in texts),
            )
        )
    return styles


def _round_size(size_px: float) -> float:
    return round(size_px / _SIZE_STEP_PX) * _SIZE_STEP_PX


def _reindex(style: TypeStyle, position: dict[int, int]) -> TypeStyle:
    indices = tuple(sorted(position[i] for i in style.line_indices))
    return TypeStyle(**{**style.__dict__, "line_indices": indices})


def _measured_line(
    entry: tuple[TextLine, LineMetrics],
    em_px: float,
    dpr: float,
    style: str,
    alignment: Alignment | None,
    text: str | None,
) -> MeasuredLine:
    line, metrics = entry
    return MeasuredLine(
        box=line.box,
        baseline_y=line.baseline_y,
        font_size_px=round(em_px / dpr, 2),
        style=style,
        x_height_px=None if metrics.x_height_px is None else round(metrics.x_height_px / dpr, 2),
        cap_height_px=None if metrics.tall_px is None else round(metrics.tall_px / dpr, 2),
        stroke_em=round(metrics.stroke_px / em_px, 4),
        color=Color.from_srgb8(*metrics.ink.color),
        alignment=alignment,
        text=text,
    )

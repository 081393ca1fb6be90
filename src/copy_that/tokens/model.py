"""The typed token model: values, tokens with evidence, and the token set an extraction returns.

A `TokenSet` is what every extractor contributes to, what `tokens.dtcg` writes as a DTCG 2025.10
document, and what every exporter renders. Paths are tuples of names (``("color", "palette",
"blue")``); values are typed objects, never loose dicts.

Units: dimensions are CSS px unless their ``unit`` says ``rem``; boxes in `Evidence` are image
pixels ``(x, y, w, h)``; colours are sRGB components in 0–1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal, TypeAlias

__all__ = [
    "Alias",
    "Border",
    "Box",
    "Color",
    "Dimension",
    "Evidence",
    "GroupInfo",
    "ImageInfo",
    "JSONValue",
    "Shadow",
    "ShadowLayer",
    "Token",
    "TokenPath",
    "TokenSet",
    "TokenType",
    "TokenValue",
    "Typography",
    "validate_name",
]

JSONValue: TypeAlias = Any
TokenPath: TypeAlias = tuple[str, ...]
#: ``(x, y, w, h)`` in image pixels.
Box: TypeAlias = tuple[int, int, int, int]

#: DTCG 2025.10 token types Copy That writes or reads.
TokenType: TypeAlias = Literal[
    "color",
    "dimension",
    "number",
    "fontFamily",
    "fontWeight",
    "duration",
    "cubicBezier",
    "strokeStyle",
    "shadow",
    "typography",
    "border",
]

_HEX_RE = re.compile(r"^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")
_ALIAS_RE = re.compile(r"^\{([^{}]+)\}$")


def validate_name(name: str) -> str:
    """Return `name` if it is a legal DTCG token or group name, else raise ValueError.

    Notes
    -----
    DTCG 2025.10 §5: names must not start with ``$`` and must not contain ``{``, ``}`` or ``.``.
    """
    if not name or name.startswith("$") or any(ch in name for ch in "{}."):
        raise ValueError(
            f"invalid token name {name!r}: names must be non-empty, must not start with '$' and "
            "must not contain '{', '}' or '.'"
        )
    return name


@dataclass(frozen=True, order=True)
class Alias:
    """A reference to another token, written ``"{group.token}"`` in DTCG."""

    path: TokenPath

    def __post_init__(self) -> None:
        for name in self.path:
            validate_name(name)

    @classmethod
    def parse(cls, text: str) -> Alias:
        """Parse ``"{a.b.c}"`` into an alias; raise ValueError when `text` is not one."""
        match = _ALIAS_RE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not an alias; aliases look like '{{group.token}}'")
        return cls(tuple(match.group(1).split(".")))

    @staticmethod
    def is_alias(value: object) -> bool:
        """Whether `value` is a string in alias syntax."""
        return isinstance(value, str) and _ALIAS_RE.match(value) is not None

    def __str__(self) -> str:
        return "{" + ".".join(self.path) + "}"


@dataclass(frozen=True)
class Color:
    """An sRGB colour.

    Parameters
    ----------
    components : tuple of 3 floats
        Gamma-encoded sRGB red, green, blue in 0–1.
    alpha : float
        Opacity in 0–1.
    """

    components: tuple[float, float, float]
    alpha: float = 1.0

    def __post_init__(self) -> None:
        if len(self.components) != 3:
            raise ValueError(f"a colour has 3 components, got {len(self.components)}")
        if not all(0.0 <= c <= 1.0 for c in self.components):
            raise ValueError(f"sRGB components must lie in 0–1, got {self.components}")
        if not 0.0 <= self.alpha <= 1.0:
            raise ValueError(f"alpha must lie in 0–1, got {self.alpha}")

    @classmethod
    def from_hex(cls, text: str) -> Color:
        """Parse ``#rrggbb`` or ``#rrggbbaa``."""
        match = _HEX_RE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a hex colour like '#1a2b3c'")
        digits = match.group(1)
        rgb = tuple(int(digits[i : i + 2], 16) / 255.0 for i in (0, 2, 4))
        alpha = int(match.group(2), 16) / 255.0 if match.group(2) else 1.0
        return cls((rgb[0], rgb[1], rgb[2]), alpha)

    @classmethod
    def from_srgb8(cls, r: int, g: int, b: int, alpha: float = 1.0) -> Color:
        """Build from 8-bit code values."""
        return cls((r / 255.0, g / 255.0, b / 255.0), alpha)

    @property
    def srgb8(self) -> tuple[int, int, int]:
        """The components as 8-bit code values."""
        r, g, b = (round(c * 255.0) for c in self.components)
        return (r, g, b)

    @property
    def hex(self) -> str:
        """``#rrggbb`` (alpha is not included; see `hex8`)."""
        return "#{:02x}{:02x}{:02x}".format(*self.srgb8)

    @property
    def hex8(self) -> str:
        """``#rrggbbaa``."""
        return self.hex + f"{round(self.alpha * 255.0):02x}"


@dataclass(frozen=True)
class Dimension:
    """A length: ``value`` in ``unit`` (``px`` = CSS px, or ``rem``)."""

    value: float
    unit: Literal["px", "rem"] = "px"


@dataclass(frozen=True)
class ShadowLayer:
    """One CSS box-shadow layer; lengths in CSS px."""

    color: Color | Alias
    offset_x: Dimension | Alias
    offset_y: Dimension | Alias
    blur: Dimension | Alias
    spread: Dimension | Alias
    inset: bool = False


@dataclass(frozen=True)
class Shadow:
    """A shadow of one or more layers, painted first-to-last as in CSS."""

    layers: tuple[ShadowLayer, ...]

    def __post_init__(self) -> None:
        if not self.layers:
            raise ValueError("a shadow needs at least one layer")


@dataclass(frozen=True)
class Border:
    """A DTCG border composite: colour, width and stroke style keyword (``solid``, ``dashed`` …)."""

    color: Color | Alias
    width: Dimension | Alias
    style: str | Alias = "solid"


@dataclass(frozen=True)
class Typography:
    """A DTCG typography composite.

    Parameters
    ----------
    font_family : tuple of str, or Alias
        Family names in preference order, generic family last (``("Inter", "sans-serif")``).
    font_size : Dimension or Alias
        CSS px (or rem).
    font_weight : float or Alias
        Numeric weight 1–1000 (400 regular, 700 bold).
    letter_spacing : Dimension or Alias
        Tracking in CSS px.
    line_height : float or Alias
        Unitless ratio of line box height to font size.
    """

    font_family: tuple[str, ...] | Alias
    font_size: Dimension | Alias
    font_weight: float | Alias
    letter_spacing: Dimension | Alias
    line_height: float | Alias


#: The value of a token. ``tuple[str, ...]`` is a fontFamily list; ``float`` a number, fontWeight
#: or duration-less scalar; ``str`` a strokeStyle keyword.
TokenValue: TypeAlias = (
    Color | Dimension | Shadow | Border | Typography | tuple[str, ...] | float | str | Alias
)


@dataclass(frozen=True)
class Evidence:
    """Where in the source images a token was measured.

    Parameters
    ----------
    boxes : tuple of Box
        Regions ``(x, y, w, h)`` in image px where the token was seen (at most a few dozen).
    points : tuple of (x, y)
        Sample locations in image px, for evidence too thin for boxes (text pixels, borders).
    share : float or None
        Fraction (0–1) of the image's opaque pixels that carry the token (colours).
    count : int or None
        Number of observations (elements, gaps, text lines) behind the token.
    image_ids : tuple of str
        Ids of the images the evidence comes from (see `copy_that.imaging.Image.id`).
    detail : mapping
        Extractor-specific facts kept for inspection (JSON-serialisable): element pairs behind a
        spacing value, fitted shadow residuals, recognised text, contrast pairs …
    """

    boxes: tuple[Box, ...] = ()
    points: tuple[tuple[int, int], ...] = ()
    share: float | None = None
    count: int | None = None
    image_ids: tuple[str, ...] = ()
    detail: Mapping[str, JSONValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Token:
    """One design token.

    Parameters
    ----------
    path : TokenPath
        Group names then token name, e.g. ``("color", "palette", "blue")``.
    type : TokenType
        DTCG ``$type``.
    value : TokenValue
        The measured value, or an `Alias`.
    description : str or None
        DTCG ``$description``.
    confidence : float or None
        0–1, computed from the evidence by the extractor; None for tokens read from a document
        that did not carry one.
    evidence : Evidence or None
        Where the value was measured.
    extensions : mapping
        Other ``$extensions`` entries, keyed by vendor namespace, kept verbatim; Copy That's own
        facts beyond confidence/evidence live under ``"com.copy-that"`` here.
    """

    path: TokenPath
    type: TokenType
    value: TokenValue
    description: str | None = None
    confidence: float | None = None
    evidence: Evidence | None = None
    extensions: Mapping[str, JSONValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.path) < 1:
            raise ValueError("a token path needs at least one name")
        for name in self.path:
            validate_name(name)
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must lie in 0–1, got {self.confidence} for {self.name}")

    @property
    def name(self) -> str:
        """The dotted path, as aliases spell it (``color.palette.blue``)."""
        return ".".join(self.path)

    @property
    def is_alias(self) -> bool:
        """Whether the value is a reference to another token."""
        return isinstance(self.value, Alias)


@dataclass(frozen=True)
class GroupInfo:
    """Description and extensions of a group (``spacing``, ``color.palette`` …).

    An extractor that found no evidence for its kind still writes its group, with `reason`
    saying why it is empty (e.g. "no UI elements detected: the image looks like a photo").
    """

    path: TokenPath
    description: str | None = None
    reason: str | None = None
    extensions: Mapping[str, JSONValue] = field(default_factory=dict)


@dataclass(frozen=True)
class ImageInfo:
    """A source image as recorded on the document root.

    ``dpr`` is the device pixel ratio used to convert image px to CSS px; ``dpr_source`` says
    whether it was given (``"option"``) or inferred (``"inferred"``), with ``dpr_confidence``.
    """

    id: str
    name: str | None
    width_px: int
    height_px: int
    dpr: float = 1.0
    dpr_source: Literal["option", "inferred", "default"] = "default"
    dpr_confidence: float | None = None


@dataclass(frozen=True)
class TokenSet:
    """An ordered, path-unique collection of tokens, with group info and run metadata.

    Parameters
    ----------
    tokens : tuple of Token
        In document order; paths are unique and no token path is a prefix of another.
    groups : tuple of GroupInfo
        Descriptions and reasons for groups (including empty ones).
    images : tuple of ImageInfo
        The images the tokens were measured in.
    timings_ms : mapping of str to float
        Wall time per stage in milliseconds (``decode``, ``analysis``, ``colors`` …).
    modes : mapping of mode name to (path → value)
        Alternative values for some tokens per mode (``{"dark": {("color", "background"): …}}``);
        the tokens' own values are the default mode (``light`` for UI themes).
    extensions : mapping
        Other root ``$extensions`` kept verbatim (vendor namespaces).
    """

    tokens: tuple[Token, ...] = ()
    groups: tuple[GroupInfo, ...] = ()
    images: tuple[ImageInfo, ...] = ()
    timings_ms: Mapping[str, float] = field(default_factory=dict)
    modes: Mapping[str, Mapping[TokenPath, TokenValue]] = field(default_factory=dict)
    extensions: Mapping[str, JSONValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[TokenPath] = set()
        for token in self.tokens:
            if token.path in seen:
                raise ValueError(f"duplicate token path {token.name}")
            seen.add(token.path)
        for token in self.tokens:
            for n in range(1, len(token.path)):
                if token.path[:n] in seen:
                    raise ValueError(
                        f"{'.'.join(token.path[:n])} is a token and also a group of {token.name}"
                    )
        for mode, values in self.modes.items():
            validate_name(mode)
            for path in values:
                if path not in seen:
                    raise ValueError(f"mode {mode!r} overrides unknown token {'.'.join(path)}")

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, path: object) -> bool:
        return path in self._by_path

    @cached_property
    def _by_path(self) -> dict[TokenPath, Token]:
        # Built on first lookup: resolving every alias of a document looks up every token.
        return {token.path: token for token in self.tokens}

    def get(self, path: TokenPath | str) -> Token | None:
        """The token at `path` (tuple or dotted string), or None."""
        key = tuple(path.split(".")) if isinstance(path, str) else path
        return self._by_path.get(key)

    def group(self, *prefix: str) -> tuple[Token, ...]:
        """Tokens whose path starts with `prefix`, in order."""
        n = len(prefix)
        return tuple(t for t in self.tokens if t.path[:n] == prefix)

    def group_info(self, *path: str) -> GroupInfo | None:
        """The `GroupInfo` recorded for `path`, or None."""
        for info in self.groups:
            if info.path == path:
                return info
        return None

    def resolve(self, value: TokenValue, *, mode: str | None = None) -> TokenValue:
        """Follow aliases until a concrete value; composite members are resolved too.

        Parameters
        ----------
        value : TokenValue
            A value or alias.
        mode : str, optional
            Use this mode's overrides where present.

        Raises
        ------
        AliasError
            An alias does not resolve, or aliases form a cycle.
        """
        from copy_that.tokens._resolve import resolve_value

        resolved: TokenValue = resolve_value(self, value, mode=mode)
        return resolved

    def with_tokens(self, tokens: Iterable[Token]) -> TokenSet:
        """A copy with `tokens` replacing the token list."""
        return replace(self, tokens=tuple(tokens))

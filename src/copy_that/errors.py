"""The exceptions Copy That raises, one tree with a single root.

::

    CopyThatError
    ├── ImageError
    │   ├── ImageDecodeError       unreadable, truncated or not an image
    │   ├── UnsupportedImageError  a format no installed decoder reads
    │   └── ImageTooLargeError     over the pixel or byte limit, or a decompression bomb
    ├── OptionsError               an option out of range or of the wrong kind
    ├── TokenError
    │   ├── DTCGValidationError    a document breaks DTCG 2025.10; carries a JSON pointer
    │   └── AliasError             an alias that does not resolve, or a cycle
    └── ExportError
        └── UnknownFormatError     a format name no exporter is registered under

Every leaf is also a `ValueError`: each is caused by the caller's input.

Context travels in keyword-only attributes so callers (the CLI, the HTTP service) can map each kind
to an exit code or status without parsing messages. Messages say what to do next.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AliasError",
    "CopyThatError",
    "DTCGValidationError",
    "ExportError",
    "ImageDecodeError",
    "ImageError",
    "ImageTooLargeError",
    "OptionsError",
    "TokenError",
    "UnknownFormatError",
    "UnsupportedImageError",
]


class CopyThatError(Exception):
    """Root of every error Copy That raises on purpose."""


class ImageError(CopyThatError):
    """An input image cannot be used.

    Parameters
    ----------
    message : str
        What went wrong and what to do about it.
    source : str or None
        The file name or image id, when known.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class ImageDecodeError(ImageError, ValueError):
    """The bytes are not a readable image (truncated, corrupt, or not an image at all)."""


class UnsupportedImageError(ImageError, ValueError):
    """The image format is recognised but no installed decoder reads it."""


class ImageTooLargeError(ImageError, ValueError):
    """The image exceeds the configured pixel limit, or looks like a decompression bomb.

    Parameters
    ----------
    message : str
        What went wrong and which option raises the limit.
    width_px, height_px : int
        The declared size of the image.
    max_pixels : int
        The limit that was exceeded.
    source : str or None
        The file name or image id, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        width_px: int,
        height_px: int,
        max_pixels: int,
        source: str | None = None,
    ) -> None:
        super().__init__(message, source=source)
        self.width_px = width_px
        self.height_px = height_px
        self.max_pixels = max_pixels


class OptionsError(CopyThatError, ValueError):
    """An option has a value outside its documented range.

    Parameters
    ----------
    message : str
        What is wrong, naming the option.
    option : str
        The option's name as the caller spelled it.
    """

    def __init__(self, message: str, *, option: str) -> None:
        super().__init__(message)
        self.option = option


class TokenError(CopyThatError):
    """A token document or token set is not usable."""


class DTCGValidationError(TokenError, ValueError):
    """A document is not valid DTCG 2025.10 (or breaks Copy That's token contract).

    Parameters
    ----------
    message : str
        What is wrong.
    pointer : str
        JSON pointer (RFC 6901) to the offending place, ``""`` for the root.
    problems : sequence of (pointer, message)
        Every problem found, when validation collected more than one.
    """

    def __init__(
        self,
        message: str,
        *,
        pointer: str = "",
        problems: Sequence[tuple[str, str]] = (),
    ) -> None:
        where = pointer or "/"
        super().__init__(f"{where}: {message}")
        self.pointer = pointer
        self.problems = tuple(problems) or ((pointer, message),)


class AliasError(TokenError, ValueError):
    """An alias points at a token that does not exist, or aliases form a cycle.

    Parameters
    ----------
    message : str
        What is wrong.
    alias : str
        The alias text, e.g. ``"{color.palette.blue}"``.
    """

    def __init__(self, message: str, *, alias: str) -> None:
        super().__init__(message)
        self.alias = alias


class ExportError(CopyThatError):
    """Tokens could not be turned into the requested format."""


class UnknownFormatError(ExportError, ValueError):
    """No exporter is registered under the requested name.

    Parameters
    ----------
    name : str
        The name that was asked for.
    available : sequence of str
        The registered names, listed in the message.
    """

    def __init__(self, name: str, *, available: Sequence[str]) -> None:
        names = ", ".join(sorted(available)) or "(none registered)"
        super().__init__(f"unknown format {name!r}; choose one of: {names}")
        self.name = name
        self.available = tuple(sorted(available))

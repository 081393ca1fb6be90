"""Accepting image bytes: size cap (413), type sniffed from the bytes (415), pixel cap (422).

The declared ``Content-Type`` and file name are never trusted: the first bytes decide the type,
and the image is decoded once (in a worker thread) before it is stored, so a corrupt or
oversized image is refused at upload rather than failing a job later.
"""

from __future__ import annotations

from dataclasses import dataclass

import anyio.to_thread
from starlette.datastructures import UploadFile

from copy_that.imaging import LoadOptions, load_image
from copy_that.service.errors import PayloadTooLargeError, UnsupportedMediaTypeError

__all__ = ["CheckedImage", "check_image", "read_upload", "safe_filename", "sniff_media_type"]

# Bytes read per chunk while enforcing the size cap.
_CHUNK_BYTES = 1024 * 1024
_MAX_FILENAME_CHARS = 255
# ISO-BMFF brands of HEIF/HEIC and AVIF files (bytes 8–12 of the 'ftyp' box).
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}


def sniff_media_type(data: bytes) -> str:
    """The image media type the bytes' signature shows.

    Raises
    ------
    UnsupportedMediaTypeError
        The signature is not PNG, JPEG, GIF, WebP, BMP, TIFF, HEIF or AVIF.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM"):
        return "image/bmp"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if data[4:8] == b"ftyp":
        if data[8:12] in _HEIF_BRANDS:
            return "image/heic"
        if data[8:12] in _AVIF_BRANDS:
            return "image/avif"
    raise UnsupportedMediaTypeError(
        "the file is not a PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC or AVIF image (judged from its "
        "bytes, not its name); export the screenshot as PNG"
    )


def safe_filename(name: str | None, media_type: str) -> str:
    """A display name without folders or control characters (default ``image.<ext>``)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:_MAX_FILENAME_CHARS] or f"image.{media_type.split('/')[1]}"


async def read_upload(upload: UploadFile, *, max_bytes: int) -> bytes:
    """Read an uploaded file, refusing it as soon as it passes `max_bytes`.

    Raises
    ------
    PayloadTooLargeError
        The file is larger than `max_bytes`.
    """
    chunks: list[bytes] = []
    total = 0
    while chunk := await upload.read(_CHUNK_BYTES):
        total += len(chunk)
        if total > max_bytes:
            raise PayloadTooLargeError(
                f"{upload.filename or 'the file'} is over the {max_bytes:,}-byte upload limit; "
                "send a smaller or more compressed image",
                max_bytes=max_bytes,
            )
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class CheckedImage:
    """An image that passed every check, ready to store."""

    data: bytes
    media_type: str
    filename: str
    width_px: int
    height_px: int


async def check_image(
    data: bytes, *, filename: str | None, max_bytes: int, max_pixels: int
) -> CheckedImage:
    """Check size, type and pixel count, and that the image decodes.

    Raises
    ------
    PayloadTooLargeError
        More than `max_bytes`.
    UnsupportedMediaTypeError
        Not an accepted image type.
    ImageTooLargeError
        More than `max_pixels` pixels.
    ImageDecodeError, UnsupportedImageError
        Corrupt or undecodable.
    """
    if len(data) > max_bytes:
        raise PayloadTooLargeError(
            f"the image is {len(data):,} bytes, over the {max_bytes:,}-byte limit",
            max_bytes=max_bytes,
        )
    media_type = sniff_media_type(data)
    name = safe_filename(filename, media_type)
    options = LoadOptions(max_pixels=max_pixels, max_bytes=max_bytes)
    image = await anyio.to_thread.run_sync(lambda: load_image(data, options=options, name=name))
    return CheckedImage(
        data=data,
        media_type=media_type,
        filename=name,
        width_px=image.width_px,
        height_px=image.height_px,
    )

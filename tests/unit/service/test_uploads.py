"""Tests for copy_that.service.uploads: sniffing, file names, the checks in order."""

from __future__ import annotations

import io

import anyio
import pytest
from PIL import Image as PILImage

from copy_that.errors import ImageDecodeError, ImageTooLargeError
from copy_that.service.errors import PayloadTooLargeError, UnsupportedMediaTypeError
from copy_that.service.uploads import check_image, safe_filename, sniff_media_type


def _encode(fmt: str, size: tuple[int, int] = (10, 8)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 20, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("PNG", "image/png"),
        ("JPEG", "image/jpeg"),
        ("GIF", "image/gif"),
        ("WEBP", "image/webp"),
        ("BMP", "image/bmp"),
        ("TIFF", "image/tiff"),
    ],
)
def test_sniffs_real_files(fmt: str, media_type: str) -> None:
    assert sniff_media_type(_encode(fmt)) == media_type


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        (b"\x00\x00\x00\x18ftypavif\x00\x00", "image/avif"),
    ],
)
def test_sniffs_iso_bmff_brands(head: bytes, media_type: str) -> None:
    assert sniff_media_type(head) == media_type


@pytest.mark.parametrize(
    "data", [b"", b"<svg/>", b"%PDF-1.7", b"\x00\x00\x00\x18ftypmp42", b"GIF", b"hello world"]
)
def test_refuses_everything_else(data: bytes) -> None:
    with pytest.raises(UnsupportedMediaTypeError, match="judged from its bytes"):
        sniff_media_type(data)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("shot.png", "shot.png"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\shot.png", "shot.png"),
        ("bad\x00\nname.png", "badname.png"),
        ("", "image.png"),
        (None, "image.png"),
        ("x" * 300, "x" * 255),
    ],
)
def test_safe_filename(name: str | None, expected: str) -> None:
    assert safe_filename(name, "image/png") == expected


def test_check_image_reports_size() -> None:
    checked = anyio.run(
        lambda: check_image(
            _encode("PNG", (30, 20)), filename="a.png", max_bytes=10_000, max_pixels=1000
        )
    )
    assert (checked.width_px, checked.height_px, checked.media_type) == (30, 20, "image/png")


def test_check_image_order_of_refusals() -> None:
    png = _encode("PNG", (40, 40))

    def check(data: bytes, max_bytes: int = 100_000, max_pixels: int = 10_000) -> object:
        return anyio.run(
            lambda: check_image(data, filename=None, max_bytes=max_bytes, max_pixels=max_pixels)
        )

    with pytest.raises(PayloadTooLargeError):
        check(png, max_bytes=10)
    with pytest.raises(UnsupportedMediaTypeError):
        check(b"not an image")
    with pytest.raises(ImageTooLargeError):
        check(png, max_pixels=100)
    with pytest.raises(ImageDecodeError):
        check(png[:50])

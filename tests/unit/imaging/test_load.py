import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from coloraide import Color as CAColor
from PIL import Image as PILImage

from copy_that.errors import (
    ImageDecodeError,
    ImageError,
    ImageTooLargeError,
)
from copy_that.imaging import Image, LoadOptions, load_image

from ._icc import DISPLAY_P3


def _encode(pil: PILImage.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    pil.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def _flat(rgb: tuple[int, int, int], size: tuple[int, int] = (8, 6)) -> PILImage.Image:
    return PILImage.new("RGB", size, rgb)


@pytest.mark.parametrize("fmt", ["PNG", "BMP", "TIFF", "WEBP", "GIF"])
def test_lossless_formats_decode_exact_colour(fmt: str) -> None:
    params = {"lossless": True} if fmt == "WEBP" else {}
    image = load_image(_encode(_flat((18, 52, 86)), fmt, **params))
    assert image.rgb.shape == (6, 8, 3)
    assert (image.rgb == (18, 52, 86)).all()
    assert (image.alpha == 255).all()
    assert image.source_format == fmt


def test_jpeg_decodes_close_to_source() -> None:
    image = load_image(_encode(_flat((200, 40, 40), (32, 32)), "JPEG", quality=90))
    assert np.abs(image.rgb.astype(int) - (200, 40, 40)).max() <= 3


def test_heic_decodes_when_pillow_heif_is_installed() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    data = _encode(_flat((30, 120, 200), (64, 64)), "HEIF", quality=95)
    image = load_image(data)
    assert image.source_format == "HEIF"
    assert np.abs(image.rgb.astype(int) - (30, 120, 200)).max() <= 6


def test_avif_decodes() -> None:
    if "AVIF" not in PILImage.registered_extensions().values():
        pytest.fail("this Pillow has no AVIF codec; Pillow >= 11.2 wheels ship one")
    data = _encode(_flat((30, 120, 200), (64, 64)), "AVIF", quality=95)
    image = load_image(data)
    assert np.abs(image.rgb.astype(int) - (30, 120, 200)).max() <= 6


def test_gif_uses_first_frame() -> None:
    frames = [_flat((255, 0, 0)), _flat((0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    image = load_image(buffer.getvalue())
    assert (image.rgb == (255, 0, 0)).all()


def test_exif_orientation_is_applied() -> None:
    pil = PILImage.new("RGB", (4, 2), (0, 0, 0))
    pil.putpixel((0, 0), (255, 255, 255))
    exif = PILImage.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    image = load_image(_encode(pil, "PNG", exif=exif))
    assert image.rgb.shape == (4, 2, 3)
    # The top-left pixel of the stored image is shown at the top-right after rotation.
    assert tuple(image.rgb[0, 1]) == (255, 255, 255)


def test_display_p3_profile_is_converted_to_srgb() -> None:
    p3 = (200, 100, 50)
    data = _encode(_flat(p3), "PNG", icc_profile=DISPLAY_P3)
    image = load_image(data)
    expected = CAColor("display-p3", [c / 255 for c in p3]).convert("srgb").fit("srgb")
    expected_8bit = np.round(np.array(expected.coords()) * 255)
    assert image.icc_profile == "Display P3"
    assert np.abs(image.rgb[0, 0].astype(int) - expected_8bit).max() <= 1
    # Ignoring the profile would have given the raw values: the conversion must move them.
    assert tuple(image.rgb[0, 0]) != p3


def test_rgba_keeps_alpha() -> None:
    pil = PILImage.new("RGBA", (4, 4), (10, 20, 30, 0))
    pil.putpixel((1, 1), (200, 100, 50, 255))
    image = load_image(_encode(pil, "PNG"))
    assert image.has_transparency
    assert image.alpha[1, 1] == 255
    assert image.alpha[0, 0] == 0
    assert tuple(image.rgb[1, 1]) == (200, 100, 50)


def test_palette_with_transparency_becomes_alpha() -> None:
    pil = PILImage.new("P", (4, 4), 0)
    pil.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    pil.putpixel((2, 2), 1)
    image = load_image(_encode(pil, "PNG", transparency=0))
    assert image.alpha[0, 0] == 0
    assert image.alpha[2, 2] == 255
    assert tuple(image.rgb[2, 2]) == (0, 255, 0)


def test_sixteen_bit_grey_is_scaled() -> None:
    values = np.array([[0, 32896], [65535, 257]], dtype=np.uint16)
    pil = PILImage.fromarray(values)
    image = load_image(_encode(pil, "PNG"))
    assert image.rgb[..., 0].tolist() == [[0, 128], [255, 1]]
    assert (image.rgb[..., 0] == image.rgb[..., 2]).all()


def test_grey_and_cmyk_images_become_rgb() -> None:
    grey = load_image(_encode(PILImage.new("L", (3, 3), 77), "PNG"))
    assert (grey.rgb == 77).all()
    cmyk = load_image(_encode(PILImage.new("CMYK", (3, 3), (0, 255, 255, 0)), "JPEG"))
    red, green, blue = cmyk.rgb[1, 1].astype(int)
    assert red > 200
    assert max(green, blue) < 60


def test_path_and_bytes_give_the_same_image(tmp_path: Path) -> None:
    data = _encode(_flat((1, 2, 3)), "PNG")
    path = tmp_path / "shot.png"
    path.write_bytes(data)
    from_path = load_image(path)
    from_bytes = load_image(data)
    assert from_path.id == from_bytes.id
    assert from_path.name == "shot.png"
    assert isinstance(from_path, Image)


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, b"GIF89a"],
    ids=["empty", "text", "png-signature-only", "gif-header-only"],
)
def test_non_images_raise_decode_error(data: bytes) -> None:
    with pytest.raises(ImageDecodeError):
        load_image(data)


def test_truncated_png_raises_decode_error() -> None:
    data = _encode(PILImage.effect_noise((64, 64), 40).convert("RGB"), "PNG")
    with pytest.raises(ImageDecodeError, match="truncated or corrupt"):
        load_image(data[: len(data) // 2])


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_declared_size_over_limit_is_refused_before_decoding() -> None:
    header_only = _png_header_only(12000, 10000)
    with pytest.raises(ImageTooLargeError) as caught:
        load_image(header_only)
    assert (caught.value.width_px, caught.value.height_px) == (12000, 10000)
    assert "max_pixels" in str(caught.value)


def test_decompression_bomb_is_refused() -> None:
    with pytest.raises(ImageTooLargeError, match="decompression bomb"):
        load_image(_png_header_only(30000, 20000))


def test_pixel_limit_is_configurable() -> None:
    data = _encode(_flat((5, 5, 5), (100, 100)), "PNG")
    with pytest.raises(ImageTooLargeError):
        load_image(data, options=LoadOptions(max_pixels=9_999))
    assert load_image(data, options=LoadOptions(max_pixels=10_000)).pixel_count == 10_000


def test_byte_limit_is_enforced(tmp_path: Path) -> None:
    data = _encode(_flat((5, 5, 5)), "PNG")
    path = tmp_path / "a.png"
    path.write_bytes(data)
    with pytest.raises(ImageTooLargeError, match="byte limit"):
        load_image(path, options=LoadOptions(max_bytes=10))
    with pytest.raises(ImageTooLargeError, match="byte limit"):
        load_image(data, options=LoadOptions(max_bytes=10))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ImageDecodeError, match="no such file"):
        load_image(tmp_path / "missing.png")
    with pytest.raises(ImageDecodeError, match="not a file"):
        load_image(tmp_path)


def test_wrong_source_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="bytes or a path"):
        load_image(12345)  # type: ignore[arg-type]


def test_errors_are_value_errors_and_image_errors() -> None:
    with pytest.raises(ValueError, match="not an image"):
        load_image(b"junk")
    with pytest.raises(ImageError):
        load_image(b"junk")


def test_from_array_validates_shape_and_dtype() -> None:
    with pytest.raises(ValueError, match="uint8"):
        Image.from_array(np.zeros((2, 2, 3), dtype=np.float32))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alpha"):
        Image.from_array(np.zeros((2, 2, 3), np.uint8), alpha=np.zeros((3, 3), np.uint8))
    image = Image.from_array(np.zeros((2, 3, 3), np.uint8))
    assert (image.width_px, image.height_px) == (3, 2)
    assert image.oklab.shape == (2, 3, 3)
    assert image.oklab.dtype == np.float32

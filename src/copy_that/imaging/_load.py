"""Decode image bytes into an `Image`: limits, EXIF orientation, ICC → sRGB, alpha."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from copy_that.errors import ImageDecodeError, ImageTooLargeError, UnsupportedImageError
from copy_that.imaging._image import Image

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_PIXELS", "LoadOptions", "load_image"]

#: Default pixel limit: 40 MP covers an 8K (7680×4320) screenshot with room to spare.
DEFAULT_MAX_PIXELS = 40_000_000
#: Default file-size limit in bytes (100 MiB): far above any real screenshot.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024

_SRGB_PROFILE = ImageCms.createProfile("sRGB")
# Modes Pillow decodes 16-bit greys into; their code values run 0–65535.
_WIDE_GREY_MODES = {"I;16", "I;16L", "I;16B", "I;16N", "I"}
_heif_registered = False


@dataclass(frozen=True)
class LoadOptions:
    """Limits applied while decoding.

    Parameters
    ----------
    max_pixels : int
        Largest accepted ``width * height``; larger images raise `ImageTooLargeError`
        before any pixel is decoded. Default 40,000,000.
    max_bytes : int
        Largest accepted file size in bytes. Default 100 MiB.
    """

    max_pixels: int = DEFAULT_MAX_PIXELS
    max_bytes: int = DEFAULT_MAX_BYTES


def _register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (and AVIF on older Pillow) when pillow-heif is installed."""
    global _heif_registered
    if _heif_registered:
        return
    try:
        import pillow_heif
    except ImportError:  # optional at run time: HEIC then reports UnsupportedImageError
        _heif_registered = True
        return
    pillow_heif.register_heif_opener()
    _heif_registered = True


def _read_source(source: bytes | str | Path, max_bytes: int) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = None
    elif isinstance(source, str | Path):
        path = Path(source)
        name = path.name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise ImageDecodeError(f"no such file: {path}", source=str(path)) from None
        except OSError as exc:
            message = f"cannot read {path}: {exc.strerror}"
            raise ImageDecodeError(message, source=str(path)) from None
        if size > max_bytes:
            raise ImageTooLargeError(
                f"{path.name} is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                "raise max_bytes if the file is trusted",
                width_px=0,
                height_px=0,
                max_pixels=0,
                source=name,
            )
        if not path.is_file():
            raise ImageDecodeError(f"{path} is not a file", source=str(path))
        data = path.read_bytes()
    else:
        raise TypeError(f"source must be bytes or a path, got {type(source).__name__}")
    if len(data) > max_bytes:
        raise ImageTooLargeError(
            f"image data is {len(data):,} bytes, over the {max_bytes:,}-byte limit; "
            "raise max_bytes if the file is trusted",
            width_px=0,
            height_px=0,
            max_pixels=0,
            source=name,
        )
    if not data:
        raise ImageDecodeError("the image file is empty", source=name)
    return data, name


def _to_srgb(pil: PILImage.Image) -> tuple[PILImage.Image, str | None]:
    """Convert pixels from the embedded ICC profile to sRGB; return the profile description."""
    icc = pil.info.get("icc_profile")
    if not icc:
        return pil, None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        description = (ImageCms.getProfileDescription(profile) or "").strip()
    except (OSError, ImageCms.PyCMSError):
        # A damaged profile: the pixels are still usable, read as sRGB.
        return pil, "unreadable ICC profile (pixels read as sRGB)"
    if "srgb" in description.lower() and pil.mode in ("RGB", "RGBA"):
        return pil, description
    alpha = pil.getchannel("A") if "A" in pil.getbands() else None
    if pil.mode not in ("RGB", "CMYK", "L"):
        pil = pil.convert("CMYK" if pil.mode == "CMYK" else "RGB")
    try:
        converted = ImageCms.profileToProfile(
            pil,
            profile,
            _SRGB_PROFILE,
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            outputMode="RGB",
        )
    except ImageCms.PyCMSError:
        return pil.convert("RGB"), f"{description} (not applied: incompatible with {pil.mode})"
    assert converted is not None  # profileToProfile returns an image unless inPlace=True
    if alpha is not None:
        converted.putalpha(alpha)
    return converted, description


def _pixels(pil: PILImage.Image) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """Return (rgb, alpha) uint8 arrays for any Pillow mode."""
    if pil.mode in _WIDE_GREY_MODES:
        wide = np.asarray(pil, dtype=np.float64)
        grey = np.asarray(np.clip(np.round(wide / 257.0), 0, 255), dtype=np.uint8)
        return np.repeat(grey[..., None], 3, axis=2), np.full(grey.shape, 255, np.uint8)
    if pil.mode == "F":
        grey = np.asarray(np.clip(np.round(np.asarray(pil)), 0, 255), dtype=np.uint8)
        return np.repeat(grey[..., None], 3, axis=2), np.full(grey.shape, 255, np.uint8)
    has_alpha = "A" in pil.getbands() or (pil.mode == "P" and "transparency" in pil.info)
    rgba = np.asarray(pil.convert("RGBA") if has_alpha else pil.convert("RGB"))
    if has_alpha:
        return np.ascontiguousarray(rgba[..., :3]), np.ascontiguousarray(rgba[..., 3])
    return np.ascontiguousarray(rgba), np.full(rgba.shape[:2], 255, np.uint8)


def load_image(
    source: bytes | str | Path,
    *,
    options: LoadOptions | None = None,
    name: str | None = None,
) -> Image:
    """Decode an image file into an sRGB `Image`.

    Parameters
    ----------
    source : bytes or str or Path
        The file's bytes, or its path.
    options : LoadOptions, optional
        Size limits; defaults to `LoadOptions()`.
    name : str, optional
        A label for messages and reports; defaults to the file name.

    Returns
    -------
    Image
        Oriented by EXIF, converted from its ICC profile to sRGB, first frame of animations.

    Raises
    ------
    ImageDecodeError
        The data is empty, truncated, corrupt or not an image.
    UnsupportedImageError
        The format needs a decoder that is not installed.
    ImageTooLargeError
        The file or its declared pixel count exceeds the limits (checked before decoding pixels).

    Notes
    -----
    PNG, JPEG, WebP, GIF, BMP, TIFF and AVIF decode through Pillow; HEIC/HEIF through
    pillow-heif. CMYK and Display-P3 images are colour-managed with LittleCMS (relative
    colorimetric intent). 16-bit greys are scaled to 8 bits.
    """
    opts = options or LoadOptions()
    if opts.max_pixels <= 0:
        raise ValueError(f"max_pixels must be positive, got {opts.max_pixels}")
    data, file_name = _read_source(source, opts.max_bytes)
    label = name or file_name
    _register_heif()
    try:
        with warnings.catch_warnings():
            # Our own pixel limit replaces Pillow's global one; see the size check below.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            pil: PILImage.Image = PILImage.open(io.BytesIO(data))
            width, height = pil.size
            if width * height > opts.max_pixels:
                raise ImageTooLargeError(
                    f"{label or 'image'} is {width}×{height} px ({width * height:,} pixels), over "
                    f"the {opts.max_pixels:,}-pixel limit; downscale it or raise max_pixels "
                    "(--max-pixels) if the file is trusted",
                    width_px=width,
                    height_px=height,
                    max_pixels=opts.max_pixels,
                    source=label,
                )
            if getattr(pil, "n_frames", 1) > 1:
                pil.seek(0)
            pil.load()
            source_format = pil.format or "UNKNOWN"
            pil = ImageOps.exif_transpose(pil)
    except ImageTooLargeError:
        raise
    except PILImage.DecompressionBombError as exc:
        raise ImageTooLargeError(
            f"{label or 'image'} looks like a decompression bomb ({exc}); refusing to decode it",
            width_px=0,
            height_px=0,
            max_pixels=opts.max_pixels,
            source=label,
        ) from None
    except UnidentifiedImageError:
        if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
            raise UnsupportedImageError(
                f"{label or 'image'} is HEIF/AVIF, which this installation cannot decode; "
                "install pillow-heif (pip install pillow-heif)",
                source=label,
            ) from None
        raise ImageDecodeError(
            f"{label or 'data'} is not an image Copy That can read (PNG, JPEG, WebP, GIF, BMP, "
            "TIFF, HEIC, AVIF)",
            source=label,
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageDecodeError(
            f"{label or 'image'} could not be decoded ({exc}); the file is probably truncated or "
            "corrupt: export it again",
            source=label,
        ) from None
    pil, icc_description = _to_srgb(pil)
    rgb, alpha = _pixels(pil)
    digest = hashlib.sha256(data).hexdigest()
    return Image(
        rgb=rgb,
        alpha=alpha,
        id=digest[:16],
        name=label,
        source_format=source_format,
        icc_profile=icc_description,
    )

"""Tests for copy_that.service.errors: the status table."""

from __future__ import annotations

import pytest

from copy_that.errors import (
    AliasError,
    CopyThatError,
    DTCGValidationError,
    ExportError,
    ImageDecodeError,
    ImageTooLargeError,
    OptionsError,
    UnknownFormatError,
    UnsupportedImageError,
)
from copy_that.service.errors import (
    AuthenticationError,
    ConflictError,
    FetchError,
    FetchTimeoutError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitedError,
    UnavailableError,
    UnsupportedMediaTypeError,
    URLNotAllowedError,
    status_for,
)


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (NotFoundError("project", "x"), 404, "not_found"),
        (AuthenticationError("x"), 401, "not_authenticated"),
        (PermissionDeniedError("x"), 403, "forbidden"),
        (ConflictError("x"), 409, "conflict"),
        (PayloadTooLargeError("x", max_bytes=1), 413, "payload_too_large"),
        (UnsupportedMediaTypeError("x"), 415, "unsupported_media_type"),
        (RateLimitedError("x", retry_after_s=3), 429, "rate_limited"),
        (URLNotAllowedError("x"), 422, "url_not_allowed"),
        (FetchError("x"), 502, "fetch_failed"),
        (FetchTimeoutError("x"), 504, "fetch_timeout"),
        (UnavailableError("x"), 503, "unavailable"),
        (UnsupportedImageError("x"), 415, "unsupported_image"),
        (ImageTooLargeError("x", width_px=1, height_px=1, max_pixels=1), 422, "image_too_large"),
        (ImageDecodeError("x"), 422, "image_unreadable"),
        (OptionsError("x", option="o"), 422, "invalid_option"),
        (DTCGValidationError("x", pointer="/a"), 422, "invalid_tokens"),
        (AliasError("x", alias="{a}"), 422, "invalid_alias"),
        (UnknownFormatError("x", available=["css"]), 422, "unknown_format"),
        (ExportError("x"), 422, "export_failed"),
        (CopyThatError("x"), 400, "bad_request"),
    ],
)
def test_status_for(error: CopyThatError, status: int, code: str) -> None:
    assert status_for(error) == (status, code)


def test_a_subclass_maps_like_its_nearest_known_parent() -> None:
    class GoneError(NotFoundError):
        pass

    assert status_for(GoneError("image", "x")) == (404, "not_found")


def test_not_found_names_kind_and_id() -> None:
    error = NotFoundError("image", "abc")
    assert str(error) == "image 'abc' not found"
    assert (error.kind, error.object_id) == ("image", "abc")

"""The service's own error kinds and the one table that maps every `CopyThatError` to HTTP.

::

    CopyThatError                      (copy_that.errors)
    └── ServiceError
        ├── NotFoundError              404  no such object, or it belongs to another tenant
        ├── AuthenticationError        401  no valid session cookie or API key
        ├── PermissionDeniedError      403  a member tried an owner-only action
        ├── ConflictError              409  the object's state forbids the action (name taken …)
        ├── PayloadTooLargeError       413  a body, file or fetched URL over its byte cap
        ├── UnsupportedMediaTypeError  415  bytes that are not an image type we accept
        ├── RateLimitedError           429  too many requests; carries ``retry_after_s``
        ├── URLNotAllowedError         422  a URL to a private address, a bad scheme …
        ├── FetchError                 502  the remote server failed or sent nothing usable
        │   └── FetchTimeoutError      504  the remote server was too slow
        └── UnavailableError           503  the database, blob store or broker is down

Library code (repositories, storage, jobs, the URL fetcher) raises these; only
`copy_that.service.handlers` turns them into responses, through `status_for`.
"""

from __future__ import annotations

from collections.abc import Mapping

from copy_that.errors import (
    AliasError,
    CopyThatError,
    DTCGValidationError,
    ExportError,
    ImageDecodeError,
    ImageError,
    ImageTooLargeError,
    OptionsError,
    TokenError,
    UnknownFormatError,
    UnsupportedImageError,
)

__all__ = [
    "AuthenticationError",
    "ConflictError",
    "FetchError",
    "FetchTimeoutError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitedError",
    "ServiceError",
    "URLNotAllowedError",
    "UnavailableError",
    "UnsupportedMediaTypeError",
    "status_for",
]


class ServiceError(CopyThatError):
    """Root of the errors only the HTTP service raises."""


class NotFoundError(ServiceError):
    """The object does not exist for this caller (it may exist for another tenant).

    Parameters
    ----------
    kind : str
        What was looked up (``"project"``, ``"image"`` …).
    object_id : str
        The id the caller gave.
    """

    def __init__(self, kind: str, object_id: str) -> None:
        super().__init__(f"{kind} {object_id!r} not found")
        self.kind = kind
        self.object_id = object_id


class AuthenticationError(ServiceError):
    """The request carries no valid credentials; log in or send an API key."""


class PermissionDeniedError(ServiceError):
    """The caller can see the object but their role does not allow the action."""


class ConflictError(ServiceError):
    """The action conflicts with the object's current state."""


class PayloadTooLargeError(ServiceError):
    """A body, file or download is over its byte cap.

    Parameters
    ----------
    message : str
        What was too large and the cap.
    max_bytes : int
        The cap that was exceeded.
    """

    def __init__(self, message: str, *, max_bytes: int) -> None:
        super().__init__(message)
        self.max_bytes = max_bytes


class UnsupportedMediaTypeError(ServiceError):
    """The bytes are not an image format the service accepts (judged from the bytes themselves)."""


class RateLimitedError(ServiceError):
    """Too many requests for this caller.

    Parameters
    ----------
    message : str
        Which limit was hit.
    retry_after_s : int
        Whole seconds until the window has room again (sent as ``Retry-After``).
    """

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class URLNotAllowedError(ServiceError, ValueError):
    """A URL the service refuses to fetch (scheme, credentials, private or reserved address)."""


class FetchError(ServiceError):
    """The remote server failed, or answered with something that is not a usable image."""


class FetchTimeoutError(FetchError):
    """The remote server did not deliver the file within the time cap."""


class UnavailableError(ServiceError):
    """A backing service (database, blob store, broker) cannot be reached."""


#: ``(error class, HTTP status, machine-readable code)``; the most specific class wins.
_TABLE: tuple[tuple[type[CopyThatError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (AuthenticationError, 401, "not_authenticated"),
    (PermissionDeniedError, 403, "forbidden"),
    (ConflictError, 409, "conflict"),
    (PayloadTooLargeError, 413, "payload_too_large"),
    (UnsupportedMediaTypeError, 415, "unsupported_media_type"),
    (RateLimitedError, 429, "rate_limited"),
    (URLNotAllowedError, 422, "url_not_allowed"),
    (FetchTimeoutError, 504, "fetch_timeout"),
    (FetchError, 502, "fetch_failed"),
    (UnavailableError, 503, "unavailable"),
    (UnsupportedImageError, 415, "unsupported_image"),
    (ImageTooLargeError, 422, "image_too_large"),
    (ImageDecodeError, 422, "image_unreadable"),
    (ImageError, 422, "image_error"),
    (OptionsError, 422, "invalid_option"),
    (DTCGValidationError, 422, "invalid_tokens"),
    (AliasError, 422, "invalid_alias"),
    (TokenError, 422, "token_error"),
    (UnknownFormatError, 422, "unknown_format"),
    (ExportError, 422, "export_failed"),
    (CopyThatError, 400, "bad_request"),
)
_BY_CLASS: Mapping[type[CopyThatError], tuple[int, str]] = {
    cls: (status, code) for cls, status, code in _TABLE
}


def status_for(error: CopyThatError) -> tuple[int, str]:
    """The HTTP status and error code for `error`, from its most specific known class.

    Parameters
    ----------
    error : CopyThatError
        Any error from Copy That's tree.

    Returns
    -------
    (int, str)
        Status code and a stable snake_case code for clients to branch on.
    """
    # CopyThatError itself is in the table, so some class of the MRO always matches.
    return next(_BY_CLASS[cls] for cls in type(error).__mro__ if cls in _BY_CLASS)

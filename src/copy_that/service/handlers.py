"""Errors as HTTP: one handler for every `CopyThatError`, structured bodies, body-size caps.

Every error response is ``{"error": {"code", "message", "request_id", "details"}}``. Internal
errors answer 500 with a reference (the request id) and never the exception's text.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from copy_that.errors import CopyThatError, DTCGValidationError, UnknownFormatError
from copy_that.service.errors import (
    AuthenticationError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
    status_for,
)
from copy_that.service.logging import current_request_id

__all__ = [
    "BodyLimitMiddleware",
    "InternalErrorMiddleware",
    "error_response",
    "install_error_handlers",
]

_log = logging.getLogger(__name__)
# Codes for statuses Starlette raises itself (unknown route, wrong method …).
_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A JSON error response in the service's one error shape."""
    body: dict[str, Any] = {
        "error": {"code": code, "message": message, "request_id": current_request_id()}
    }
    if details is not None:
        body["error"]["details"] = jsonable_encoder(details)
    return JSONResponse(body, status_code=status, headers=headers)


def _details(error: CopyThatError) -> Any:
    if isinstance(error, DTCGValidationError):
        return [{"pointer": pointer, "message": message} for pointer, message in error.problems]
    if isinstance(error, UnknownFormatError):
        return {"available": list(error.available)}
    if isinstance(error, PayloadTooLargeError):
        return {"max_bytes": error.max_bytes}
    if isinstance(error, NotFoundError):
        return {"kind": error.kind}
    return None


async def _copy_that_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, CopyThatError)  # registered for CopyThatError only
    status, code = status_for(error)
    headers: dict[str, str] = {}
    if isinstance(error, RateLimitedError):
        headers["Retry-After"] = str(error.retry_after_s)
    if isinstance(error, AuthenticationError):
        headers["WWW-Authenticate"] = 'Bearer realm="copy-that"'
    return error_response(status, code, str(error), details=_details(error), headers=headers)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)  # registered for it only
    problems = [
        {"loc": list(item.get("loc", ())), "message": item.get("msg", ""), "type": item.get("type")}
        for item in error.errors()
    ]
    return error_response(
        422, "invalid_request", "the request does not match the API schema", details=problems
    )


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)  # registered for it only
    code = _HTTP_CODES.get(error.status_code, "http_error")
    phrase = HTTPStatus(error.status_code).phrase.lower()
    message = error.detail if isinstance(error.detail, str) and error.detail else phrase
    return error_response(error.status_code, code, message, headers=dict(error.headers or {}))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers for Copy That errors, validation errors and HTTP errors."""
    app.add_exception_handler(CopyThatError, _copy_that_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)


class InternalErrorMiddleware:
    """Answer an unexpected exception with a structured 500 (and log it) instead of its text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request, turning an escaped exception into a JSON 500."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            _log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = error_response(
                500,
                "internal_error",
                "internal error; quote the request id when reporting it",
            )
            await response(scope, receive, send)


class BodyLimitMiddleware:
    """Refuse request bodies over their cap with 413 before reading them into memory.

    Parameters
    ----------
    app : ASGI app
        The wrapped application.
    max_multipart_bytes : int
        Cap for ``multipart/form-data`` bodies (uploads).
    max_other_bytes : int
        Cap for every other body (JSON).
    """

    def __init__(self, app: ASGIApp, *, max_multipart_bytes: int, max_other_bytes: int) -> None:
        self.app = app
        self.max_multipart_bytes = max_multipart_bytes
        self.max_other_bytes = max_other_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request with its body counted against the cap."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        is_multipart = headers.get("content-type", "").startswith("multipart/form-data")
        cap = self.max_multipart_bytes if is_multipart else self.max_other_bytes
        message = f"the request body is over the {cap:,}-byte limit"
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            response = error_response(413, "payload_too_large", message, details={"max_bytes": cap})
            await response(scope, receive, send)
            return
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            item = await receive()
            if item["type"] == "http.request":
                received += len(item.get("body", b""))
                if received > cap:
                    # FastAPI turns other exceptions raised while reading a body into a 400, but
                    # passes HTTPException through to the handler, which renders it as 413.
                    raise HTTPException(413, detail=message)
            return item

        await self.app(scope, capped_receive, send)

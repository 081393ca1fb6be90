"""Structured JSON logs for the service: one object per line, with the request id of the request.

Every line is a JSON object that Google Cloud Logging (and any other JSON log shipper) reads as a
structured entry: ``time`` (RFC 3339, UTC), ``severity``, ``logger``, ``message``, ``process``,
``request_id`` while a request is being served, ``exception`` with the traceback when there is one,
and every ``extra=`` field the caller passed.

`RequestIdMiddleware` is a plain ASGI middleware. For each HTTP or WebSocket connection it takes
the caller's ``X-Request-ID`` (when it is short and made of safe characters) or makes a new one,
keeps it in a context variable so every log line written while serving the request carries it,
echoes it in the response headers, and writes one access line per HTTP request on the
``copy_that.access`` logger with a Cloud Logging ``httpRequest`` object (method, path, status,
bytes, latency, client).

`logging_config` is the one `logging.config.dictConfig` mapping used by both `configure_logging`
(the CLI, ``copy-that serve``, the Celery worker) and ``deploy/gunicorn.conf.py``.

This module imports only the standard library, so gunicorn's master process can load it cheaply.
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
import re
import time
import traceback
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

from copy_that.errors import OptionsError

__all__ = [
    "ACCESS_LOGGER",
    "LOG_LEVELS",
    "REQUEST_ID_HEADER",
    "JsonFormatter",
    "RequestIdMiddleware",
    "configure_logging",
    "current_request_id",
    "logging_config",
    "parse_log_level",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Header that carries the request id in and out (HTTP header names are case-insensitive).
REQUEST_ID_HEADER = "X-Request-ID"
#: Logger the middleware writes one line per HTTP request to.
ACCESS_LOGGER = "copy_that.access"
#: Level names `parse_log_level` accepts (``LOG_LEVEL``), most verbose first.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

_REQUEST_ID: ContextVar[str | None] = ContextVar("copy_that_request_id", default=None)
# A caller's id is reused only when it cannot smuggle anything into a log line or header: 128
# characters is room for any UUID, ULID or trace id, and the set excludes spaces, quotes and CR/LF.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
_REQUEST_ID_HEADER_BYTES = REQUEST_ID_HEADER.lower().encode("ascii")
# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is logged.
# uvicorn adds ``color_message`` (the message with terminal colour codes) to its own records.
_RECORD_ATTRS = frozenset(logging.LogRecord("", logging.INFO, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}
# Probe paths the access log writes at DEBUG: platforms call them every few seconds.
_DEFAULT_QUIET_PATHS = frozenset({"/health", "/ready"})


def current_request_id() -> str | None:
    """Return the id of the request being served in this context.

    Returns
    -------
    str or None
        The id `RequestIdMiddleware` chose for the current request, None outside a request.
    """
    return _REQUEST_ID.get()


def parse_log_level(name: str) -> int:
    """Turn a ``LOG_LEVEL`` value into a `logging` level number.

    Parameters
    ----------
    name : str
        One of `LOG_LEVELS`, in any case, surrounding spaces ignored.

    Returns
    -------
    int
        The `logging` level, e.g. ``logging.INFO`` (20).

    Raises
    ------
    OptionsError
        When the name is not one of `LOG_LEVELS`.
    """
    key = name.strip().upper()
    if key not in LOG_LEVELS:
        raise OptionsError(
            f"LOG_LEVEL={name!r} is not a log level; set it to one of {', '.join(LOG_LEVELS)}",
            option="LOG_LEVEL",
        )
    return logging.getLevelNamesMapping()[key]


class JsonFormatter(logging.Formatter):
    """Format each record as one line of JSON (Cloud Logging's structured-entry fields).

    Values that JSON cannot hold are written with `str`. The output never spans lines: newlines in
    messages and tracebacks are escaped by the JSON encoder.
    """

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a single-line JSON object."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "severity": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        request_id = getattr(record, "request_id", None) or _REQUEST_ID.get()
        if request_id is not None:
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRS and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(level: str, *, stream: str = "ext://sys.stdout") -> dict[str, Any]:
    """Build the `logging.config.dictConfig` mapping for JSON logs at one level.

    Parameters
    ----------
    level : str
        ``LOG_LEVEL``: one of `LOG_LEVELS`, any case.
    stream : str
        dictConfig stream reference every line goes to; stdout by default, where container
        platforms collect it.

    Returns
    -------
    dict
        A version-1 dictConfig mapping. The root logger and gunicorn's and uvicorn's error loggers
        write JSON at ``level``; ``gunicorn.access`` and ``uvicorn.access`` are silenced because
        `RequestIdMiddleware` writes the access lines (with latency and request id) instead.

    Raises
    ------
    OptionsError
        When ``level`` is not a log level.
    """
    level_name = logging.getLevelName(parse_log_level(level))
    json_handler = {"handlers": ["json"], "level": level_name, "propagate": False}
    silenced = {"handlers": [], "level": "CRITICAL", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {
            "json": {"class": "logging.StreamHandler", "formatter": "json", "stream": stream},
        },
        "root": {"handlers": ["json"], "level": level_name},
        "loggers": {
            "gunicorn.error": json_handler,
            "uvicorn.error": json_handler,
            "gunicorn.access": silenced,
            "uvicorn.access": silenced,
        },
    }


def configure_logging(level: str | None = None, *, stream: TextIO | None = None) -> None:
    """Send every log record, as JSON lines, to stdout (or ``stream``) at ``LOG_LEVEL``.

    Safe to call more than once: each call replaces the handlers it installed before.

    Parameters
    ----------
    level : str or None
        One of `LOG_LEVELS`; None reads the ``LOG_LEVEL`` environment variable (default INFO).
    stream : text file or None
        Where to write; None means ``sys.stdout``.

    Raises
    ------
    OptionsError
        When the level is not a log level.
    """
    config = logging_config(level if level is not None else os.environ.get("LOG_LEVEL", "INFO"))
    if stream is not None:
        config["handlers"]["json"]["stream"] = stream
    logging.config.dictConfig(config)


class RequestIdMiddleware:
    """ASGI middleware: a request id per request, echoed in ``X-Request-ID``, plus access lines.

    Parameters
    ----------
    app : ASGI application
        The application to wrap.
    access_log : bool
        Write one ``copy_that.access`` line per HTTP request (default True).
    quiet_paths : frozenset of str
        Paths whose access lines are written at DEBUG instead of INFO; by default the probe
        endpoints ``/health`` and ``/ready``.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        access_log: bool = True,
        quiet_paths: frozenset[str] = _DEFAULT_QUIET_PATHS,
    ) -> None:
        self.app = app
        self.access_log = access_log
        self.quiet_paths = quiet_paths
        self._logger = logging.getLogger(ACCESS_LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one connection with its request id set."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        token = _REQUEST_ID.set(request_id)
        started_s = time.perf_counter()
        response: dict[str, int] = {"status": 0, "bytes": 0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                response["status"] = int(message["status"])
                headers = [
                    (name, value)
                    for name, value in message.get("headers", ())
                    if name.lower() != _REQUEST_ID_HEADER_BYTES
                ]
                headers.append((_REQUEST_ID_HEADER_BYTES, request_id.encode("ascii")))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body":
                response["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # The server answers 500 when the app raises before starting a response.
            response["status"] = response["status"] or 500
            raise
        finally:
            if self.access_log and scope["type"] == "http":
                self._log_access(scope, response, time.perf_counter() - started_s)
            _REQUEST_ID.reset(token)

    def _log_access(self, scope: Scope, response: dict[str, int], latency_s: float) -> None:
        path = str(scope.get("path", ""))
        method = str(scope.get("method", ""))
        client = scope.get("client")
        http_request: dict[str, Any] = {
            "requestMethod": method,
            # The path only: query strings can carry credentials and do not belong in logs.
            "requestUrl": path,
            "status": response["status"],
            "responseSize": str(response["bytes"]),
            "latency": f"{latency_s:.6f}s",
            "protocol": f"HTTP/{scope.get('http_version', '1.1')}",
        }
        if client:
            http_request["remoteIp"] = str(client[0])
        user_agent = _header(scope, b"user-agent")
        if user_agent is not None:
            http_request["userAgent"] = user_agent
        level = logging.DEBUG if path in self.quiet_paths else logging.INFO
        self._logger.log(
            level,
            "%s %s %d %.1f ms",
            method,
            path,
            response["status"],
            latency_s * 1000.0,
            extra={"httpRequest": http_request},
        )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _incoming_request_id(scope: Scope) -> str | None:
    value = _header(scope, _REQUEST_ID_HEADER_BYTES)
    if value is not None and _SAFE_REQUEST_ID.fullmatch(value):
        return value
    return None

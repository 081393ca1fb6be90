"""Tests for copy_that.service.logging: JSON lines, LOG_LEVEL, the request-id middleware."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from copy_that.errors import OptionsError
from copy_that.service.logging import (
    ACCESS_LOGGER,
    LOG_LEVELS,
    JsonFormatter,
    RequestIdMiddleware,
    configure_logging,
    current_request_id,
    logging_config,
    parse_log_level,
)

Message = dict[str, Any]


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Route all logging to a string buffer as JSON at DEBUG; restore logging afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    configure_logging("DEBUG", stream=stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def _lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _record(msg: str = "hello %s", args: tuple[object, ...] = ("world",)) -> logging.LogRecord:
    return logging.LogRecord("copy_that.test", logging.WARNING, __file__, 1, msg, args, None)


# --- parse_log_level ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level"),
    [("DEBUG", 10), ("info", 20), (" Warning ", 30), ("error", 40), ("CRITICAL", 50)],
)
def test_parse_log_level_known_names(name: str, level: int) -> None:
    assert parse_log_level(name) == level


@pytest.mark.parametrize("name", ["", "verbose", "20", "WARN ING", "TRACE"])
def test_parse_log_level_rejects_unknown_names(name: str) -> None:
    with pytest.raises(OptionsError, match="LOG_LEVEL") as caught:
        parse_log_level(name)
    assert caught.value.option == "LOG_LEVEL"
    assert all(level in str(caught.value) for level in LOG_LEVELS)


# --- JsonFormatter -----------------------------------------------------------------------------


def test_formatter_writes_cloud_logging_fields() -> None:
    entry = json.loads(JsonFormatter().format(_record()))
    assert entry["severity"] == "WARNING"
    assert entry["message"] == "hello world"
    assert entry["logger"] == "copy_that.test"
    assert entry["time"].endswith("+00:00")
    assert isinstance(entry["process"], int)
    assert "request_id" not in entry


def test_formatter_keeps_extras_and_stringifies_what_json_cannot_hold() -> None:
    record = _record()
    record.job_id = 42
    record.path = {1, 2}  # a set: not JSON, written with str()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["job_id"] == 42
    assert entry["path"] == "{1, 2}"
    assert "args" not in entry
    assert "msg" not in entry


def test_formatter_drops_uvicorn_colour_duplicate() -> None:
    record = _record()
    record.color_message = "\x1b[32mhello\x1b[0m"
    assert "color_message" not in json.loads(JsonFormatter().format(record))


def test_formatter_output_is_one_line_with_traceback() -> None:
    try:
        raise RuntimeError("boom\nsecond line")
    except RuntimeError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "multi\nline", None, sys.exc_info()
        )
    text = JsonFormatter().format(record)
    assert "\n" not in text
    entry = json.loads(text)
    assert entry["message"] == "multi\nline"
    assert "RuntimeError: boom" in entry["exception"]


# --- logging_config / configure_logging ----------------------------------------------------------


def test_logging_config_levels_and_silenced_access_loggers() -> None:
    config = logging_config("warning")
    assert config["root"]["level"] == "WARNING"
    assert config["loggers"]["gunicorn.error"]["level"] == "WARNING"
    for name in ("gunicorn.access", "uvicorn.access"):
        assert config["loggers"][name]["handlers"] == []
        assert config["loggers"][name]["propagate"] is False


def test_logging_config_rejects_bad_level() -> None:
    with pytest.raises(OptionsError):
        logging_config("loud")


def test_configure_logging_reads_LOG_LEVEL(
    monkeypatch: pytest.MonkeyPatch, log_stream: io.StringIO
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "ERROR")
    stream = io.StringIO()
    configure_logging(stream=stream)
    logging.getLogger("copy_that.x").warning("dropped")
    logging.getLogger("copy_that.x").error("kept")
    assert [line["message"] for line in _lines(stream)] == ["kept"]


def test_configure_logging_twice_writes_each_record_once(log_stream: io.StringIO) -> None:
    configure_logging("INFO", stream=log_stream)
    logging.getLogger("copy_that.x").info("once")
    assert [line["message"] for line in _lines(log_stream)] == ["once"]


def test_configure_logging_silences_uvicorn_access(log_stream: io.StringIO) -> None:
    logging.getLogger("uvicorn.access").info("GET / 200")
    logging.getLogger("uvicorn.error").info("started")
    assert [line["logger"] for line in _lines(log_stream)] == ["uvicorn.error"]


# --- RequestIdMiddleware -------------------------------------------------------------------------


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answer 201 with the current request id as the body, logging one line while serving."""
    logging.getLogger("copy_that.handler").info("serving")
    body = (current_request_id() or "").encode()
    await send(
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [(b"content-type", b"text/plain"), (b"X-Request-ID", b"app-own")],
        }
    )
    await send({"type": "http.response.body", "body": body[:3], "more_body": True})
    await send({"type": "http.response.body", "body": body[3:]})


def _http_scope(path: str = "/api/v1/x", headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    return {
        "type": "http",
        "method": "POST",
        "path": path,
        "query_string": b"api_key=secret",
        "http_version": "1.1",
        "headers": headers or [(b"user-agent", b"pytest")],
        "client": ("203.0.113.9", 5555),
    }


def _call(app: Any, scope: Any) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def _response_headers(sent: list[Message]) -> dict[bytes, list[bytes]]:
    headers: dict[bytes, list[bytes]] = {}
    for name, value in sent[0]["headers"]:
        headers.setdefault(name.lower(), []).append(value)
    return headers


def test_middleware_makes_an_id_and_echoes_it(log_stream: io.StringIO) -> None:
    sent = _call(RequestIdMiddleware(_app), _http_scope())
    (request_id,) = _response_headers(sent)[b"x-request-id"]
    assert len(request_id) == 32  # uuid4 hex
    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert body == request_id  # the app saw the same id through current_request_id()
    served = [line for line in _lines(log_stream) if line["message"] == "serving"]
    assert served[0]["request_id"] == request_id.decode()


def test_middleware_gives_each_request_its_own_id(log_stream: io.StringIO) -> None:
    app = RequestIdMiddleware(_app)
    first = _response_headers(_call(app, _http_scope()))[b"x-request-id"]
    second = _response_headers(_call(app, _http_scope()))[b"x-request-id"]
    assert first != second
    assert current_request_id() is None


def test_middleware_reuses_a_safe_incoming_id(log_stream: io.StringIO) -> None:
    scope = _http_scope(headers=[(b"x-request-id", b"0b3c6a1e-2f4d-4c1b-9b1a-5e8d2c7f9a10")])
    sent = _call(RequestIdMiddleware(_app), scope)
    assert _response_headers(sent)[b"x-request-id"] == [b"0b3c6a1e-2f4d-4c1b-9b1a-5e8d2c7f9a10"]


@pytest.mark.parametrize(
    "incoming", [b"x" * 129, b"evil\r\nSet-Cookie: a=b", b"has space", b"", b'"quoted"']
)
def test_middleware_replaces_an_unsafe_incoming_id(
    log_stream: io.StringIO, incoming: bytes
) -> None:
    sent = _call(RequestIdMiddleware(_app), _http_scope(headers=[(b"X-Request-ID", incoming)]))
    (request_id,) = _response_headers(sent)[b"x-request-id"]
    assert request_id != incoming
    assert len(request_id) == 32


def test_middleware_writes_one_access_line(log_stream: io.StringIO) -> None:
    sent = _call(RequestIdMiddleware(_app), _http_scope())
    (request_id,) = _response_headers(sent)[b"x-request-id"]
    (access,) = [line for line in _lines(log_stream) if line["logger"] == ACCESS_LOGGER]
    assert access["severity"] == "INFO"
    assert access["request_id"] == request_id.decode()
    http = access["httpRequest"]
    assert http["requestMethod"] == "POST"
    assert http["requestUrl"] == "/api/v1/x"  # no query string: it may hold credentials
    assert "secret" not in json.dumps(access)
    assert http["status"] == 201
    assert http["responseSize"] == "32"
    assert http["remoteIp"] == "203.0.113.9"
    assert http["userAgent"] == "pytest"
    assert http["latency"].endswith("s")
    assert float(http["latency"][:-1]) >= 0.0


def test_middleware_probe_paths_log_at_debug(log_stream: io.StringIO) -> None:
    _call(RequestIdMiddleware(_app), _http_scope(path="/health"))
    (access,) = [line for line in _lines(log_stream) if line["logger"] == ACCESS_LOGGER]
    assert access["severity"] == "DEBUG"


def test_middleware_access_log_can_be_turned_off(log_stream: io.StringIO) -> None:
    _call(RequestIdMiddleware(_app, access_log=False), _http_scope())
    assert not [line for line in _lines(log_stream) if line["logger"] == ACCESS_LOGGER]


def test_middleware_logs_500_when_app_raises(log_stream: io.StringIO) -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise LookupError("no such thing")

    with pytest.raises(LookupError):
        _call(RequestIdMiddleware(broken), _http_scope())
    (access,) = [line for line in _lines(log_stream) if line["logger"] == ACCESS_LOGGER]
    assert access["httpRequest"]["status"] == 500
    assert current_request_id() is None


def test_middleware_passes_lifespan_through_untouched() -> None:
    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((scope["type"], current_request_id()))
        await send({"type": "lifespan.startup.complete"})

    sent = _call(RequestIdMiddleware(app), {"type": "lifespan"})
    assert seen == [("lifespan", None)]
    assert sent == [{"type": "lifespan.startup.complete"}]


def test_middleware_websocket_gets_id_but_no_access_line(log_stream: io.StringIO) -> None:
    seen: list[str | None] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(current_request_id())
        await send({"type": "websocket.close", "code": 1000})

    _call(RequestIdMiddleware(app), {"type": "websocket", "path": "/ws", "headers": []})
    assert seen[0] is not None
    assert not [line for line in _lines(log_stream) if line["logger"] == ACCESS_LOGGER]

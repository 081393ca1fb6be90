"""HTTP health endpoints for the Celery worker, so a platform can probe it like the API.

A Celery worker serves no HTTP, but Cloud Run services (and other platforms) start, probe and
restart containers through HTTP. `serve_worker_health` answers, on its own thread:

- ``GET /health``: 200 while the process runs (liveness; touches nothing else);
- ``GET /ready``: 200 once the worker has connected to the broker and is consuming, 503 before
  that and from the moment it starts shutting down (Celery's ``worker_ready`` and
  ``worker_shutting_down`` signals).

Bodies are JSON like the API's: ``{"status": "ok"}``, ``{"status": "ready"}`` or
``{"status": "starting" | "stopping"}``. ``copy-that worker`` starts it when ``PORT`` is set.
"""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any

from celery import signals

from copy_that.errors import OptionsError

__all__ = ["WorkerHealthServer", "serve_worker_health"]

# Largest TCP port number.
_MAX_PORT = 65535


class _WorkerState:
    """What the worker's signals said last: starting → ready → stopping."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.status = "starting"

    def set(self, status: str) -> None:
        with self._lock:
            self.status = status

    def get(self) -> str:
        with self._lock:
            return self.status


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        if self.path == "/health":
            self._answer(200, {"status": "ok"})
        elif self.path == "/ready":
            status = self.server.state.get()
            self._answer(200 if status == "ready" else 503, {"status": status})
        else:
            self._answer(404, {"error": {"code": "not_found", "message": "no such path"}})

    def _answer(self, code: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Write nothing per probe: platforms probe every few seconds."""


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: _WorkerState) -> None:
        super().__init__(address, _Handler)
        self.state = state


class WorkerHealthServer:
    """The running health endpoint of one worker process.

    Parameters
    ----------
    port : int
        TCP port to listen on, all interfaces; 0 picks a free one (see `port`).
    host : str
        Address to bind; ``0.0.0.0`` (every interface) by default, as platforms probe from outside.

    Raises
    ------
    OptionsError
        `port` is not a TCP port number.
    OSError
        The port is taken or cannot be bound.
    """

    def __init__(self, port: int, *, host: str = "0.0.0.0") -> None:
        if not 0 <= port <= _MAX_PORT:
            raise OptionsError(
                f"PORT={port} is not a TCP port; give 1 to {_MAX_PORT}", option="PORT"
            )
        self._state = _WorkerState()
        self._server = _Server((host, port), self._state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="worker-health", daemon=True
        )
        signals.worker_ready.connect(self._on_ready, weak=False)
        signals.worker_shutting_down.connect(self._on_stopping, weak=False)
        self._thread.start()

    @property
    def port(self) -> int:
        """The port the endpoint listens on."""
        return int(self._server.server_address[1])

    @property
    def status(self) -> str:
        """``starting``, ``ready`` or ``stopping``."""
        return self._state.get()

    def close(self) -> None:
        """Stop answering and release the port."""
        signals.worker_ready.disconnect(self._on_ready)
        signals.worker_shutting_down.disconnect(self._on_stopping)
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _on_ready(self, **_: Any) -> None:
        self._state.set("ready")

    def _on_stopping(self, **_: Any) -> None:
        self._state.set("stopping")


def serve_worker_health(port: int, *, host: str = "0.0.0.0") -> WorkerHealthServer:
    """Start answering ``/health`` and ``/ready`` for this worker process on a background thread.

    Parameters
    ----------
    port : int
        TCP port (Cloud Run passes it as ``PORT``); 0 picks a free one.
    host : str
        Address to bind; every interface by default.

    Returns
    -------
    WorkerHealthServer
        The running endpoint; `WorkerHealthServer.close` stops it.

    Raises
    ------
    OptionsError
        `port` is not a TCP port number.
    OSError
        The port is taken or cannot be bound.
    """
    return WorkerHealthServer(port, host=host)

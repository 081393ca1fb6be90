"""Tests for copy_that.service.worker_health: the Celery worker's /health and /ready."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from celery import signals

from copy_that.errors import OptionsError
from copy_that.service.worker_health import WorkerHealthServer, serve_worker_health


@pytest.fixture
def server() -> Iterator[WorkerHealthServer]:
    health = serve_worker_health(0, host="127.0.0.1")
    yield health
    health.close()


def _get(port: int, path: str) -> tuple[int, dict[str, Any], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, json.loads(response.read()), response.getheader("Content-Type", "")
    finally:
        connection.close()


def test_health_answers_while_the_process_runs(server: WorkerHealthServer) -> None:
    assert _get(server.port, "/health") == (200, {"status": "ok"}, "application/json")


def test_ready_only_between_worker_ready_and_shutdown(server: WorkerHealthServer) -> None:
    assert _get(server.port, "/ready")[:2] == (503, {"status": "starting"})
    signals.worker_ready.send(sender=None)
    assert _get(server.port, "/ready")[:2] == (200, {"status": "ready"})
    assert server.status == "ready"
    signals.worker_shutting_down.send(sender=None, sig="SIGTERM", how="Warm", exitcode=0)
    assert _get(server.port, "/ready")[:2] == (503, {"status": "stopping"})
    assert _get(server.port, "/health")[0] == 200  # still alive while it drains


def test_unknown_path_is_404(server: WorkerHealthServer) -> None:
    status, body, _ = _get(server.port, "/api/v1/projects")
    assert status == 404
    assert body["error"]["code"] == "not_found"


def test_close_releases_the_port_and_the_signals() -> None:
    health = serve_worker_health(0, host="127.0.0.1")
    port = health.port
    health.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)
    signals.worker_ready.send(sender=None)  # no longer connected: nothing changes, nothing fails
    assert health.status == "starting"


def test_two_servers_keep_their_own_state() -> None:
    first = serve_worker_health(0, host="127.0.0.1")
    first.close()
    second = serve_worker_health(0, host="127.0.0.1")
    try:
        signals.worker_ready.send(sender=None)
        assert (first.status, second.status) == ("starting", "ready")
    finally:
        second.close()


@pytest.mark.parametrize("port", [-1, 65536])
def test_port_out_of_range_is_refused(port: int) -> None:
    with pytest.raises(OptionsError, match="not a TCP port") as caught:
        serve_worker_health(port)
    assert caught.value.option == "PORT"


def test_taken_port_raises_oserror(server: WorkerHealthServer) -> None:
    with pytest.raises(OSError, match="in use"):
        WorkerHealthServer(server.port, host="127.0.0.1")

"""The production install path, end to end: wheel → fresh venv → gunicorn → a real extraction.

deploy/Dockerfile's builder runs ``deploy/build-venv.sh deps|app /opt/venv`` and the runtime stage
runs only that venv. This module runs the same script into a fresh venv outside the repository,
then runs every role of the image from it, from another directory, with no PYTHONPATH: the
migration (``copy-that db upgrade``), the Celery worker (``copy-that worker``) and the API
(gunicorn with the shipped ``gunicorn.conf.py``), against the machine's PostgreSQL and Redis. It
requires ``/health`` 200, one real extraction through the API, and that SIGTERM lets an in-flight
request finish before gunicorn exits 0.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import redis

# The first test also builds the venv: on a machine with an empty pip cache that downloads every
# locked wheel (about 300 MB), so it gets more than the suite's default 300 s.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
BUILD_VENV = ROOT / "deploy" / "build-venv.sh"
SCREENSHOT = ROOT / "examples" / "dashboard.png"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# A Redis database of this module's own, emptied before use (other tests use other numbers).
REDIS_URL = "redis://127.0.0.1:6379/13"
# Shared libraries python:3.11-slim-bookworm provides (libc6, libgcc-s1, libstdc++6, zlib1g);
# every other library a wheel needs must ship inside the wheel.
BASE_IMAGE_LIBRARIES = {
    "ld-linux-x86-64.so.2",
    "libc.so.6",
    "libdl.so.2",
    "libgcc_s.so.1",
    "libm.so.6",
    "libmvec.so.1",
    "libpthread.so.0",
    "librt.so.1",
    "libstdc++.so.6",
    "libutil.so.1",
    "libz.so.1",
}
# Port 1 on loopback: nothing listens, so connections are refused at once.
_NO_DATABASE = "postgresql://postgres@127.0.0.1:1/none"
_START_TIMEOUT_S = 120.0
_JOB_TIMEOUT_S = 300.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(args: list[str], *, env: dict[str, str], cwd: Path, timeout_s: float = 600.0) -> str:
    result = subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout_s
    )
    assert result.returncode == 0, (
        f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


# --- the environment, built as the image builds it -----------------------------------------------


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder outside the repository."""
    folder = tmp_path_factory.mktemp("deploy")
    assert ROOT not in folder.parents
    return folder


@pytest.fixture(scope="module")
def venv(outside: Path) -> Path:
    path = outside / "venv"
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(outside)}
    env["PYTHON"] = sys.executable  # the interpreter the image's venv is made with: 3.11
    _run(["bash", str(BUILD_VENV), "deps", str(path)], env=env, cwd=outside)
    _run(["bash", str(BUILD_VENV), "app", str(path)], env=env, cwd=outside)
    return path


def _env(venv: Path, home: Path, **settings: str) -> dict[str, str]:
    """A from-scratch environment as the container has it: no PYTHONPATH, the venv first."""
    return {
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        **settings,
    }


# --- the venv itself -----------------------------------------------------------------------------


def test_venv_has_no_trace_of_the_checkout(venv: Path, outside: Path) -> None:
    (site,) = (venv / "lib").glob("python3.*/site-packages")
    for path in site.rglob("*"):
        if path.suffix in {".pth", ".json", ".txt"} or path.name in {"RECORD", "direct_url.json"}:
            assert str(ROOT) not in path.read_text(errors="replace"), f"{path} points at the repo"
    assert not list(site.glob("__editable__*"))
    where = _run(
        [str(venv / "bin" / "python"), "-c", "import copy_that, sys; print(copy_that.__file__)"],
        env=_env(venv, outside),
        cwd=Path("/"),
    ).strip()
    assert Path(where).is_relative_to(site)


def test_venv_ships_the_repository_gunicorn_settings(venv: Path) -> None:
    shipped = venv / "etc" / "copy-that" / "gunicorn.conf.py"
    assert shipped.read_bytes() == (ROOT / "deploy" / "gunicorn.conf.py").read_bytes()


def test_native_libraries_come_from_the_wheels_or_the_base_image(venv: Path) -> None:
    libraries = [p for p in venv.rglob("*.so*") if p.is_file()]
    bundled = {p.name for p in libraries}
    needed: dict[str, str] = {}
    for library in libraries:
        dynamic = subprocess.run(
            ["readelf", "--dynamic", str(library)], capture_output=True, text=True
        ).stdout
        for line in dynamic.splitlines():
            if "(NEEDED)" in line:
                needed.setdefault(line.rsplit("[", 1)[1].rstrip("]"), library.name)
    missing = {name: user for name, user in needed.items() if name not in bundled}
    missing = {name: user for name, user in missing.items() if name not in BASE_IMAGE_LIBRARIES}
    assert not missing, f"libraries the slim image lacks (needed by): {missing}"


def test_ocr_runs_on_headless_opencv(venv: Path, outside: Path) -> None:
    code = (
        "import importlib.metadata as m, cv2, rapidocr_onnxruntime;"
        "names = {d.metadata['Name'].lower() for d in m.distributions()};"
        "print('opencv-python' in names, 'opencv-python-headless' in names)"
    )
    out = _run([str(venv / "bin" / "python"), "-c", code], env=_env(venv, outside), cwd=outside)
    assert out.split() == ["False", "True"]


# --- PostgreSQL and Redis ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A fresh PostgreSQL database of this module's own, dropped afterwards."""
    name = f"copy_that_deploy_{secrets.token_hex(4)}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(PG_ADMIN_URL)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def broker_url() -> str:
    redis.Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


@pytest.fixture(scope="module")
def production(outside: Path, database_url: str, broker_url: str) -> dict[str, str]:
    """Settings as a production deploy gives them: secrets as mounted files named by <NAME>_FILE
    (plain HTTP here, so no Secure cookies)."""
    data = outside / "data"
    mounted = outside / "secrets"
    data.mkdir()
    mounted.mkdir()
    (mounted / "secret-key").write_text(secrets.token_urlsafe(48) + "\n")
    (mounted / "database-url").write_text(database_url + "\n")
    return {
        "ENVIRONMENT": "production",
        "SECRET_KEY_FILE": str(mounted / "secret-key"),
        "DATABASE_URL_FILE": str(mounted / "database-url"),
        "CELERY_BROKER_URL": broker_url,
        "DATA_DIR": str(data),
        "BLOB_STORE_URL": str(data / "blobs"),
        "COOKIE_SECURE": "false",
        "LOG_LEVEL": "INFO",
    }


def _without(settings: dict[str, str], name: str) -> dict[str, str]:
    return {key: value for key, value in settings.items() if key != name}


# --- migrations ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def migrated(venv: Path, outside: Path, production: dict[str, str]) -> None:
    _run(["copy-that", "db", "upgrade"], env=_env(venv, outside, **production), cwd=outside)


def test_migration_is_repeatable(
    migrated: None, venv: Path, outside: Path, production: dict[str, str]
) -> None:
    _run(["copy-that", "db", "upgrade"], env=_env(venv, outside, **production), cwd=outside)


def test_migration_failure_fails_the_step(
    venv: Path, outside: Path, production: dict[str, str]
) -> None:
    unreachable = {**_without(production, "DATABASE_URL_FILE"), "DATABASE_URL": _NO_DATABASE}
    result = subprocess.run(
        ["copy-that", "db", "upgrade"],
        env=_env(venv, outside, **unreachable),
        cwd=outside,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0


# --- processes -----------------------------------------------------------------------------------


@dataclass
class _Process:
    popen: subprocess.Popen[bytes]
    log: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        return int(self.popen.returncode)


def _start(args: list[str], env: dict[str, str], cwd: Path, log: Path, port: int) -> _Process:
    handle = log.open("wb")
    popen = subprocess.Popen(args, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT)
    handle.close()
    return _Process(popen, log, port)


def _start_gunicorn(
    venv: Path, outside: Path, settings: dict[str, str], name: str, workers: int = 2
) -> _Process:
    port = _free_port()
    env = _env(venv, outside, **settings, PORT=str(port), WEB_CONCURRENCY=str(workers))
    conf = venv / "etc" / "copy-that" / "gunicorn.conf.py"  # the image's CMD uses this copy
    return _start(["gunicorn", "--config", str(conf)], env, outside, outside / f"{name}.log", port)


def _wait_until_up(process: _Process) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            pytest.fail(f"exited with {process.popen.returncode}:\n{process.output()[-4000:]}")
        try:
            if httpx.get(f"{process.url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    pytest.fail(f"no /health 200 within {_START_TIMEOUT_S:g} s:\n{process.output()[-4000:]}")


@pytest.fixture(scope="module")
def worker(
    migrated: None, venv: Path, outside: Path, production: dict[str, str]
) -> Iterator[_Process]:
    env = _env(venv, outside, **production, WORKER_CONCURRENCY="1")
    process = _start(["copy-that", "worker"], env, outside, outside / "worker.log", 0)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def api(
    migrated: None, worker: _Process, venv: Path, outside: Path, production: dict[str, str]
) -> Iterator[_Process]:
    process = _start_gunicorn(venv, outside, production, "api")
    _wait_until_up(process)
    yield process
    process.stop()


def _log_lines(process: _Process) -> list[dict[str, Any]]:
    lines = []
    for line in process.output().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


@contextmanager
def _signed_in(base_url: str) -> Iterator[httpx.Client]:
    """A client holding the session cookie of a newly registered user."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        email = f"deploy-{secrets.token_hex(4)}@example.com"
        response = client.post(
            "/api/v1/auth/register", json={"email": email, "password": secrets.token_urlsafe(16)}
        )
        assert response.status_code == 201, response.text
        yield client


def _new_project(client: httpx.Client) -> str:
    response = client.post("/api/v1/projects", json={"name": "Deploy check"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


# --- the API -------------------------------------------------------------------------------------


def test_health_and_ready(api: _Process) -> None:
    health = httpx.get(f"{api.url}/health", timeout=5)
    assert health.status_code == 200
    ready = httpx.get(f"{api.url}/ready", timeout=10)
    assert ready.status_code == 200, ready.text


def test_logs_are_json_with_request_ids(api: _Process) -> None:
    response = httpx.get(f"{api.url}/api/v1/formats", headers={"X-Request-ID": "deploy-check-1"})
    assert response.headers["x-request-id"] == "deploy-check-1"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        access = [
            line
            for line in _log_lines(api)
            if line.get("logger") == "copy_that.access"
            and line.get("request_id") == "deploy-check-1"
        ]
        if access:
            break
        time.sleep(0.1)
    assert access, api.output()[-3000:]
    assert access[0]["httpRequest"]["status"] == response.status_code
    assert access[0]["httpRequest"]["requestUrl"] == "/api/v1/formats"
    loggers = {line["logger"] for line in _log_lines(api)}
    assert "gunicorn.error" in loggers  # gunicorn's own lines are JSON too
    assert all(line.startswith("{") for line in api.output().splitlines() if line.strip()), (
        "a non-JSON line in the API's output"
    )


def test_one_real_extraction_through_the_api(api: _Process, worker: _Process) -> None:
    with _signed_in(api.url) as client:
        project = _new_project(client)
        upload = client.post(
            f"/api/v1/projects/{project}/images",
            files={"files": (SCREENSHOT.name, SCREENSHOT.read_bytes(), "image/png")},
        )
        assert upload.status_code == 201, upload.text
        # Colours, and typography for the OCR models and ONNX runtime inside the installed venv.
        job = client.post(
            f"/api/v1/projects/{project}/jobs", json={"kinds": ["colors", "typography"]}
        )
        assert job.status_code == 202, job.text
        job_id = job.json()["id"]
        deadline = time.monotonic() + _JOB_TIMEOUT_S
        status = job.json()
        while status["status"] not in {"succeeded", "failed", "cancelled"}:
            assert time.monotonic() < deadline, f"job still {status}\n{worker.output()[-3000:]}"
            time.sleep(0.5)
            status = client.get(f"/api/v1/projects/{project}/jobs/{job_id}").json()
        assert status["status"] == "succeeded", f"{status}\n{worker.output()[-3000:]}"

        tokens = client.get(f"/api/v1/projects/{project}/tokens")
        assert tokens.status_code == 200
        document = tokens.json()
        assert document["color"], "no colour tokens from a coloured dashboard"
        css = client.get(f"/api/v1/projects/{project}/tokens", params={"format": "css"})
        assert css.status_code == 200
        assert css.headers["content-type"].startswith("text/css")
        assert "--color-" in css.text
        # The Celery worker, not the API, ran it.
        assert "copy_that.run_job" in worker.output()


# --- start-up refusals and readiness ------------------------------------------------------------


def test_production_refuses_to_start_without_a_secret_key(
    migrated: None, venv: Path, outside: Path, production: dict[str, str]
) -> None:
    settings = _without(production, "SECRET_KEY_FILE")
    process = _start_gunicorn(venv, outside, settings, "no-secret", workers=1)
    try:
        process.popen.wait(timeout=_START_TIMEOUT_S)
    finally:
        process.stop()
    assert process.popen.returncode != 0
    assert "SECRET_KEY is not set" in process.output()


def test_ready_fails_while_the_database_is_unreachable(
    venv: Path, outside: Path, production: dict[str, str]
) -> None:
    settings = {**_without(production, "DATABASE_URL_FILE"), "DATABASE_URL": _NO_DATABASE}
    process = _start_gunicorn(venv, outside, settings, "no-database", workers=1)
    try:
        _wait_until_up(process)
        ready = httpx.get(f"{process.url}/ready", timeout=15)
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"]["ok"] is False
    finally:
        process.stop()


# --- graceful shutdown ---------------------------------------------------------------------------


def _multipart(boundary: str, filename: str, data: bytes) -> bytes:
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="files"; filename="{filename}"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode()


def test_sigterm_finishes_the_in_flight_request_then_exits_0(
    migrated: None, venv: Path, outside: Path, production: dict[str, str]
) -> None:
    process = _start_gunicorn(venv, outside, production, "sigterm", workers=1)
    try:
        _wait_until_up(process)
        with _signed_in(process.url) as client:
            project = _new_project(client)
            cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        boundary = secrets.token_hex(8)
        body = _multipart(boundary, SCREENSHOT.name, SCREENSHOT.read_bytes())
        head = (
            f"POST /api/v1/projects/{project}/images HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{process.port}\r\n"
            f"Cookie: {cookie}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", process.port), timeout=30) as connection:
            half = len(body) // 2
            connection.sendall(head + body[:half])
            time.sleep(0.5)  # the server has the headers and waits for the rest of the body
            process.popen.send_signal(signal.SIGTERM)
            time.sleep(1.0)
            assert process.popen.poll() is None, "gunicorn quit with a request in flight"
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.1", process.port), timeout=5).close()
            connection.sendall(body[half:])
            response = b""
            while chunk := connection.recv(65536):
                response += chunk
        status_line = response.split(b"\r\n", 1)[0]
        assert status_line == b"HTTP/1.1 201 Created", response[:500]
        assert json.loads(response.split(b"\r\n\r\n", 1)[1])["count"] == 1
        assert process.popen.wait(timeout=30) == 0
    finally:
        process.stop()
    assert "Shutting down: Master" in process.output()

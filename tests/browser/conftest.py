"""Fixtures for the browser layer: Debian's Chromium driven by Playwright, and live servers.

`browser` launches the system Chromium (installed by ``scripts/ci-setup.sh``; no browser is ever
downloaded). `live_server` runs the real service (API + web app) with uvicorn in a subprocess on a
free loopback port, with a fresh SQLite database and blob folder and in-process jobs.
`static_server` serves only the web app's pages and assets, for testing its JavaScript modules.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A cold start imports numpy, OpenCV and the OCR runtime; on a loaded 2-core machine that has
# taken over 10 s, so wait generously before calling the server dead.
_STARTUP_TIMEOUT_S = 90.0
# Service settings a developer's shell may hold; the test servers start without them, so jobs run
# in-process and nothing touches a real database or broker.
_SERVICE_VARS = frozenset(
    {"DATABASE_URL", "BLOB_STORE_URL", "CELERY_BROKER_URL", "REDIS_URL", "SECRET_KEY", "DATA_DIR"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """The Playwright driver for the session."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Headless system Chromium; fails (never skips) when it is not installed."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run scripts/ci-setup.sh (apt chromium)"
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) per test, accepting downloads."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any uncaught script error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"uncaught errors in the page: {errors}"


def _free_socket() -> socket.socket:
    """A listening loopback socket on a free port, handed to the server so no other process can
    take the port between choosing and binding it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _serve(script: str, env: dict[str, str], log: Path) -> Iterator[str]:
    """Run `script` (which serves on the inherited socket fd in argv[1]) until the fixture ends.

    The child sees `env` over this process's environment minus every service setting, so a
    developer's own ``DATABASE_URL`` or broker can never leak into a test server.
    """
    inherited = {k: v for k, v in os.environ.items() if k.upper() not in _SERVICE_VARS}
    sock = _free_socket()
    port = sock.getsockname()[1]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", script, str(sock.fileno())],
            env={**inherited, **env},
            pass_fds=(sock.fileno(),),
            # A folder of its own, so no stray .env of the checkout is read.
            cwd=log.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    sock.close()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/login", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server did not answer:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_SERVICE_SCRIPT = textwrap.dedent(
    """
    import sys
    import uvicorn
    from copy_that.service.app import create_app
    from copy_that.service.config import Settings

    uvicorn.run(create_app(Settings()), fd=int(sys.argv[1]), log_level="warning")
    """
)

_STATIC_SCRIPT = textwrap.dedent(
    """
    import sys
    import uvicorn
    from fastapi import FastAPI
    from copy_that.web.routes import mount_static, router

    app = FastAPI()
    app.include_router(router)
    mount_static(app)
    uvicorn.run(app, fd=int(sys.argv[1]), log_level="warning")
    """
)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the real service + web app on a fresh SQLite database and blob folder."""
    data = tmp_path_factory.mktemp("service")
    env = {
        "ENVIRONMENT": "test",
        "DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'copy-that.db'}",
        "BLOB_STORE_URL": str(data / "blobs"),
        "JOB_POOL": "process",
        "JOB_WORKERS": "1",
        # Each test signs up and logs in its own users from one address.
        "RATE_LIMIT_AUTH": "300/minute",
    }
    yield from _serve(_SERVICE_SCRIPT, env, data / "server.log")


@pytest.fixture(scope="session")
def static_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of an app serving only the web pages and static assets (no API)."""
    log = tmp_path_factory.mktemp("static") / "server.log"
    yield from _serve(_STATIC_SCRIPT, {}, log)

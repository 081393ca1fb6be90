"""A live service for tests: the app's lifespan on a portal thread, httpx clients over ASGI.

Starlette's TestClient is deprecated with httpx; this does the same job: one event loop runs the
app (its in-process job runner and sweeper included) for the whole test, and each `Client` is
one browser-like caller with its own cookie jar.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, ExitStack
from typing import Any, TypeVar

import anyio.from_thread
import httpx
from fastapi import FastAPI
from PIL import Image as PILImage

from copy_that.service.app import create_app
from copy_that.service.config import Settings
from copy_that.service.context import ServiceContext

T = TypeVar("T")
PASSWORD = "correct horse battery"


def png_bytes(
    width: int = 64, height: int = 48, color: tuple[int, int, int] = (30, 90, 200)
) -> bytes:
    """A small PNG with a coloured rectangle on white (so it has two colours)."""
    image = PILImage.new("RGB", (width, height), (255, 255, 255))
    image.paste(color, (width // 4, height // 4, 3 * width // 4, 3 * height // 4))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def make_settings(tmp_path: Any, **overrides: Any) -> Settings:
    """Settings for a test service: files under `tmp_path`, cheap hashing, thread pool."""
    values: dict[str, Any] = {
        "data_dir": tmp_path,
        "job_pool": "thread",
        "password_time_cost": 1,
        "password_memory_kib": 32,
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


class Harness:
    """The running app; make callers with `client()`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app: FastAPI = create_app(settings)
        self._stack = ExitStack()
        self.portal = self._stack.enter_context(anyio.from_thread.start_blocking_portal())
        self._lifespan: AbstractAsyncContextManager[None] = self.app.router.lifespan_context(
            self.app
        )
        self.portal.call(self._lifespan.__aenter__)
        self._clients: list[httpx.AsyncClient] = []

    @property
    def context(self) -> ServiceContext:
        """The running service's shared resources."""
        context: ServiceContext = self.app.state.ctx
        return context

    def run(self, function: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run a coroutine function on the app's event loop."""
        return self.portal.call(function, *args)

    def client(self, **headers: str) -> Client:
        """A new caller with its own cookies."""
        inner = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url="http://testserver",
            headers=headers,
        )
        self._clients.append(inner)
        return Client(self, inner)

    def close(self) -> None:
        """Stop the app and its loop."""
        try:
            for inner in self._clients:
                self.portal.call(inner.aclose)
            self.portal.call(self._lifespan.__aexit__, None, None, None)
        finally:
            self._stack.close()


class Client:
    """One caller: synchronous methods over an async httpx client."""

    def __init__(self, harness: Harness, inner: httpx.AsyncClient) -> None:
        self.harness = harness
        self.inner = inner
        self.user: dict[str, Any] = {}

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send a request on the app's loop."""
        return self.harness.portal.call(
            functools.partial(self.inner.request, method, url, **kwargs)
        )

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def register(self, email: str, *, name: str | None = None) -> Client:
        """Register and log in as `email`."""
        response = self.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": name}
        )
        assert response.status_code == 201, response.text
        self.user = response.json()
        return self

    def new_project(self, name: str = "Project") -> str:
        """Create a project and return its id."""
        response = self.post("/api/v1/projects", json={"name": name})
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def upload(self, project_id: str, data: bytes, filename: str = "shot.png") -> dict[str, Any]:
        """Upload one image and return it."""
        response = self.post(
            f"/api/v1/projects/{project_id}/images",
            files=[("files", (filename, data, "image/png"))],
        )
        assert response.status_code == 201, response.text
        image: dict[str, Any] = response.json()["data"][0]
        return image


def sample_tokens(blue: str = "#1a4de6", *, spacing_px: float = 8.0) -> Any:
    """A small token set: two palette colours, a primary role aliasing blue, one spacing step."""
    from copy_that.tokens.model import Alias, Color, Dimension, Evidence, Token, TokenSet

    evidence = Evidence(share=0.25, image_ids=("abc",))
    return TokenSet(
        tokens=(
            Token(
                ("color", "palette", "blue"),
                "color",
                Color.from_hex(blue),
                confidence=0.9,
                evidence=evidence,
            ),
            Token(
                ("color", "palette", "white"),
                "color",
                Color.from_hex("#ffffff"),
                confidence=0.8,
                evidence=evidence,
            ),
            Token(("color", "primary"), "color", Alias(("color", "palette", "blue"))),
            Token(("spacing", "1"), "dimension", Dimension(spacing_px), confidence=0.7),
        )
    )


def themed_tokens(theme: str | None = None) -> Any:
    """`sample_tokens()` plus an ink colour and the roles background and text.

    ``"light"``: white background, ink text. ``"dark"``: the reverse. None: the light values
    with a ``"dark"`` mode holding the dark ones (what merging the two gives).
    """
    from dataclasses import replace

    from copy_that.tokens.model import Alias, Color, Token

    base = sample_tokens()
    white, ink = ("color", "palette", "white"), ("color", "palette", "ink")
    background, text = (white, ink) if theme != "dark" else (ink, white)
    tokens = (
        *base.tokens,
        Token(ink, "color", Color.from_hex("#111827"), confidence=0.8),
        Token(("color", "background"), "color", Alias(background)),
        Token(("color", "text"), "color", Alias(text)),
    )
    modes = {}
    if theme is None:
        modes = {"dark": {("color", "background"): Alias(ink), ("color", "text"): Alias(white)}}
    return replace(base, tokens=tokens, modes=modes)


def seed_result(harness: Harness, project_id: str, image_id: str, tokens: Any) -> int:
    """Store `tokens` as the newest extraction of an image and build a version; its number."""
    from copy_that.service.design_system import rebuild_version
    from copy_that.service.repository import tokens as token_repo
    from copy_that.tokens import dtcg

    async def work() -> int:
        async with harness.context.session_factory() as session:
            await token_repo.add_image_result(
                session,
                project_id=project_id,
                image_id=image_id,
                job_id=None,
                document=dtcg.to_document(tokens),
            )
            version = await rebuild_version(
                session, project_id=project_id, kind="extraction", job_id=None, created_by=None
            )
            await session.commit()
            return version.number

    return harness.run(work)

"""Tests for copy_that.web.routes: the page shells, their security headers and the static mount."""

from __future__ import annotations

import re
from pathlib import Path

import anyio
import httpx
import pytest
from fastapi import FastAPI

from copy_that.web import routes
from copy_that.web.routes import STATIC_PREFIX, mount_static, router

WEB = Path(routes.__file__).parent
STATIC = WEB / "static"
PAGES = {
    "/": "projects",
    "/login": "auth",
    "/signup": "auth",
    "/account": "account",
    "/projects/p1": "project",
}


def _app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    mount_static(app)
    return app


class _Client:
    """A synchronous facade over httpx's ASGI transport (the app runs in-process, no server)."""

    def __init__(self, app: FastAPI, root_path: str = "") -> None:
        self._transport = httpx.ASGITransport(app=app, root_path=root_path)

    def get(self, path: str) -> httpx.Response:
        async def fetch() -> httpx.Response:
            async with httpx.AsyncClient(transport=self._transport, base_url="http://web") as c:
                return await c.get(path)

        return anyio.run(fetch)


@pytest.fixture
def client() -> _Client:
    return _Client(_app())


@pytest.mark.parametrize(("path", "script"), sorted(PAGES.items()))
def test_page_is_a_shell_loading_its_module(client: _Client, path: str, script: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<script type="module" src="/static/js/pages/{script}.js"></script>' in response.text
    assert 'href="/static/css/app.css"' in response.text
    assert 'data-api="/api/v1"' in response.text


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_forbids_other_origins_and_framing(client: _Client, path: str) -> None:
    headers = client.get(path).headers
    csp = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_signup_and_login_differ(client: _Client) -> None:
    signup = client.get("/signup").text
    login = client.get("/login").text
    assert 'data-mode="signup"' in signup
    assert 'autocomplete="new-password"' in signup
    assert 'id="name"' in signup
    assert 'data-mode="login"' in login
    assert 'autocomplete="current-password"' in login
    assert 'id="name"' not in login


@pytest.mark.parametrize("path", ["/login", "/signup"])
def test_auth_form_cannot_put_the_password_in_a_url(client: _Client, path: str) -> None:
    # Sent before its script loads, a GET form would carry the password in the query string.
    text = client.get(path).text
    assert re.search(r'<form [^>]*method="post"[^>]*data-auth-form', text)
    assert re.search(r'<button type="submit" [^>]*disabled>', text)


def test_project_id_reaches_the_page_escaped(client: _Client) -> None:
    assert 'data-project-id="abc123"' in client.get("/projects/abc123").text
    text = client.get("/projects/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E").text
    assert "<img src=x" not in text
    assert 'data-project-id="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in text


def test_overlong_project_id_is_refused(client: _Client) -> None:
    assert client.get("/projects/" + "a" * 65).status_code == 422


def test_pages_follow_the_root_path_of_a_proxy() -> None:
    text = _Client(_app(), root_path="/ct").get("/ct/login").text
    assert 'src="/ct/static/js/pages/auth.js"' in text
    assert 'data-api="/ct/api/v1"' in text
    assert 'data-root="/ct"' in text


def _static_files() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*") if p.is_file())


def test_static_assets_are_served_with_their_types(client: _Client) -> None:
    types = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
    files = _static_files()
    assert {p.suffix for p in files} <= types.keys()
    for path in files:
        response = client.get(f"{STATIC_PREFIX}/{path.relative_to(STATIC).as_posix()}")
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(types[path.suffix]), path
        assert response.headers["cache-control"] == "no-cache"
        assert response.content == path.read_bytes()


def test_static_mount_does_not_serve_outside_its_folder(client: _Client) -> None:
    assert client.get(f"{STATIC_PREFIX}/../routes.py").status_code == 404
    assert client.get(f"{STATIC_PREFIX}/%2e%2e/routes.py").status_code == 404


def test_every_page_script_exists() -> None:
    for script in set(PAGES.values()):
        assert (STATIC / "js" / "pages" / f"{script}.js").is_file()


_IMPORT_RE = re.compile(r"""^\s*import\s+(?:[^"';]+\s+from\s+)?["']([^"']+)["']""", re.MULTILINE)


def test_every_module_import_resolves_to_a_shipped_file() -> None:
    modules = [p for p in _static_files() if p.suffix == ".js"]
    assert modules
    for module in modules:
        for spec in _IMPORT_RE.findall(module.read_text(encoding="utf-8")):
            assert spec.startswith("./") or spec.startswith("../"), f"{module}: bare import {spec}"
            assert (module.parent / spec).resolve().is_file(), f"{module}: {spec} missing"


# Every way a page, stylesheet or module can load something: markup attributes, CSS url() and
# @import, ES imports, fetch/EventSource/XHR. Absolute or protocol-relative targets are refused.
_LOADS_RE = re.compile(
    r"""(?:\b(?:src|href|action|formaction|poster|data|srcset)\s*=\s*["']?"""
    r"""|url\(\s*["']?|@import\s+["']?|\bfrom\s+["']|\bimport\s*\(\s*["']"""
    r"""|\b(?:fetch|EventSource|open)\s*\(\s*(?:["'][A-Z]+["']\s*,\s*)?["'])"""
    r"""\s*(?:https?:)?//""",
    re.IGNORECASE,
)


def test_nothing_is_loaded_from_another_origin() -> None:
    for path in [*_static_files(), *sorted((WEB / "templates").glob("*.html"))]:
        text = path.read_text(encoding="utf-8")
        assert not _LOADS_RE.findall(text), f"{path} loads from another origin"


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.example/x.js"></script>',
        "<link href='//fonts.example/css'>",
        "body { background: url(https://img.example/a.png); }",
        '@import "https://fonts.example/css";',
        'import { x } from "https://cdn.example/m.js";',
        'fetch("https://api.example/")',
        'xhr.open("GET", "https://api.example/")',
    ],
)
def test_origin_check_catches_remote_loads(snippet: str) -> None:
    assert _LOADS_RE.findall(snippet)


def test_origin_check_allows_text_and_same_origin_loads() -> None:
    ok = 'placeholder="https://example.com/a.png" src="/static/x.js" url(data:image/png;base64,AA)'
    assert not _LOADS_RE.findall(ok)


def test_scripts_never_parse_strings_as_markup_or_code() -> None:
    # Token names, file names and server messages reach the DOM; text nodes keep them inert.
    sinks = re.compile(r"\.(?:innerHTML|outerHTML)\s*=|insertAdjacentHTML|\beval\(|new Function\(")
    for module in (p for p in _static_files() if p.suffix == ".js"):
        assert not sinks.findall(module.read_text(encoding="utf-8")), module

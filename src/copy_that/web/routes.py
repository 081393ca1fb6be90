"""The web app's pages (Jinja2 shells driven by ES modules) and the mount for its static assets.

Every page is a static shell: it carries no user data, so rendering it needs no database and no
credentials. The page's script calls the JSON API under ``/api/v1`` with the session cookie and
sends the visitor to ``/login`` when the API answers 401. Pages and assets come from this package
(``templates/`` and ``static/``); nothing is fetched from another origin, which the
Content-Security-Policy on every page enforces.

Wire into an app with::

    app.include_router(copy_that.web.routes.router)
    copy_that.web.routes.mount_static(app)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Final

from fastapi import APIRouter, FastAPI, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import Scope

from copy_that._version import __version__

__all__ = ["STATIC_PREFIX", "STATIC_ROUTE_NAME", "WebStaticFiles", "mount_static", "router"]

_HERE: Final = Path(__file__).resolve().parent
_TEMPLATES: Final = Jinja2Templates(directory=_HERE / "templates")
_STATIC_DIR: Final = _HERE / "static"

#: URL path the static assets are mounted at.
STATIC_PREFIX: Final = "/static"
#: Route name of the static mount (for ``request.url_for``).
STATIC_ROUTE_NAME: Final = "web-static"
# Ids are 32 hex digits today; the cap only keeps absurd paths out of the page.
_MAX_ID_CHARS: Final = 64

# Everything the pages load comes from this origin. Images shown before upload are blob: URLs and
# the favicon is an SVG file; styles are set through the CSSOM, never inline attributes.
_CSP: Final = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_PAGE_HEADERS: Final = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    # The shells are tiny and identical for everyone; revalidating keeps upgrades visible at once.
    "Cache-Control": "no-cache",
}

router = APIRouter(tags=["web"], include_in_schema=False)


class WebStaticFiles(StaticFiles):
    """`StaticFiles` that asks browsers to revalidate (ETag) so an upgrade is seen at once."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """Serve `path` with ``Cache-Control: no-cache`` and ``nosniff``."""
        response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def mount_static(app: FastAPI) -> None:
    """Serve the web app's CSS, JavaScript and icons under `STATIC_PREFIX`.

    Parameters
    ----------
    app : FastAPI
        The application that also includes `router`.
    """
    app.mount(STATIC_PREFIX, WebStaticFiles(directory=_STATIC_DIR), name=STATIC_ROUTE_NAME)


def _page(request: Request, template: str, *, script: str, title: str, **context: str) -> Response:
    """Render `template` with what every page needs: prefixes, the page script and a title."""
    root_path = str(request.scope.get("root_path", "")).rstrip("/")
    response = _TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "root_path": root_path,
            "static_url": f"{root_path}{STATIC_PREFIX}/",
            "api_url": f"{root_path}/api/v1",
            "page_script": script,
            "title": title,
            "version": __version__,
            **context,
        },
    )
    response.headers.update(_PAGE_HEADERS)
    return response


@router.get("/", response_class=HTMLResponse, name="web-home")
async def home(request: Request) -> Response:
    """The signed-in user's projects, and a form to create one."""
    return _page(request, "projects.html", script="projects", title="Projects")


@router.get("/login", response_class=HTMLResponse, name="web-login")
async def login(request: Request) -> Response:
    """The log-in form."""
    return _page(request, "auth.html", script="auth", title="Log in", mode="login")


@router.get("/signup", response_class=HTMLResponse, name="web-signup")
async def signup(request: Request) -> Response:
    """The sign-up form."""
    return _page(request, "auth.html", script="auth", title="Sign up", mode="signup")


@router.get("/account", response_class=HTMLResponse, name="web-account")
async def account(request: Request) -> Response:
    """The signed-in user's API keys: create one (shown once), list and revoke."""
    return _page(request, "account.html", script="account", title="API keys")


@router.get("/projects/{project_id}", response_class=HTMLResponse, name="web-project")
async def project(
    request: Request,
    project_id: Annotated[str, PathParam(min_length=1, max_length=_MAX_ID_CHARS)],
) -> Response:
    """One project: upload, extraction progress, the token view and inspector, exports, versions."""
    return _page(request, "project.html", script="project", title="Project", project_id=project_id)

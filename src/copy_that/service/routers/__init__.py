"""One router per resource; `api_router` gathers those under ``/api/v1``."""

from fastapi import APIRouter

from copy_that.service.routers import (
    api_keys,
    auth,
    formats,
    health,
    images,
    jobs,
    members,
    projects,
    tokens,
    versions,
)

__all__ = ["API_PREFIX", "api_router", "health_router"]

#: Where the JSON API lives.
API_PREFIX = "/api/v1"

api_router = APIRouter(prefix=API_PREFIX)
for _module in (auth, api_keys, projects, members, images, jobs, tokens, versions, formats):
    api_router.include_router(_module.router)

health_router = health.router

"""The web app served by the service: page routes, templates and static assets."""

from copy_that.web.routes import STATIC_PREFIX, mount_static, router

__all__ = ["STATIC_PREFIX", "mount_static", "router"]

"""``copy-that serve``: run the API and web app under Uvicorn with JSON logs."""

from __future__ import annotations

import uvicorn

from copy_that.service.config import Settings
from copy_that.service.logging import configure_logging

__all__ = ["serve"]


def serve(host: str = "127.0.0.1", port: int = 8000, reload: bool = False) -> None:
    """Serve until interrupted; settings come from the environment and ``.env``.

    Parameters
    ----------
    host : str
        Address to bind (``0.0.0.0`` for every interface).
    port : int
        TCP port.
    reload : bool
        Restart when source files change (development).

    Raises
    ------
    pydantic.ValidationError
        The settings are invalid (e.g. production without ``SECRET_KEY``); the message says which.
    """
    settings = Settings()  # fail here, with the settings' message, before Uvicorn starts
    configure_logging(settings.log_level)
    uvicorn.run(
        "copy_that.service.app:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )

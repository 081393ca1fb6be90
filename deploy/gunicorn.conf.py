"""Gunicorn settings for the Copy That API: Uvicorn workers on $PORT, JSON logs, graceful stop.

Start the API with nothing but this file (the app is named below, in ``wsgi_app``)::

    gunicorn --config deploy/gunicorn.conf.py

Environment (every variable optional):

``PORT``
    TCP port to listen on, all interfaces (default 8080, the port Cloud Run sets).
``WEB_CONCURRENCY``
    Worker processes (default: one per CPU this container may use).
``LOG_LEVEL``
    DEBUG, INFO (default), WARNING, ERROR or CRITICAL; every line is JSON.
``GUNICORN_TIMEOUT_S``
    Seconds a worker's event loop may stay blocked before gunicorn replaces it (default 30).
``GUNICORN_GRACEFUL_TIMEOUT_S``
    Seconds in-flight requests get to finish after SIGTERM (default 8).
``GUNICORN_KEEPALIVE_S``
    Seconds an idle keep-alive connection stays open (default 5).
``FORWARDED_ALLOW_IPS``
    Comma-separated proxy addresses whose X-Forwarded-For/-Proto headers are trusted
    (default 127.0.0.1,::1). Set ``*`` only where the platform's proxy is the sole way in,
    as on Cloud Run.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from copy_that.service.logging import logging_config

# cgroup v2 file holding "<quota_us> <period_us>" or "max <period_us>" for this container.
_CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")
# Largest TCP port number.
_MAX_PORT = 65535
# Upper bound for worker counts and timeouts: an hour, or 3600 workers, is past any real use.
_MAX_SETTING = 3600


def _env_int(name: str, default: int, *, low: int = 1, high: int = _MAX_SETTING) -> int:
    """Read a whole-number setting from the environment, refusing nonsense with a clear message."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number; unset it or give one") from None
    if not low <= value <= high:
        raise ValueError(f"{name}={value} is out of range; give {low} to {high}")
    return value


def _available_cpus() -> int:
    """CPUs this process may use: its affinity mask, capped by a cgroup v2 CPU quota."""
    cpus = len(os.sched_getaffinity(0))
    try:
        quota, period = _CGROUP_CPU_MAX.read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return max(1, cpus)
    if quota != "max":
        cpus = min(cpus, math.ceil(int(quota) / int(period)))
    return max(1, cpus)


_port = _env_int("PORT", 8080, high=_MAX_PORT)
_log_level = os.environ.get("LOG_LEVEL", "INFO")

wsgi_app = "copy_that.service.app:create_app()"
worker_class = "uvicorn_worker.UvicornWorker"
bind = [f"0.0.0.0:{_port}"]
# One asynchronous worker per CPU: requests only wait on I/O, because extraction runs as a
# background job (the in-process pool or Celery), never inside a request.
workers = _env_int("WEB_CONCURRENCY", _available_cpus())

# Heartbeat limit: a worker whose event loop is blocked this long is killed and replaced.
timeout = _env_int("GUNICORN_TIMEOUT_S", 30)
# Cloud Run sends SIGTERM, then SIGKILL 10 s later; 8 s leaves the master time to exit cleanly.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT_S", 8)
keepalive = _env_int("GUNICORN_KEEPALIVE_S", 5)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Each worker builds its own app, database pool and event loop after the fork.
preload_app = False
# Heartbeat files on a RAM disk: a slow overlay disk must not make healthy workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "copy-that-api"
# No gunicornc control socket: the platform scales and restarts containers, and the socket would
# land in $HOME, the data volume replicas share.
control_socket_disable = True

# JSON logs at LOG_LEVEL; access lines come from the app's RequestIdMiddleware (with latency
# and request id), so gunicorn's and uvicorn's own access logs stay off.
loglevel = _log_level.strip().lower()
accesslog = None
errorlog = "-"
logconfig_dict = logging_config(_log_level)

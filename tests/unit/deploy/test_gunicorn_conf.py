"""Tests for deploy/gunicorn.conf.py: settings from the environment, refused nonsense, JSON logs."""

from __future__ import annotations

import importlib
import inspect
import io
import json
import logging
import logging.config
import os
import re
import runpy
from pathlib import Path
from typing import Any

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[3]
CONF = ROOT / "deploy" / "gunicorn.conf.py"
_VARIABLES = (
    "PORT",
    "WEB_CONCURRENCY",
    "LOG_LEVEL",
    "GUNICORN_TIMEOUT_S",
    "GUNICORN_GRACEFUL_TIMEOUT_S",
    "GUNICORN_KEEPALIVE_S",
    "FORWARDED_ALLOW_IPS",
)


def _load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in _VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _load(monkeypatch)
    assert conf["bind"] == ["0.0.0.0:8080"]
    assert conf["workers"] == conf["_available_cpus"]()
    assert 1 <= conf["workers"] <= len(os.sched_getaffinity(0))
    assert conf["worker_class"] == "uvicorn_worker.UvicornWorker"
    assert conf["wsgi_app"] == "copy_that.service.app:create_app()"
    assert conf["timeout"] == 30
    assert conf["graceful_timeout"] == 8
    assert conf["keepalive"] == 5
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert conf["preload_app"] is False
    assert conf["control_socket_disable"] is True
    assert conf["accesslog"] is None
    assert conf["loglevel"] == "info"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _load(
        monkeypatch,
        PORT="9000",
        WEB_CONCURRENCY="3",
        LOG_LEVEL="warning",
        GUNICORN_TIMEOUT_S="60",
        GUNICORN_GRACEFUL_TIMEOUT_S="20",
        GUNICORN_KEEPALIVE_S="75",
        FORWARDED_ALLOW_IPS="*",
    )
    assert conf["bind"] == ["0.0.0.0:9000"]
    assert conf["workers"] == 3
    assert conf["loglevel"] == "warning"
    assert (conf["timeout"], conf["graceful_timeout"], conf["keepalive"]) == (60, 20, 75)
    assert conf["forwarded_allow_ips"] == "*"
    assert conf["logconfig_dict"]["root"]["level"] == "WARNING"


def test_blank_values_mean_default(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _load(monkeypatch, PORT="", WEB_CONCURRENCY="  ")
    assert conf["bind"] == ["0.0.0.0:8080"]
    assert conf["workers"] >= 1


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORT", "http", "PORT='http' is not a whole number"),
        ("PORT", "0", "PORT=0 is out of range"),
        ("PORT", "65536", "PORT=65536 is out of range; give 1 to 65535"),
        ("WEB_CONCURRENCY", "5000", "WEB_CONCURRENCY=5000 is out of range; give 1 to 3600"),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY=0 is out of range"),
        ("WEB_CONCURRENCY", "2.5", "WEB_CONCURRENCY='2.5' is not a whole number"),
        ("GUNICORN_TIMEOUT_S", "-1", "GUNICORN_TIMEOUT_S=-1 is out of range"),
        ("LOG_LEVEL", "chatty", "LOG_LEVEL='chatty' is not a log level"),
    ],
)
def test_nonsense_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        _load(monkeypatch, **{name: value})


def test_every_setting_is_one_gunicorn_knows(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _load(monkeypatch)
    known = Config().settings
    settings = {k: v for k, v in conf.items() if not k.startswith("_") and k.islower()}
    settings = {k: v for k, v in settings.items() if not callable(v) and not inspect.ismodule(v)}
    unknown = sorted(set(settings) - set(known) - {"annotations"})
    assert not unknown, f"gunicorn ignores these names: {unknown}"
    config = Config()
    for name, value in settings.items():
        if name in known:
            config.set(name, value)  # gunicorn's own validators accept every value
    assert config.worker_class_str == "uvicorn_worker.UvicornWorker"


def test_worker_class_imports_without_deprecation(monkeypatch: pytest.MonkeyPatch) -> None:
    module, _, name = _load(monkeypatch)["worker_class"].rpartition(".")
    assert getattr(importlib.import_module(module), name).__name__ == name


def test_log_config_writes_json_for_gunicorn_and_silences_access(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _load(monkeypatch, LOG_LEVEL="DEBUG")["logconfig_dict"]
    stream = io.StringIO()
    config["handlers"]["json"]["stream"] = stream
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        logging.config.dictConfig(config)
        logging.getLogger("gunicorn.error").info("Booting worker with pid: %s", 7)
        logging.getLogger("gunicorn.access").info("GET / 200")
        logging.getLogger("uvicorn.access").info("GET / 200")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(line["logger"], line["message"]) for line in lines] == [
        ("gunicorn.error", "Booting worker with pid: 7")
    ]

"""Tests for copy_that.service.config: defaults, URL normalising, production refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from copy_that.errors import OptionsError
from copy_that.service.config import Settings, normalise_database_url

GOOD_SECRET = "k3P9xq2LwN7vR4tY8zB1cD6fG0hJ5mQs"
PG = "postgresql://app@db:5432/copy_that"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "DATABASE_URL",
        "SECRET_KEY",
        "SECRET_KEY_FILE",
        "ENVIRONMENT",
        "CELERY_BROKER_URL",
        "REDIS_URL",
        "AUTO_MIGRATE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_embedded(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.effective_database_url == f"sqlite+aiosqlite:///{tmp_path / 'copy-that.db'}"
    assert settings.effective_blob_store_url == str(tmp_path / "blobs")
    assert settings.effective_redis_url is None
    assert settings.should_migrate_on_start
    assert not settings.secure_cookies


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://r:6379/2")
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "1234")
    settings = Settings(_env_file=None)
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert settings.effective_redis_url == "redis://r:6379/2"
    assert settings.max_upload_bytes == 1234


def test_secret_key_can_come_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret"
    secret.write_text(GOOD_SECRET + "\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    settings = Settings(_env_file=None)
    assert settings.secret_key is not None
    assert settings.secret_key.get_secret_value() == GOOD_SECRET


def test_a_missing_secret_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", "/nonexistent/secret")
    with pytest.raises(OptionsError, match="SECRET_KEY_FILE"):
        Settings(_env_file=None)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("sqlite+pysqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("postgres://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+asyncpg://u@h/d"),
    ],
)
def test_database_urls_get_async_drivers(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected


@pytest.mark.parametrize("url", ["mysql://u@h/d", "not a url"])
def test_unsupported_database_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="DATABASE_URL"):
        normalise_database_url(url)
    with pytest.raises(ValidationError):
        Settings(_env_file=None, database_url=url)


def test_production_accepts_safe_settings() -> None:
    settings = Settings(
        _env_file=None, environment="production", secret_key=GOOD_SECRET, database_url=PG
    )
    assert not settings.should_migrate_on_start
    assert settings.secure_cookies


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"database_url": PG}, "SECRET_KEY is not set"),
        ({"database_url": PG, "secret_key": "short"}, "SECRET_KEY is unsafe"),
        ({"database_url": PG, "secret_key": "changethis"}, "SECRET_KEY is unsafe"),
        ({"secret_key": GOOD_SECRET}, "DATABASE_URL is not set"),
        ({"secret_key": GOOD_SECRET, "database_url": "sqlite:///x.db"}, "SQLite"),
        (
            {"secret_key": GOOD_SECRET, "database_url": PG, "auto_migrate": True},
            "copy-that db upgrade",
        ),
    ],
)
def test_production_refuses_unsafe_settings(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message) as raised:
        Settings(_env_file=None, environment="production", **overrides)
    assert "refusing to start in production" in str(raised.value)


def test_every_production_problem_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(_env_file=None, environment="production")
    text = str(raised.value)
    assert "SECRET_KEY is not set" in text
    assert "DATABASE_URL is not set" in text


@pytest.mark.parametrize("limit", ["lots", "10 per fortnight", ""])
def test_rate_limits_must_parse(limit: str) -> None:
    with pytest.raises(ValidationError, match="rate limit"):
        Settings(_env_file=None, rate_limit=limit)


@pytest.mark.parametrize(
    "overrides",
    [
        {"job_workers": 0},
        {"max_upload_bytes": 0},
        {"job_stale_after_s": 0},
        {"password_memory_kib": 16},
    ],
)
def test_out_of_range_numbers_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, **overrides)


def test_env_example_documents_every_setting_and_loads() -> None:
    import re

    example = Path(__file__).resolve().parents[3] / ".env.example"
    text = example.read_text()
    documented = {name.lower() for name in re.findall(r"^#? ?([A-Z_]+)=", text, re.MULTILINE)}
    assert documented == set(Settings.model_fields)
    settings = Settings(_env_file=example)
    assert settings.environment == "development"
    assert settings.effective_database_url.startswith("sqlite+aiosqlite:///")

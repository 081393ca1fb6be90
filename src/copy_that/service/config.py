"""The service's settings: one pydantic-settings class read from the environment and ``.env``.

Every variable is documented in ``.env.example``; any of them can instead name a file holding
its value with ``<NAME>_FILE`` (mounted secrets, see `copy_that.service.secret_files`).

With no configuration at all the service runs on embedded defaults: an SQLite file and a blob
folder under ``./var``, jobs in-process, rate limits in memory. ``ENVIRONMENT=production``
refuses to start without a strong ``SECRET_KEY`` and a PostgreSQL ``DATABASE_URL``, and never
touches the schema (run ``copy-that db upgrade`` as its own step).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal, Self

from limits import parse as parse_rate_limit
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from copy_that.service.secret_files import SecretFilesSource

__all__ = ["MIN_SECRET_KEY_CHARS", "Settings", "normalise_database_url"]

#: Shortest accepted production secret: 32 characters of ``secrets.token_urlsafe`` carry
#: 192 bits, well past brute force.
MIN_SECRET_KEY_CHARS = 32
# Values that appear in examples and tutorials; a deployment that kept one is not secret.
_PLACEHOLDER_SECRETS = frozenset(
    {"changethis", "changeme", "change-me", "secret", "dev", "development", "insecure", "test"}
)
_MIB = 1024 * 1024


def normalise_database_url(url: str) -> str:
    """Give a database URL the async driver SQLAlchemy needs (aiosqlite or asyncpg).

    Parameters
    ----------
    url : str
        ``sqlite:///file.db``, ``postgresql://…`` or ``postgres://…``, with or without a driver.

    Returns
    -------
    str
        The same URL with ``+aiosqlite`` or ``+asyncpg``.

    Raises
    ------
    ValueError
        The URL names a database other than SQLite or PostgreSQL.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"DATABASE_URL {url!r} is not a URL; use sqlite:///path or postgresql://…")
    base = scheme.split("+", 1)[0]
    if base == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    if base in {"postgresql", "postgres"}:
        return f"postgresql+asyncpg://{rest}"
    raise ValueError(f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite or postgresql")


class Settings(BaseSettings):
    """Configuration of the HTTP service, its job runners and workers.

    Field names are the environment variable names in upper case (``DATABASE_URL``…). Sizes are
    bytes, durations seconds, limits in the ``limits`` notation (``"600/minute"``).
    """

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )

    environment: Literal["development", "test", "production"] = "development"
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs session cookies. Development generates one under DATA_DIR when unset.",
    )
    data_dir: Path = Field(
        default=Path("var"), description="Folder for the default SQLite file, blobs and dev secret."
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default sqlite file DATA_DIR/copy-that.db."
    )
    blob_store_url: str | None = Field(
        default=None,
        description="Folder path or fsspec URL (s3://…, gs://…); default DATA_DIR/blobs.",
    )
    celery_broker_url: str | None = Field(
        default=None, description="Redis URL of the Celery broker; unset runs jobs in-process."
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis for rate limits and job progress; defaults to a redis:// broker URL.",
    )
    auto_migrate: bool | None = Field(
        default=None,
        description="Upgrade the schema on start; default on outside production, refused in it.",
    )
    job_pool: Literal["process", "thread"] = Field(
        default="process", description="In-process runner: a process pool (default) or threads."
    )
    job_workers: int = Field(default=1, ge=1, le=64, description="In-process extraction workers.")
    job_max_attempts: int = Field(
        default=3, ge=1, le=10, description="Attempts before a job fails."
    )
    job_heartbeat_s: float = Field(default=10.0, gt=0, description="Running jobs touch their row.")
    job_stale_after_s: float = Field(
        default=60.0, gt=0, description="A running job silent this long is retried or failed."
    )
    job_resubmit_after_s: float = Field(
        default=600.0, gt=0, description="A queued job unclaimed this long is submitted again."
    )
    max_upload_bytes: int = Field(default=25 * _MIB, gt=0, description="Per image file.")
    max_request_bytes: int = Field(default=100 * _MIB, gt=0, description="Per multipart request.")
    max_json_bytes: int = Field(default=1 * _MIB, gt=0, description="Per JSON request body.")
    max_files_per_request: int = Field(default=20, ge=1, description="Files in one upload.")
    max_image_pixels: int = Field(default=40_000_000, gt=0, description="width × height cap.")
    url_fetch_timeout_s: float = Field(default=10.0, gt=0, description="Whole URL import.")
    url_fetch_max_redirects: int = Field(default=3, ge=0, le=10)
    rate_limit: str = Field(default="600/minute", description="Per API key, user or address.")
    rate_limit_auth: str = Field(default="10/minute", description="Log-in/register per address.")
    rate_limit_enabled: bool = True
    session_cookie_name: str = "copy_that_session"
    session_max_age_s: int = Field(default=14 * 24 * 3600, gt=0, description="Two weeks.")
    cookie_secure: bool | None = Field(
        default=None, description="Secure flag on cookies; default on in production."
    )
    allow_registration: bool = True
    password_time_cost: int = Field(default=3, ge=1, description="Argon2id passes.")
    # Argon2 needs 8 KiB per lane and uses 4 lanes, hence the 32 KiB floor.
    password_memory_kib: int = Field(default=65536, ge=32, description="Argon2id memory (KiB).")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="Celery worker only: answer /health and /ready on this port (Cloud Run).",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Read arguments, then the environment, then ``<NAME>_FILE`` secrets, then ``.env``."""
        return (
            init_settings,
            env_settings,
            SecretFilesSource(settings_cls),
            dotenv_settings,
            file_secret_settings,
        )

    @field_validator("rate_limit", "rate_limit_auth")
    @classmethod
    def _check_rate_limit(cls, value: str) -> str:
        try:
            parse_rate_limit(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a rate limit; write e.g. '600/minute' or '10/second'"
            ) from None
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else normalise_database_url(value)

    @model_validator(mode="after")
    def _check_production(self) -> Self:
        if self.environment != "production":
            return self
        problems: list[str] = []
        secret = self.secret_key.get_secret_value() if self.secret_key else ""
        if not secret:
            problems.append(
                "SECRET_KEY is not set; generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        elif len(secret) < MIN_SECRET_KEY_CHARS or secret.lower() in _PLACEHOLDER_SECRETS:
            problems.append(
                f"SECRET_KEY is unsafe (a placeholder or shorter than {MIN_SECRET_KEY_CHARS} "
                "characters); generate a new one"
            )
        if self.database_url is None:
            problems.append("DATABASE_URL is not set; point it at PostgreSQL")
        elif self.database_url.startswith("sqlite"):
            problems.append(
                "DATABASE_URL points at SQLite, which loses data on ephemeral containers and "
                "cannot be shared between instances; use PostgreSQL"
            )
        if self.auto_migrate:
            problems.append(
                "AUTO_MIGRATE=true is refused in production; run `copy-that db upgrade` as its "
                "own deployment step"
            )
        if problems:
            raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    @cached_property
    def effective_database_url(self) -> str:
        """The async SQLAlchemy URL in use (the SQLite default when unset)."""
        if self.database_url is not None:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'copy-that.db').resolve()}"

    @cached_property
    def effective_blob_store_url(self) -> str:
        """The blob store location in use (a folder path or fsspec URL)."""
        return self.blob_store_url or str((self.data_dir / "blobs").resolve())

    @cached_property
    def effective_redis_url(self) -> str | None:
        """Redis for rate limits and progress: `redis_url`, else a Redis broker URL, else None."""
        if self.redis_url:
            return self.redis_url
        broker = self.celery_broker_url or ""
        return broker if broker.startswith(("redis://", "rediss://")) else None

    @property
    def should_migrate_on_start(self) -> bool:
        """Whether the app upgrades the schema when it starts (never in production)."""
        if self.environment == "production":
            return False
        return True if self.auto_migrate is None else self.auto_migrate

    @property
    def secure_cookies(self) -> bool:
        """Whether cookies carry the Secure flag."""
        return (
            self.environment == "production" if self.cookie_secure is None else self.cookie_secure
        )

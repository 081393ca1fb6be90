"""The service's tables as SQLAlchemy 2 declarative models (the Alembic migrations mirror them).

Ids are 32-character hex UUIDs; timestamps are timezone-aware UTC on both SQLite and PostgreSQL.
Image bytes never live here: `ImageRow.blob_key` names them in the blob store.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ApiKeyRow",
    "Base",
    "ImageResultRow",
    "ImageRow",
    "JobRow",
    "JobStatus",
    "MembershipRow",
    "ProjectRow",
    "Role",
    "SessionRow",
    "TokenEditRow",
    "TokenVersionRow",
    "UTCDateTime",
    "UserRow",
    "new_id",
    "utcnow",
]

#: Constraint names are fixed so migrations can drop them on both databases.
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
_JSON = JSON().with_variant(JSONB(), "postgresql")
#: Length of `new_id` (uuid4 hex).
_ID_LEN = 32


def new_id() -> str:
    """A fresh random id: 32 lowercase hex digits (UUID4)."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC on the way in; naive timestamps are a bug and refused."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to what SQLite returns naive."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Role(StrEnum):
    """A user's role on a project: owners also rename, delete and manage members."""

    OWNER = "owner"
    MEMBER = "member"


class JobStatus(StrEnum):
    """Where a job is: ``queued → running → succeeded | failed | cancelled``."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        """Whether the job has finished one way or another."""
        return self in {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}


class Base(DeclarativeBase):
    """Declarative base holding the shared metadata."""

    metadata = MetaData(naming_convention=_NAMING)


def _id_column() -> Mapped[str]:
    return mapped_column(String(_ID_LEN), primary_key=True, default=new_id)


def _created_column() -> Mapped[datetime]:
    return mapped_column(UTCDateTime(), default=utcnow, nullable=False)


def _user_fk(*, nullable: bool) -> Mapped[Any]:
    on_delete = "SET NULL" if nullable else "CASCADE"
    return mapped_column(
        String(_ID_LEN), ForeignKey("users.id", ondelete=on_delete), nullable=nullable
    )


def _project_fk() -> Mapped[str]:
    return mapped_column(
        String(_ID_LEN), ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True
    )


class UserRow(Base):
    """A person who logs in; owns or belongs to projects."""

    __tablename__ = "users"

    id: Mapped[str] = _id_column()
    email: Mapped[str] = mapped_column(String(320), unique=True, nullable=False)
    name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = _created_column()


class SessionRow(Base):
    """A web log-in; the cookie carries the token, the row only its SHA-256."""

    __tablename__ = "sessions"

    id: Mapped[str] = _id_column()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[str] = _user_fk(nullable=False)
    created_at: Mapped[datetime] = _created_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class ApiKeyRow(Base):
    """A machine credential; only its SHA-256 and a short display prefix are stored."""

    __tablename__ = "api_keys"

    id: Mapped[str] = _id_column()
    user_id: Mapped[str] = _user_fk(nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = _created_column()
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProjectRow(Base):
    """A design system in the making: images, jobs, edits and token versions."""

    __tablename__ = "projects"

    id: Mapped[str] = _id_column()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = _created_column()
    updated_at: Mapped[datetime] = _created_column()


class MembershipRow(Base):
    """Who may see a project, and as what `Role`."""

    __tablename__ = "memberships"

    project_id: Mapped[str] = mapped_column(
        String(_ID_LEN), ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        String(_ID_LEN), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = _created_column()


class ImageRow(Base):
    """An image of a project; its bytes live in the blob store under `blob_key` (SHA-256)."""

    __tablename__ = "images"
    __table_args__ = (UniqueConstraint("project_id", "blob_key"),)

    id: Mapped[str] = _id_column()
    project_id: Mapped[str] = _project_fk()
    blob_key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    media_type: Mapped[str] = mapped_column(String(64), nullable=False)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    width_px: Mapped[int] = mapped_column(Integer, nullable=False)
    height_px: Mapped[int] = mapped_column(Integer, nullable=False)
    source_url: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = _user_fk(nullable=True)
    created_at: Mapped[datetime] = _created_column()


class JobRow(Base):
    """An extraction job: the single source of truth for its state and progress."""

    __tablename__ = "jobs"

    id: Mapped[str] = _id_column()
    project_id: Mapped[str] = _project_fk()
    status: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    stage: Mapped[str] = mapped_column(String(64), nullable=False, default="queued")
    progress: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    options: Mapped[dict[str, Any]] = mapped_column(_JSON, nullable=False)
    image_ids: Mapped[list[str]] = mapped_column(_JSON, nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    worker: Mapped[str | None] = mapped_column(String(200))
    cancel_requested: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    version_number: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = _user_fk(nullable=True)
    created_at: Mapped[datetime] = _created_column()
    submitted_at: Mapped[datetime] = _created_column()
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ImageResultRow(Base):
    """The DTCG document one job measured in one image; the newest per image is current."""

    __tablename__ = "image_results"
    __table_args__ = (Index("ix_image_results_image_created", "image_id", "created_at"),)

    id: Mapped[str] = _id_column()
    project_id: Mapped[str] = _project_fk()
    image_id: Mapped[str] = mapped_column(
        String(_ID_LEN), ForeignKey("images.id", ondelete="CASCADE"), nullable=False
    )
    job_id: Mapped[str | None] = mapped_column(
        String(_ID_LEN), ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    document: Mapped[dict[str, Any]] = mapped_column(_JSON, nullable=False)
    created_at: Mapped[datetime] = _created_column()


class TokenEditRow(Base):
    """One user edit of the project's tokens, replayed in `seq` order over every extraction."""

    __tablename__ = "token_edits"
    __table_args__ = (UniqueConstraint("project_id", "seq"),)

    id: Mapped[str] = _id_column()
    project_id: Mapped[str] = _project_fk()
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    op: Mapped[str] = mapped_column(String(16), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(_JSON, nullable=False)
    created_by: Mapped[str | None] = _user_fk(nullable=True)
    created_at: Mapped[datetime] = _created_column()


class TokenVersionRow(Base):
    """An immutable snapshot of the project's design system (DTCG document) after a change."""

    __tablename__ = "token_versions"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[str] = _id_column()
    project_id: Mapped[str] = _project_fk()
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    document: Mapped[dict[str, Any]] = mapped_column(_JSON, nullable=False)
    summary: Mapped[dict[str, Any]] = mapped_column(_JSON, nullable=False)
    job_id: Mapped[str | None] = mapped_column(
        String(_ID_LEN), ForeignKey("jobs.id", ondelete="SET NULL")
    )
    created_by: Mapped[str | None] = _user_fk(nullable=True)
    created_at: Mapped[datetime] = _created_column()

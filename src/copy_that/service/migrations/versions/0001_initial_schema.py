"""Initial schema: users, sessions, API keys, projects, members, images, jobs, results, tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

__all__ = ["downgrade", "upgrade"]

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = 32


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(_ID), nullable=False)


def _fk(column: str, table: str, on_delete: str, source: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=f"fk_{source}_{column}_{table}", ondelete=on_delete
    )


def upgrade() -> None:
    """Create every table of the first release."""
    op.create_table(
        "projects",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        _time("created_at"),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_projects"),
    )
    op.create_table(
        "users",
        _id(),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "api_keys",
        _id(),
        sa.Column("user_id", sa.String(_ID), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        _time("created_at"),
        _time("last_used_at", nullable=True),
        _time("revoked_at", nullable=True),
        _fk("user_id", "users", "CASCADE", "api_keys"),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_table(
        "sessions",
        _id(),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(_ID), nullable=False),
        _time("created_at"),
        _time("expires_at"),
        _fk("user_id", "users", "CASCADE", "sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_sessions_token_hash"),
    )
    op.create_table(
        "memberships",
        sa.Column("project_id", sa.String(_ID), nullable=False),
        sa.Column("user_id", sa.String(_ID), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        _time("created_at"),
        _fk("project_id", "projects", "CASCADE", "memberships"),
        _fk("user_id", "users", "CASCADE", "memberships"),
        sa.PrimaryKeyConstraint("project_id", "user_id", name="pk_memberships"),
    )
    op.create_index("ix_memberships_user_id", "memberships", ["user_id"])
    op.create_table(
        "images",
        _id(),
        sa.Column("project_id", sa.String(_ID), nullable=False),
        sa.Column("blob_key", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("width_px", sa.Integer(), nullable=False),
        sa.Column("height_px", sa.Integer(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(_ID), nullable=True),
        _time("created_at"),
        _fk("created_by", "users", "SET NULL", "images"),
        _fk("project_id", "projects", "CASCADE", "images"),
        sa.PrimaryKeyConstraint("id", name="pk_images"),
        sa.UniqueConstraint("project_id", "blob_key", name="uq_images_project_id"),
    )
    op.create_index("ix_images_blob_key", "images", ["blob_key"])
    op.create_index("ix_images_project_id", "images", ["project_id"])
    op.create_table(
        "jobs",
        _id(),
        sa.Column("project_id", sa.String(_ID), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(64), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("options", _json(), nullable=False),
        sa.Column("image_ids", _json(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(200), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(_ID), nullable=True),
        _time("created_at"),
        _time("submitted_at"),
        _time("started_at", nullable=True),
        _time("heartbeat_at", nullable=True),
        _time("finished_at", nullable=True),
        _fk("created_by", "users", "SET NULL", "jobs"),
        _fk("project_id", "projects", "CASCADE", "jobs"),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
    )
    op.create_index("ix_jobs_project_id", "jobs", ["project_id"])
    op.create_index("ix_jobs_status", "jobs", ["status"])
    op.create_table(
        "token_edits",
        _id(),
        sa.Column("project_id", sa.String(_ID), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("created_by", sa.String(_ID), nullable=True),
        _time("created_at"),
        _fk("created_by", "users", "SET NULL", "token_edits"),
        _fk("project_id", "projects", "CASCADE", "token_edits"),
        sa.PrimaryKeyConstraint("id", name="pk_token_edits"),
        sa.UniqueConstraint("project_id", "seq", name="uq_token_edits_project_id"),
    )
    op.create_index("ix_token_edits_project_id", "token_edits", ["project_id"])
    op.create_table(
        "image_results",
        _id(),
        sa.Column("project_id", sa.String(_ID), nullable=False),
        sa.Column("image_id", sa.String(_ID), nullable=False),
        sa.Column("job_id", sa.String(_ID), nullable=True),
        sa.Column("document", _json(), nullable=False),
        _time("created_at"),
        _fk("image_id", "images", "CASCADE", "image_results"),
        _fk("job_id", "jobs", "SET NULL", "image_results"),
        _fk("project_id", "projects", "CASCADE", "image_results"),
        sa.PrimaryKeyConstraint("id", name="pk_image_results"),
    )
    op.create_index("ix_image_results_image_created", "image_results", ["image_id", "created_at"])
    op.create_index("ix_image_results_job_id", "image_results", ["job_id"])
    op.create_index("ix_image_results_project_id", "image_results", ["project_id"])
    op.create_table(
        "token_versions",
        _id(),
        sa.Column("project_id", sa.String(_ID), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("document", _json(), nullable=False),
        sa.Column("summary", _json(), nullable=False),
        sa.Column("job_id", sa.String(_ID), nullable=True),
        sa.Column("created_by", sa.String(_ID), nullable=True),
        _time("created_at"),
        _fk("created_by", "users", "SET NULL", "token_versions"),
        _fk("job_id", "jobs", "SET NULL", "token_versions"),
        _fk("project_id", "projects", "CASCADE", "token_versions"),
        sa.PrimaryKeyConstraint("id", name="pk_token_versions"),
        sa.UniqueConstraint("project_id", "number", name="uq_token_versions_project_id"),
    )
    op.create_index("ix_token_versions_project_id", "token_versions", ["project_id"])


def downgrade() -> None:
    """Drop every table, children before parents (indexes go with their tables)."""
    for table in (
        "token_versions",
        "image_results",
        "token_edits",
        "jobs",
        "images",
        "memberships",
        "sessions",
        "api_keys",
        "users",
        "projects",
    ):
        op.drop_table(table)

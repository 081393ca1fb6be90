"""Run the service's Alembic migrations from code (the CLI's ``copy-that db`` and app start-up).

The scripts ship inside the package (``copy_that/service/migrations``), so an installed wheel
migrates without the source tree. ``/ready`` compares the database's revision with the scripts'
head on every probe, so the head is read once per process and the database's revision straight
from Alembic's version table.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import String, column, inspect, select, table
from sqlalchemy.engine import Connection

__all__ = [
    "MIGRATIONS_DIR",
    "alembic_config",
    "current_revision",
    "downgrade",
    "head_revision",
    "upgrade",
    "upgrade_connection",
]

#: Folder holding ``env.py`` and ``versions/``.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# Alembic's default name for its bookkeeping table; env.py keeps the default.
_VERSION_TABLE = "alembic_version"


def alembic_config(database_url: str | None = None) -> Config:
    """An Alembic configuration pointing at the packaged scripts.

    Parameters
    ----------
    database_url : str, optional
        Async SQLAlchemy URL; default from `Settings` (``DATABASE_URL`` or the SQLite default).

    Returns
    -------
    alembic.config.Config
        Ready for `alembic.command` functions.
    """
    if database_url is None:
        from copy_that.service.config import Settings

        database_url = Settings().effective_database_url
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates '%'; URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(revision: str = "head", *, database_url: str | None = None) -> None:
    """Upgrade the database schema to `revision` (``"head"`` = newest).

    Parameters
    ----------
    revision : str
        Target revision id, ``"head"`` or a relative step like ``"+1"``.
    database_url : str, optional
        Database to migrate; default from `Settings`.
    """
    command.upgrade(alembic_config(database_url), revision)


def downgrade(revision: str = "-1", *, database_url: str | None = None) -> None:
    """Downgrade the database schema to `revision` (``"base"`` drops every table).

    Parameters
    ----------
    revision : str
        Target revision id, ``"base"`` or a relative step like ``"-1"`` (the default).
    database_url : str, optional
        Database to migrate; default from `Settings`.
    """
    command.downgrade(alembic_config(database_url), revision)


def upgrade_connection(connection: Connection, revision: str = "head") -> None:
    """Upgrade through an open synchronous connection (from ``AsyncConnection.run_sync``).

    Parameters
    ----------
    connection : sqlalchemy.engine.Connection
        The connection to migrate on; the caller commits.
    revision : str
        Target revision.
    """
    config = alembic_config("sqlite://")  # the URL is unused when a connection is given
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, None for an empty database.

    Reads the version table with one query; opening an Alembic `MigrationContext` for this
    would log two INFO lines on every call.

    Raises
    ------
    RuntimeError
        The version table holds several revisions (branched migrations, which the packaged
        scripts never create).
    """
    if not inspect(connection).has_table(_VERSION_TABLE):
        return None
    version_num = column("version_num", String)
    rows = connection.execute(select(version_num).select_from(table(_VERSION_TABLE)))
    revisions = [str(revision) for revision in rows.scalars()]
    if len(revisions) > 1:
        raise RuntimeError(
            f"the database records several revisions ({', '.join(sorted(revisions))}), but "
            "Copy That's migrations are linear; check its alembic_version table"
        )
    return revisions[0] if revisions else None


@functools.cache
def head_revision() -> str | None:
    """The newest revision of the packaged scripts (read once per process; they ship fixed)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()

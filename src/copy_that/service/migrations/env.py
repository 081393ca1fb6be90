"""Alembic environment: runs migrations on a given connection, or opens one from the URL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from copy_that.service.config import Settings
from copy_that.service.db.models import Base
from copy_that.service.db.session import create_engine

__all__: list[str] = []


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_url(url: str) -> None:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def _main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # The `alembic` command line (alembic.ini at the repository root) names no database: use
    # the service's own setting, as `copy-that db upgrade` does.
    url = config.get_main_option("sqlalchemy.url") or Settings().effective_database_url
    asyncio.run(_run_from_url(url))


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported; run against a database")
_main()

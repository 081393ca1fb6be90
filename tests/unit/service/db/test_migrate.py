"""Tests for copy_that.service.db.migrate on SQLite (PostgreSQL in tests/integration)."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from copy_that.service.db import migrate
from copy_that.service.db.migrate import (
    MIGRATIONS_DIR,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
    upgrade_connection,
)
from copy_that.service.db.models import Base
from copy_that.service.db.session import create_engine as create_async

TABLES = {
    "users",
    "sessions",
    "api_keys",
    "projects",
    "memberships",
    "images",
    "jobs",
    "image_results",
    "token_edits",
    "token_versions",
}


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"


def _sync(url: str) -> str:
    return url.replace("+aiosqlite", "")


def test_upgrade_from_empty_then_downgrade_to_nothing(url: str) -> None:
    upgrade(database_url=url)
    engine = create_engine(_sync(url))
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == TABLES | {"alembic_version"}
        assert current_revision(connection) == head_revision() == "0001"
    downgrade("base", database_url=url)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        assert current_revision(connection) is None
    upgrade(database_url=url)  # and back up again
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
    engine.dispose()


def test_the_migrations_match_the_models(url: str) -> None:
    upgrade(database_url=url)
    engine = create_engine(_sync(url))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_upgrade_on_an_open_async_connection(url: str) -> None:
    async def run() -> None:
        engine = create_async(url)
        async with engine.begin() as connection:
            await connection.run_sync(upgrade_connection)
        async with engine.connect() as connection:
            assert await connection.run_sync(current_revision) == "0001"
        await engine.dispose()

    anyio.run(run)


def test_scripts_ship_inside_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert MIGRATIONS_DIR.parent.name == "service"
    assert list((MIGRATIONS_DIR / "versions").glob("0001_*.py"))


def test_percent_signs_in_urls_survive(tmp_path: Path) -> None:
    folder = tmp_path / "100%"
    folder.mkdir()
    upgrade(database_url=f"sqlite+aiosqlite:///{folder / 'm.db'}")
    assert (folder / "m.db").is_file()


def test_head_revision_reads_the_scripts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    head_revision.cache_clear()
    reads: list[object] = []
    real = migrate.ScriptDirectory.from_config

    def counted(config: object) -> object:
        reads.append(config)
        return real(config)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate.ScriptDirectory, "from_config", counted)
    assert [head_revision() for _ in range(3)] == ["0001"] * 3
    assert len(reads) == 1


def test_current_revision_logs_nothing(url: str, caplog: pytest.LogCaptureFixture) -> None:
    upgrade(database_url=url)
    engine = create_engine(_sync(url))
    with caplog.at_level("DEBUG"), engine.connect() as connection:
        assert [current_revision(connection) for _ in range(3)] == ["0001"] * 3
    engine.dispose()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("alembic")] == []


def test_several_recorded_revisions_are_reported(url: str) -> None:
    upgrade(database_url=url)
    engine = create_engine(_sync(url))
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('0002')"))
        with pytest.raises(RuntimeError, match=r"several revisions \(0001, 0002\)"):
            current_revision(connection)
    engine.dispose()

"""Tests for copy_that.service.db.models: UTC timestamps, ids, job states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from copy_that.service.db.models import JobStatus, UTCDateTime, new_id


def test_timestamps_are_stored_and_read_as_utc() -> None:
    column = UTCDateTime()
    paris = timezone(timedelta(hours=1))
    stored = column.process_bind_param(datetime(2026, 1, 1, 13, 0, tzinfo=paris), dialect=None)  # type: ignore[arg-type]
    assert stored == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    naive_from_sqlite = datetime(2026, 1, 1, 12, 0)
    read = column.process_result_value(naive_from_sqlite, dialect=None)  # type: ignore[arg-type]
    assert read is not None
    assert read.tzinfo is UTC
    assert column.process_bind_param(None, dialect=None) is None  # type: ignore[arg-type]


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), dialect=None)  # type: ignore[arg-type]


def test_ids_are_unique_hex() -> None:
    ids = {new_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_terminal_states() -> None:
    assert {s for s in JobStatus if s.is_terminal} == {
        JobStatus.SUCCEEDED,
        JobStatus.FAILED,
        JobStatus.CANCELLED,
    }

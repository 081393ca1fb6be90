"""Tests for copy_that.service.storage: content addressing, local and fsspec stores."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import anyio
import pytest

from copy_that.service import storage
from copy_that.service.errors import NotFoundError, UnavailableError
from copy_that.service.storage import (
    BlobStore,
    FsspecBlobStore,
    LocalBlobStore,
    blob_key,
    open_blob_store,
)


@pytest.fixture(params=["local", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    return FsspecBlobStore(f"memory://copy-that-tests/{uuid.uuid4().hex}")


def test_put_get_is_content_addressed(store: BlobStore) -> None:
    async def run() -> None:
        key = await store.put(b"hello")
        assert key == hashlib.sha256(b"hello").hexdigest() == blob_key(b"hello")
        assert await store.put(b"hello") == key
        assert await store.get(key) == b"hello"
        assert store.get_sync(key) == b"hello"
        assert await store.exists(key)
        await store.delete(key)
        assert not await store.exists(key)
        await store.delete(key)  # deleting twice is fine
        with pytest.raises(NotFoundError):
            await store.get(key)

    anyio.run(run)


def test_check_passes_when_writable(store: BlobStore) -> None:
    anyio.run(store.check)


@pytest.mark.parametrize("key", ["../../etc/passwd", "ABC", "a" * 63, ""])
def test_keys_must_be_sha256_hex(store: BlobStore, key: str) -> None:
    with pytest.raises(ValueError, match="blob key"):
        anyio.run(store.get, key)


def test_local_files_fan_out_and_leave_no_temp_files(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    key = anyio.run(store.put, b"data")
    assert (tmp_path / key[:2] / key[2:4] / key).read_bytes() == b"data"
    assert not list(tmp_path.rglob(".upload-*"))


def test_an_unwritable_store_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = LocalBlobStore(blocker / "blobs")
    with pytest.raises(UnavailableError, match="not usable"):
        anyio.run(store.check)


@pytest.mark.parametrize(
    ("location", "kind"),
    [
        ("var/blobs", LocalBlobStore),
        ("file:///tmp/b", LocalBlobStore),
        ("memory://b", FsspecBlobStore),
    ],
)
def test_open_blob_store_picks_the_backend(location: str, kind: type[BlobStore]) -> None:
    assert isinstance(open_blob_store(location), kind)


def test_check_writes_nothing_to_a_local_store(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    anyio.run(store.check)  # the first check creates the folder
    # Any file created or removed in the folder would move its modification time to now.
    os.utime(store.root, ns=(1_000_000_000, 1_000_000_000))
    for _ in range(3):
        anyio.run(store.check)
    assert store.root.stat().st_mtime_ns == 1_000_000_000
    assert list(store.root.iterdir()) == []


def test_check_writes_nothing_to_an_fsspec_store() -> None:
    store = FsspecBlobStore(f"memory://copy-that-tests/{uuid.uuid4().hex}")
    fs = store._fs
    for _ in range(3):
        anyio.run(store.check)
    assert fs.find(store._prefix) == []
    key = anyio.run(store.put, b"image")
    anyio.run(store.check)
    assert fs.find(store._prefix) == [store._path(key)]


def test_check_asks_the_store_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    store = FsspecBlobStore(f"memory://copy-that-tests/{uuid.uuid4().hex}")
    anyio.run(store.put, b"image")
    anyio.run(store.check)  # a listing the file system may cache

    def denied(path: str, detail: bool = True, **kwargs: object) -> list[str]:
        raise PermissionError(f"403 Forbidden: {path}")

    monkeypatch.setattr(store._fs, "ls", denied)
    with pytest.raises(UnavailableError, match="not usable: PermissionError"):
        anyio.run(store.check)


def test_a_read_only_local_store_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    anyio.run(store.check)
    # Asked of the OS rather than set with chmod: permissions do not bind root, who runs CI.
    monkeypatch.setattr(storage.os, "access", lambda path, mode: False)
    with pytest.raises(UnavailableError, match="not usable: PermissionError"):
        anyio.run(store.check)

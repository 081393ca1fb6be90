"""Tests for copy_that.service.storage: content addressing, local and fsspec stores."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import anyio
import pytest

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

"""Content-addressed blob store for image bytes: a local folder, or any fsspec URL (S3, GCS …).

A blob's key is the SHA-256 of its bytes (64 hex digits), so the same image is stored once
however often it is uploaded. Blocking file-system calls run in worker threads, never on the
event loop. The readiness check only reads: a probe every few seconds must not create objects
(on a versioned bucket each write is a new version, and GCS allows about one write per second
to an object).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import anyio.to_thread

from copy_that.service.errors import NotFoundError, UnavailableError

__all__ = ["BlobStore", "FsspecBlobStore", "LocalBlobStore", "blob_key", "open_blob_store"]

_KEY_RE = re.compile(r"^[0-9a-f]{64}$")


def blob_key(data: bytes) -> str:
    """The content address of `data`: its SHA-256 as 64 lowercase hex digits."""
    return hashlib.sha256(data).hexdigest()


def _check_key(key: str) -> str:
    if not _KEY_RE.match(key):
        raise ValueError(f"{key!r} is not a blob key (64 lowercase hex digits)")
    return key


def _relative_path(key: str) -> str:
    # Two levels of fan-out keep folders small on file systems that slow down with many entries.
    return f"{key[:2]}/{key[2:4]}/{key}"


class BlobStore(ABC):
    """Where image bytes live; subclasses implement the synchronous primitives."""

    async def put(self, data: bytes) -> str:
        """Store `data` (once per content) and return its key."""
        key = blob_key(data)
        await anyio.to_thread.run_sync(self._put, key, data)
        return key

    async def get(self, key: str) -> bytes:
        """The bytes stored under `key`; `NotFoundError` when there are none."""
        return await anyio.to_thread.run_sync(self._get, _check_key(key))

    async def delete(self, key: str) -> None:
        """Remove the blob under `key`; a missing blob is not an error."""
        await anyio.to_thread.run_sync(self._delete, _check_key(key))

    async def exists(self, key: str) -> bool:
        """Whether a blob is stored under `key`."""
        return await anyio.to_thread.run_sync(self._exists, _check_key(key))

    async def check(self) -> None:
        """Raise `UnavailableError` when the store does not answer a read (writes nothing)."""
        try:
            await anyio.to_thread.run_sync(self._check)
        # Any failure of a remote back end (OSError, botocore, google-auth …) means "not ready".
        except Exception as exc:
            raise UnavailableError(f"blob store is not usable: {type(exc).__name__}") from exc

    def get_sync(self, key: str) -> bytes:
        """`get` for synchronous callers (Celery tasks, worker threads)."""
        return self._get(_check_key(key))

    @abstractmethod
    def _put(self, key: str, data: bytes) -> None: ...

    @abstractmethod
    def _get(self, key: str) -> bytes: ...

    @abstractmethod
    def _delete(self, key: str) -> None: ...

    @abstractmethod
    def _exists(self, key: str) -> bool: ...

    @abstractmethod
    def _check(self) -> None: ...


class LocalBlobStore(BlobStore):
    """Blobs as files under a root folder, written atomically (temp file, then rename).

    Parameters
    ----------
    root : Path
        The folder; created when missing.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def __repr__(self) -> str:
        return f"LocalBlobStore({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        return self.root / _relative_path(key)

    def _put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def _get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise NotFoundError("blob", key) from None

    def _delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def _exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def _check(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)  # only the first call creates anything
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise PermissionError(f"{self.root} is not writable by this process")


class FsspecBlobStore(BlobStore):
    """Blobs under an fsspec URL prefix (``s3://bucket/images``, ``gs://…``, ``memory://…``).

    Parameters
    ----------
    url : str
        The prefix; the protocol's fsspec package (s3fs, gcsfs) must be installed.
    storage_options : mapping, optional
        Extra keyword arguments for the file system (credentials, endpoint …).
    """

    def __init__(self, url: str, **storage_options: Any) -> None:
        from fsspec.core import url_to_fs

        self.url = url.rstrip("/")
        self._fs, self._prefix = url_to_fs(self.url, **storage_options)

    def __repr__(self) -> str:
        return f"FsspecBlobStore({self.url!r})"

    def _path(self, key: str) -> str:
        return f"{self._prefix}/{_relative_path(key)}"

    def _put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if self._fs.exists(path):
            return
        self._fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        self._fs.pipe_file(path, data)

    def _get(self, key: str) -> bytes:
        try:
            data: bytes = self._fs.cat_file(self._path(key))
        except FileNotFoundError:
            raise NotFoundError("blob", key) from None
        return data

    def _delete(self, key: str) -> None:
        try:
            self._fs.rm_file(self._path(key))
        except FileNotFoundError:
            return

    def _exists(self, key: str) -> bool:
        return bool(self._fs.exists(self._path(key)))

    def _check(self) -> None:
        # A listing reaches the store and needs the credentials' read access; the cache is
        # dropped first so every probe asks the store again.
        self._fs.invalidate_cache(self._prefix)
        # A prefix nothing was stored under yet does not exist on object stores. (Nor does a
        # missing bucket, which this cannot tell apart; the first upload reports it.)
        with contextlib.suppress(FileNotFoundError):
            self._fs.ls(self._prefix, detail=False)


def open_blob_store(location: str) -> BlobStore:
    """Open the blob store at `location`.

    Parameters
    ----------
    location : str
        A folder path, a ``file://`` URL, or any other fsspec URL.

    Returns
    -------
    BlobStore
        `LocalBlobStore` for local folders, `FsspecBlobStore` otherwise.
    """
    if location.startswith("file://"):
        return LocalBlobStore(Path(location.removeprefix("file://")))
    if "://" in location:
        return FsspecBlobStore(location)
    return LocalBlobStore(Path(location))

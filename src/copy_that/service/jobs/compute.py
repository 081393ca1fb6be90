"""Where extraction's CPU work runs: a thread pool or a process pool, off the event loop.

Both backends run `extract_document` and forward its ``progress(stage, fraction)`` calls to a
callback on the event loop. The process pool (the default for ``copy-that serve``) keeps heavy
pure-Python stages from competing with request handling for the GIL; progress crosses the
process boundary through a queue handed to each worker process when it starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from copy_that.imaging import load_image
from copy_that.pipeline import ExtractOptions, extract
from copy_that.tokens.resolver import to_any_document

__all__ = [
    "Compute",
    "ComputeCrashedError",
    "ProcessCompute",
    "ProgressCallback",
    "ThreadCompute",
    "extract_document",
    "open_compute",
]

ProgressCallback = Callable[[str, float], None]
# Longest wait (seconds) for a finished call's progress messages; they are normally a few
# milliseconds behind the result.
_PROGRESS_DRAIN_S = 2.0


class ComputeCrashedError(RuntimeError):
    """A worker process died mid-extraction (killed, out of memory); the attempt may be retried."""


def extract_document(
    data: bytes, name: str, options: ExtractOptions, progress: ProgressCallback | None
) -> dict[str, Any]:
    """Decode one image, extract its tokens and return them as one DTCG document.

    Parameters
    ----------
    data : bytes
        The image file.
    name : str
        File name for messages and the document's image list.
    options : ExtractOptions
        What to extract; ``options.load`` holds the decoding limits.
    progress : callable or None
        ``progress(stage, fraction)`` as the pipeline reports it.

    Returns
    -------
    dict
        The DTCG 2025.10 token document, or a resolver document when the tokens have modes.
    """
    image = load_image(data, options=options.load, name=name)
    return to_any_document(extract([image], options=options, progress=progress))


class Compute(ABC):
    """Runs `extract_document` somewhere other than the event loop's thread."""

    @abstractmethod
    async def run(
        self, data: bytes, name: str, options: ExtractOptions, on_progress: ProgressCallback
    ) -> dict[str, Any]:
        """Extract one image; `on_progress` is called on the event loop."""

    @abstractmethod
    def close(self) -> None:
        """Stop accepting work and release the pool."""


class ThreadCompute(Compute):
    """A thread pool: cheap to start, shares memory; NumPy and OpenCV release the GIL.

    Parameters
    ----------
    workers : int
        Threads, i.e. images extracted at once.
    """

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="copy-that-job")

    async def run(
        self, data: bytes, name: str, options: ExtractOptions, on_progress: ProgressCallback
    ) -> dict[str, Any]:
        """Extract in a pool thread."""
        loop = asyncio.get_running_loop()

        def progress(stage: str, fraction: float) -> None:
            loop.call_soon_threadsafe(on_progress, stage, fraction)

        return await loop.run_in_executor(
            self._pool, extract_document, data, name, options, progress
        )

    def close(self) -> None:
        """Drop queued work; a running extraction finishes in the background."""
        self._pool.shutdown(wait=False, cancel_futures=True)


# Set in each worker process by `_init_child`: where progress messages go.
_child_queue: Any = None


def _init_child(queue: Any) -> None:
    global _child_queue
    _child_queue = queue


def _child_extract(token: str, data: bytes, name: str, options: ExtractOptions) -> dict[str, Any]:
    def progress(stage: str, fraction: float) -> None:
        _child_queue.put((token, stage, fraction))

    try:
        return extract_document(data, name, options, progress)
    finally:
        # Queued after every progress message of this call (one producer, FIFO): when the
        # parent sees it, all of the call's progress has been delivered.
        _child_queue.put((token, None, None))


class ProcessCompute(Compute):
    """A pool of spawned worker processes.

    Parameters
    ----------
    workers : int
        Processes, i.e. images extracted at once.
    """

    def __init__(self, workers: int) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._workers = workers
        self._queue: Any = self._context.Queue()
        self._listeners: dict[str, Callable[[str | None, float | None], None]] = {}
        self._pool: Executor = self._new_pool()
        self._reader = threading.Thread(
            target=self._forward_progress, name="copy-that-progress", daemon=True
        )
        self._reader.start()

    def _new_pool(self) -> Executor:
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=self._context,
            initializer=_init_child,
            initargs=(self._queue,),
        )

    def _forward_progress(self) -> None:
        while (item := self._queue.get()) is not None:
            token, stage, fraction = item
            listener = self._listeners.get(token)
            if listener is not None:
                listener(stage, fraction)

    async def run(
        self, data: bytes, name: str, options: ExtractOptions, on_progress: ProgressCallback
    ) -> dict[str, Any]:
        """Extract in a pool process; a dead process raises `ComputeCrashedError`."""
        loop = asyncio.get_running_loop()
        token = uuid.uuid4().hex
        delivered = asyncio.Event()

        def forward(stage: str | None, fraction: float | None) -> None:
            if stage is None or fraction is None:
                loop.call_soon_threadsafe(delivered.set)
            else:
                loop.call_soon_threadsafe(on_progress, stage, fraction)

        self._listeners[token] = forward
        pool = self._pool
        try:
            result = await loop.run_in_executor(pool, _child_extract, token, data, name, options)
            # Progress travels on another channel than the result; let it catch up. (Not
            # wait_for, which in Python 3.11 can swallow a shutdown's cancellation.)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(_PROGRESS_DRAIN_S):
                    await delivered.wait()
            return result
        except BrokenProcessPool:
            if self._pool is pool:
                self._pool = self._new_pool()
            raise ComputeCrashedError(
                "the extraction worker process died (killed or out of memory)"
            ) from None
        finally:
            self._listeners.pop(token, None)

    def close(self) -> None:
        """Drop queued work and stop forwarding progress."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._queue.put(None)
        self._reader.join(timeout=5)


def open_compute(kind: str, workers: int) -> Compute:
    """`ProcessCompute` for ``"process"``, `ThreadCompute` for ``"thread"``."""
    if kind == "process":
        return ProcessCompute(workers)
    if kind == "thread":
        return ThreadCompute(workers)
    raise ValueError(f"unknown job pool {kind!r}; use 'process' or 'thread'")

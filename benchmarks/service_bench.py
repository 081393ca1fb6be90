"""Service speed: ``/health`` throughput and tail latency, and extraction jobs per minute.

Run from the repository root::

    .venv/bin/python -m benchmarks.service_bench              # both parts
    .venv/bin/python -m benchmarks.service_bench --skip-jobs  # /health only

1. ``/health``: the API exactly as ``copy-that serve`` runs it (one Uvicorn process, embedded
   defaults) on 127.0.0.1, loaded by 64 keep-alive connections for a bounded time from a
   minimal asyncio HTTP/1.1 client in another process. Reports requests per second and latency
   percentiles. Loopback only; the load generator shares the machine's cores with the server,
   so the numbers are a floor, not the server's ceiling.
2. Jobs per minute: the API with ``CELERY_BROKER_URL`` set, on this machine's PostgreSQL (a fresh
   database) and Redis (database 14), and 1 then 2 Celery worker processes (concurrency 1
   each), started and ready before the clock starts. Each job extracts every token kind (OCR
   off) from one variant of the sample dashboard screenshot (1200×560 px).

The machine's load average is printed with the results: other processes on the same cores
change every number here.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import redis
from PIL import Image as PILImage

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dashboard.png"
PG_ADMIN = os.environ.get(
    "COPY_THAT_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_BASE = os.environ.get("COPY_THAT_BENCH_REDIS_URL", "redis://127.0.0.1:6379")
REDIS_DB = 14
JOB_OPTIONS = {
    "kinds": ["colors", "spacing", "radii", "shadows", "borders", "typography"],
    "ocr": False,
}
_REQUEST = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
_START_TIMEOUT_S = 120.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _process(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as output:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_http(url: str, log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        with suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up:\n{log.read_text()[-2000:]}")


def _api(port: int, env: dict[str, str], log: Path) -> Any:
    command = [
        sys.executable, "-m", "uvicorn", "copy_that.service.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    return _process(command, env, log)


@dataclass(frozen=True)
class HealthResult:
    """Outcome of the /health load."""

    connections: int
    duration_s: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float


async def _connection(port: int, until: float, latencies: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            start = time.perf_counter()
            writer.write(_REQUEST)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(1)
    finally:
        writer.close()
        with suppress(ConnectionError):
            await writer.wait_closed()


async def _load(port: int, connections: int, duration_s: float) -> HealthResult:
    latencies: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    until = start + duration_s
    await asyncio.gather(*(_connection(port, until, latencies, errors) for _ in range(connections)))
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return HealthResult(
        connections=connections,
        duration_s=round(elapsed, 2),
        requests=len(ordered),
        errors=len(errors),
        rps=round(len(ordered) / elapsed, 1),
        p50_ms=round(statistics.median(ordered) * 1000, 2),
        p99_ms=round(ordered[int(0.99 * (len(ordered) - 1))] * 1000, 2),
        max_ms=round(ordered[-1] * 1000, 2),
    )


def bench_health(connections: int, duration_s: float, workdir: Path) -> HealthResult:
    """Serve with the embedded defaults and load /health."""
    port = _free_port()
    env = {"DATA_DIR": str(workdir / "health"), "JOB_POOL": "thread", "LOG_LEVEL": "WARNING"}
    log = workdir / "health-api.log"
    with _api(port, env, log):
        _wait_http(f"http://127.0.0.1:{port}/health", log)
        asyncio.run(_load(port, connections, 1.0))  # warm-up
        return asyncio.run(_load(port, connections, duration_s))


@dataclass(frozen=True)
class JobsResult:
    """Outcome of one jobs-per-minute run."""

    workers: int
    jobs: int
    succeeded: int
    seconds: float
    jobs_per_minute: float
    mean_job_s: float


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def _database() -> Iterator[str]:
    name = f"ct_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _variants(count: int) -> list[bytes]:
    base = PILImage.open(EXAMPLE).convert("RGB")
    out = []
    for index in range(count):
        image = base.copy()
        image.putpixel((0, 0), (index % 256, index // 256, 7))  # distinct bytes, same design
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        out.append(buffer.getvalue())
    return out


def _wait_worker(log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while " ready." not in log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"worker did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.2)


def bench_jobs(workers: int, jobs: int, workdir: Path) -> JobsResult:
    """Queue `jobs` one-image jobs for `workers` Celery workers and time them to the last."""
    redis.Redis.from_url(f"{REDIS_BASE}/{REDIS_DB}").flushdb()
    run_dir = workdir / f"jobs-{workers}"
    with _database() as database:
        env = {
            "DATABASE_URL": database,
            "CELERY_BROKER_URL": f"{REDIS_BASE}/{REDIS_DB}",
            "BLOB_STORE_URL": str(run_dir / "blobs"),
            "DATA_DIR": str(run_dir),
            "LOG_LEVEL": "WARNING",
            "RATE_LIMIT_ENABLED": "false",
        }
        subprocess.run(
            [sys.executable, "-c", "from copy_that.service.db.migrate import upgrade; upgrade()"],
            env={**os.environ, **env},
            check=True,
        )
        port = _free_port()
        api_log = run_dir / "api.log"
        run_dir.mkdir(parents=True, exist_ok=True)
        with _api(port, env, api_log):
            _wait_http(f"http://127.0.0.1:{port}/health", api_log)
            worker_logs = [run_dir / f"worker{i}.log" for i in range(workers)]
            code = "from copy_that.service.jobs import run_worker; run_worker(1)"
            worker_env = {**env, "LOG_LEVEL": "INFO"}
            with ExitStack() as stack:
                for log in worker_logs:
                    stack.enter_context(_process([sys.executable, "-c", code], worker_env, log))
                for log in worker_logs:
                    _wait_worker(log)
                return _run_jobs(port, workers, jobs)


def _run_jobs(port: int, workers: int, jobs: int) -> JobsResult:
    base = f"http://127.0.0.1:{port}/api/v1"
    with httpx.Client(base_url=base, timeout=60) as client:
        email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
        client.post("/auth/register", json={"email": email, "password": "benchmark-password"})
        project = client.post("/projects", json={"name": "bench"}).json()["id"]
        image_ids = []
        for index, data in enumerate(_variants(jobs)):
            files = [("files", (f"shot{index}.png", data, "image/png"))]
            image_ids.append(
                client.post(f"/projects/{project}/images", files=files).json()["data"][0]["id"]
            )
        start = time.perf_counter()
        job_ids = [
            client.post(
                f"/projects/{project}/jobs", json={**JOB_OPTIONS, "image_ids": [image_id]}
            ).json()["id"]
            for image_id in image_ids
        ]
        pending = set(job_ids)
        durations: list[float] = []
        succeeded = 0
        while pending:
            time.sleep(0.25)
            for job_id in list(pending):
                job = client.get(f"/projects/{project}/jobs/{job_id}").json()
                if job["status"] in {"succeeded", "failed", "cancelled"}:
                    pending.discard(job_id)
                    succeeded += job["status"] == "succeeded"
                    if job["started_at"] and job["finished_at"]:
                        durations.append(_seconds_between(job["started_at"], job["finished_at"]))
        elapsed = time.perf_counter() - start
    return JobsResult(
        workers=workers,
        jobs=jobs,
        succeeded=succeeded,
        seconds=round(elapsed, 1),
        jobs_per_minute=round(jobs / elapsed * 60, 1),
        mean_job_s=round(statistics.mean(durations), 2) if durations else float("nan"),
    )


def _seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def main(argv: list[str] | None = None) -> None:
    """Run the benchmarks and print a Markdown summary (and JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration-s", type=float, default=10.0)
    parser.add_argument("--jobs", type=int, default=12, help="one-image jobs per worker count")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--skip-health", action="store_true")
    parser.add_argument("--skip-jobs", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"load_average_before": os.getloadavg(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="copy-that-bench-") as temp:
        workdir = Path(temp)
        if not args.skip_health:
            health = bench_health(args.connections, args.duration_s, workdir)
            results["health"] = asdict(health)
            print(
                f"/health, {health.connections} connections, {health.duration_s} s: "
                f"{health.rps} req/s, p50 {health.p50_ms} ms, p99 {health.p99_ms} ms, "
                f"max {health.max_ms} ms, {health.errors} errors of {health.requests}",
                flush=True,
            )
        if not args.skip_jobs:
            results["jobs"] = []
            for workers in (int(w) for w in args.workers.split(",")):
                outcome = bench_jobs(workers, args.jobs, workdir)
                results["jobs"].append(asdict(outcome))
                print(
                    f"{outcome.workers} worker(s): {outcome.succeeded}/{outcome.jobs} jobs in "
                    f"{outcome.seconds} s = {outcome.jobs_per_minute} jobs/min "
                    f"(mean {outcome.mean_job_s} s per job)",
                    flush=True,
                )
    results["load_average_after"] = os.getloadavg()
    before, after = results["load_average_before"], results["load_average_after"]
    print(f"load average (1, 5, 15 min) before {before}, after {after}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

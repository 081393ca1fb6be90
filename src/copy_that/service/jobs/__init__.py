"""Extraction jobs: the attempt runner, compute pools, runners (in-process, Celery), recovery."""

from copy_that.service.jobs.celery_tasks import CeleryRunner, celery_app, run_worker
from copy_that.service.jobs.compute import Compute, ProcessCompute, ThreadCompute, open_compute
from copy_that.service.jobs.execute import JobEnvironment, JobOutcome, run_job, worker_name
from copy_that.service.jobs.progress import ProgressBus, open_bus
from copy_that.service.jobs.recovery import RecoveryReport, recover_jobs, sweep_forever
from copy_that.service.jobs.runner import InProcessRunner, JobRunner

__all__ = [
    "CeleryRunner",
    "Compute",
    "InProcessRunner",
    "JobEnvironment",
    "JobOutcome",
    "JobRunner",
    "ProcessCompute",
    "ProgressBus",
    "RecoveryReport",
    "ThreadCompute",
    "celery_app",
    "open_bus",
    "open_compute",
    "recover_jobs",
    "run_job",
    "run_worker",
    "sweep_forever",
    "worker_name",
]

"""The in-memory job store and the worker threads that run jobs.

A job goes ``pending`` -> ``in_progress`` -> ``completed``, ``failed`` or ``canceled``. At the end
of a job the worker writes the terminal status first, then sends the callback (if any), then
deletes the upload, in that order.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

from .callbacks import CallbackSender
from .faults import Faults
from .storage import UploadStore

logger = logging.getLogger("dedup2d.jobs")

PENDING = "pending"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
FAILED = "failed"
CANCELED = "canceled"
STATUSES = (PENDING, IN_PROGRESS, COMPLETED, FAILED, CANCELED)
TERMINAL_STATUSES = frozenset({COMPLETED, FAILED, CANCELED})

# A job whose uploaded file name contains this text (any case) ends failed, so scenarios can
# exercise the failure path without a fault mode.
FAILING_NAME_MARKER = "fail"

# How often a running job checks whether it was canceled, in seconds.
CANCEL_CHECK_INTERVAL = 0.05


class QueueFullError(Exception):
    def __init__(self, max_jobs: int, current_jobs: int) -> None:
        super().__init__(f"Job queue full: {current_jobs}/{max_jobs} jobs")
        self.max_jobs = max_jobs
        self.current_jobs = current_jobs


@dataclass
class Job:
    job_id: str
    tenant_id: str
    file_name: str
    upload_keys: list[str]
    callback_url: str | None
    request_params: dict
    created_at: float
    status: str = PENDING
    started_at: float | None = None
    finished_at: float | None = None
    result: dict | None = None
    error: str | None = None
    cancel_requested: bool = False
    callback_status: str | None = None
    callback_attempts: int = 0
    callback_http_status: int | None = None
    callback_finished_at: float | None = None
    callback_last_error: str | None = None
    # Counters for the flaky-status and status-regress faults.
    status_reads: int = 0
    terminal_reads: int = 0

    def status_document(self) -> dict:
        """Return the 13-key body of ``GET /jobs/<job_id>``."""
        return {
            "job_id": self.job_id,
            "tenant_id": self.tenant_id,
            "status": self.status,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "result": self.result,
            "error": self.error,
            "callback_status": self.callback_status,
            "callback_attempts": self.callback_attempts,
            "callback_http_status": self.callback_http_status,
            "callback_finished_at": self.callback_finished_at,
            "callback_last_error": self.callback_last_error,
        }

    def summary_document(self) -> dict:
        """Return one entry of the job list."""
        return {
            "job_id": self.job_id,
            "tenant_id": self.tenant_id,
            "status": self.status,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "error": self.error,
        }

    def callback_document(self) -> dict:
        """Return the callback payload; ``result`` is set only for completed jobs."""
        return {
            "error": self.error,
            "finished_at": self.finished_at,
            "job_id": self.job_id,
            "result": self.result,
            "started_at": self.started_at,
            "status": self.status,
            "tenant_id": self.tenant_id,
        }


def new_job_id() -> str:
    return str(uuid.uuid4())


class JobStore:
    """Jobs by id plus the queue of pending job ids, guarded by one lock.

    Submits reserve a queue slot before they upload, so the queue limit still applies while
    uploads run concurrently.
    """

    def __init__(self, max_jobs: int) -> None:
        self.max_jobs = max_jobs
        self._lock = threading.Condition()
        self._jobs: dict[str, Job] = {}
        self._queue: collections.deque[str] = collections.deque()
        self._reserved_slots = 0

    def _active_count(self) -> int:
        active = sum(1 for job in self._jobs.values() if job.status not in TERMINAL_STATUSES)
        return active + self._reserved_slots

    def reserve_slot(self) -> None:
        """Reserve room for one job, raising ``QueueFullError`` when the queue is full."""
        with self._lock:
            current = self._active_count()
            if current >= self.max_jobs:
                raise QueueFullError(self.max_jobs, current)
            self._reserved_slots += 1

    def release_slot(self) -> None:
        with self._lock:
            self._reserved_slots -= 1

    def add(self, job: Job) -> None:
        """Store a job in a reserved slot and queue it for a worker."""
        with self._lock:
            self._reserved_slots -= 1
            self._jobs[job.job_id] = job
            self._queue.append(job.job_id)
            self._lock.notify()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def read_status(self, job: Job) -> tuple[dict, int, int]:
        """Return a snapshot of the status document with this read's counters for the faults.

        The counters are the job's status read number and, once the job has ended, the number of
        reads that saw it ended.
        """
        with self._lock:
            job.status_reads += 1
            if job.status in TERMINAL_STATUSES:
                job.terminal_reads += 1
            return job.status_document(), job.status_reads, job.terminal_reads

    def list_for_tenant(self, tenant_id: str, status: str | None, limit: int) -> list[dict]:
        """Return up to ``limit`` of the tenant's jobs, newest first."""
        with self._lock:
            jobs = [job for job in self._jobs.values() if job.tenant_id == tenant_id]
            if status is not None:
                jobs = [job for job in jobs if job.status == status]
            jobs.sort(key=lambda job: job.created_at, reverse=True)
            return [job.summary_document() for job in jobs[:limit]]

    def cancel(self, job: Job) -> str:
        """Cancel a job and return what happened: ``pending``, ``running`` or ``finished``.

        A pending job is canceled at once and its callback is marked skipped. A running job is
        only flagged, and its worker ends it as canceled within ``CANCEL_CHECK_INTERVAL``.
        """
        with self._lock:
            if job.status in TERMINAL_STATUSES:
                return "finished"
            job.cancel_requested = True
            if job.status == IN_PROGRESS:
                self._lock.notify_all()
                return "running"
            now = time.time()
            job.status = CANCELED
            job.finished_at = now
            if job.callback_url:
                job.callback_status = "skipped"
                job.callback_finished_at = now
                job.callback_last_error = "canceled_before_start"
            return "pending"

    def take_next(self, stop: threading.Event, wait: float) -> Job | None:
        """Return the next queued job, or ``None`` after ``wait`` seconds without one."""
        with self._lock:
            if not self._queue and not stop.is_set():
                self._lock.wait(wait)
            if not self._queue:
                return None
            return self._jobs[self._queue.popleft()]

    def start(self, job: Job) -> bool:
        """Mark a pending job in_progress; return ``False`` when it was canceled meanwhile."""
        with self._lock:
            if job.status != PENDING:
                return False
            job.status = IN_PROGRESS
            job.started_at = time.time()
            return True

    def wait_for_cancel(self, job: Job, deadline: float | None, stop: threading.Event) -> bool:
        """Sleep until ``deadline`` (forever when ``None``); return ``True`` if canceled first."""
        while not stop.is_set():
            with self._lock:
                if job.cancel_requested:
                    return True
            if deadline is not None and time.time() >= deadline:
                return False
            stop.wait(CANCEL_CHECK_INTERVAL)
        return False

    def finish(self, job: Job, status: str, result: dict | None, error: str | None) -> str:
        """Write the terminal status unless a cancel came first; return the status written."""
        with self._lock:
            if job.cancel_requested:
                status, result, error = CANCELED, None, None
            job.status = status
            job.finished_at = time.time()
            job.result = result
            job.error = error
            return status

    def update(self, job: Job, **fields: object) -> None:
        with self._lock:
            for name, value in fields.items():
                setattr(job, name, value)


@dataclass
class RunnerSettings:
    job_duration: float
    pickup_delay: float
    workers: int
    poll_wait: float = field(default=0.25)


class JobRunner:
    """Worker threads that take queued jobs and run them to a terminal status."""

    def __init__(
        self,
        store: JobStore,
        uploads: UploadStore,
        callbacks: CallbackSender,
        settings: RunnerSettings,
        faults: Faults,
    ) -> None:
        self._store = store
        self._uploads = uploads
        self._callbacks = callbacks
        self._settings = settings
        self._faults = faults
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for index in range(self._settings.workers):
            thread = threading.Thread(target=self._work, name=f"worker-{index + 1}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float) -> None:
        """Ask the workers to stop and wait up to ``timeout`` seconds; running jobs are left as they are."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _work(self) -> None:
        while not self._stop.is_set():
            job = self._store.take_next(self._stop, self._settings.poll_wait)
            if job is None:
                continue
            try:
                self._run(job)
            except Exception:  # A bug in one job must not kill the worker thread.
                logger.exception("job crashed in the worker: job_id=%s", job.job_id)

    def _run(self, job: Job) -> None:
        # A real worker polls its queue; the delay keeps a fresh job pending for a moment.
        pickup_at = job.created_at + self._settings.pickup_delay
        self._stop.wait(max(0.0, pickup_at - time.time()))
        if self._stop.is_set() or not self._store.start(job):
            return
        logger.info("job started: job_id=%s tenant_id=%s", job.job_id, job.tenant_id)

        status, result, error = self._process(job)
        if self._stop.is_set():
            return
        status = self._store.finish(job, status, result, error)
        log = logger.info if status != FAILED else logger.error
        log("job ended: job_id=%s status=%s error=%s", job.job_id, status, job.error)

        if job.callback_url:
            self._send_callback(job)
        self._clean_up(job, status)

    def _process(self, job: Job) -> tuple[str, dict | None, str | None]:
        """Stand in for the dedup search: read the upload, wait out the job duration, decide."""
        began = time.time()
        try:
            data = self._uploads.read(job.upload_keys[0])
        except Exception as error:  # botocore raises many unrelated types here.
            location = f"s3://{self._uploads.bucket}/{job.upload_keys[0]}"
            logger.error("failed to read the upload: job_id=%s key=%s error=%s", job.job_id, location, error)
            return FAILED, None, f"failed to read the upload {location}: {error}"
        read_seconds = time.time() - began

        deadline = None if self._faults.enabled("never-finish") else began + self._settings.job_duration
        if self._store.wait_for_cancel(job, deadline, self._stop):
            return CANCELED, None, None

        if self._faults.enabled("fail-jobs"):
            return FAILED, None, "job failed on purpose: the fail-jobs fault is on"
        if FAILING_NAME_MARKER in job.file_name.lower():
            return FAILED, None, (
                f"job failed on purpose: the file name {job.file_name!r} contains "
                f"{FAILING_NAME_MARKER!r}"
            )
        total_seconds = time.time() - began
        return COMPLETED, self._result(len(data), read_seconds, total_seconds), None

    @staticmethod
    def _result(size: int, read_seconds: float, total_seconds: float) -> dict:
        # The reference stack has no drawing index, so a search never finds matches.
        return {
            "success": True,
            "total_matches": 0,
            "duplicates": [],
            "similar": [],
            "final_level": 1,
            "timing": {
                "total_ms": round(total_seconds * 1000, 3),
                "download_ms": round(read_seconds * 1000, 3),
            },
            "level_stats": {"1": {"candidates": 0, "matches": 0, "input_bytes": size}},
            "warnings": [],
            "error": None,
        }

    def _send_callback(self, job: Job) -> None:
        if self._faults.enabled("callback-missing"):
            logger.warning("callback not sent because of the callback-missing fault: job_id=%s", job.job_id)
            return
        outcome = self._callbacks.send(
            job.callback_url,
            job.job_id,
            job.tenant_id,
            job.callback_document(),
            on_attempt=lambda attempt: self._store.update(job, callback_attempts=attempt),
        )
        self._store.update(
            job,
            callback_status="success" if outcome.success else "failed",
            callback_attempts=outcome.attempts,
            callback_http_status=outcome.http_status,
            callback_finished_at=time.time(),
            callback_last_error=outcome.last_error,
        )

    def _clean_up(self, job: Job, status: str) -> None:
        if self._faults.enabled("keep-uploads"):
            logger.warning("upload kept because of the keep-uploads fault: job_id=%s", job.job_id)
            return
        if status == CANCELED and self._faults.enabled("leak-on-cancel"):
            logger.warning("upload kept because of the leak-on-cancel fault: job_id=%s", job.job_id)
            return
        if self._faults.enabled("slow-cleanup"):
            delay = float(self._faults.value("slow-cleanup"))
            logger.info("delaying cleanup by %.2f s (slow-cleanup fault): job_id=%s", delay, job.job_id)
            if self._stop.wait(delay):
                return
        self._uploads.delete(job.job_id, job.upload_keys)

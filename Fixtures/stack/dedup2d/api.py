"""The HTTP API of the reference dedup2d service (Flask).

Response bodies follow the FastAPI conventions of the real service: errors are ``{"detail": ...}``
and request validation errors are ``422`` with a list of ``{"type", "loc", "msg", "input"}``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from .callbacks import CallbackPolicy, CallbackURLError
from .faults import Faults
from .jobs import (
    IN_PROGRESS,
    PENDING,
    STATUSES,
    Job,
    JobStore,
    QueueFullError,
    new_job_id,
)
from .storage import UploadStore

logger = logging.getLogger("dedup2d.api")

API_PREFIX = "/api/v1/dedup/2d"
LIST_LIMIT_DEFAULT = 50
LIST_LIMIT_MAX = 200
RETRY_AFTER_SECONDS = "5"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE_WORDS = frozenset({"0", "false", "f", "no", "n", "off"})


@dataclass
class ServiceContext:
    """Everything the request handlers share."""

    tenants_by_api_key: dict[str, str]
    store: JobStore
    uploads: UploadStore
    callback_policy: CallbackPolicy
    faults: Faults


class ValidationFailed(Exception):
    """A request parameter that fails validation; rendered as a 422 response."""

    def __init__(self, item: dict) -> None:
        super().__init__(item["msg"])
        self.item = item


def error_response(status: int, detail: object, headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"detail": detail})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _query_int(name: str, default: int | None, minimum: int | None, maximum: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed({
            "type": "int_parsing",
            "loc": ["query", name],
            "msg": "Input should be a valid integer, unable to parse string as an integer",
            "input": raw,
        }) from None
    if minimum is not None and value < minimum:
        raise ValidationFailed({
            "type": "greater_than_equal",
            "loc": ["query", name],
            "msg": f"Input should be greater than or equal to {minimum}",
            "input": raw,
            "ctx": {"ge": minimum},
        })
    if maximum is not None and value > maximum:
        raise ValidationFailed({
            "type": "less_than_equal",
            "loc": ["query", name],
            "msg": f"Input should be less than or equal to {maximum}",
            "input": raw,
            "ctx": {"le": maximum},
        })
    return value


def _query_bool(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    word = raw.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValidationFailed({
        "type": "bool_parsing",
        "loc": ["query", name],
        "msg": "Input should be a valid boolean, unable to interpret input",
        "input": raw,
    })


def create_app(context: ServiceContext) -> Flask:
    app = Flask("dedup2d")
    app.json.sort_keys = False
    app.json.compact = True
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_BYTES

    def owned_job(job_id: str) -> Job | Response:
        """Return the caller's job, or the 404 or 403 response."""
        job = context.store.get(job_id)
        if job is None:
            return error_response(404, {"error": "JOB_NOT_FOUND", "job_id": job_id})
        if job.tenant_id != g.tenant_id:
            return error_response(403, {"error": "JOB_FORBIDDEN", "job_id": job_id})
        return job

    @app.before_request
    def authenticate() -> Response | None:
        # Unknown paths and methods get their 404 or 405 before any key check, as in FastAPI.
        if request.url_rule is None or request.path == "/healthz":
            return None
        api_key = request.headers.get("X-API-Key")
        if not api_key:
            return error_response(401, "Missing API Key")
        tenant_id = context.tenants_by_api_key.get(api_key)
        if tenant_id is None:
            return error_response(401, "Invalid API Key")
        g.tenant_id = tenant_id
        return None

    @app.errorhandler(ValidationFailed)
    def validation_failed(failure: ValidationFailed) -> Response:
        return error_response(422, [failure.item])

    @app.errorhandler(HTTPException)
    def http_error(exception: HTTPException) -> Response:
        return error_response(exception.code or 500, exception.name)

    @app.get("/healthz")
    def health() -> Response:
        return jsonify({"status": "ok"})

    @app.post(f"{API_PREFIX}/search")
    def submit() -> Response:
        asynchronous = _query_bool("async")
        max_results = _query_int("max_results", None, 1, None)
        upload = request.files.get("file")
        if upload is None:
            raise ValidationFailed({
                "type": "missing",
                "loc": ["body", "file"],
                "msg": "Field required",
                "input": None,
            })
        if not asynchronous:
            # NOTE: the real service can also run a search synchronously, but this stand-in cannot.
            return error_response(400, {
                "error": "ASYNC_REQUIRED",
                "message": "The reference service only runs async searches: add async=true to the query.",
            })

        callback_url = request.args.get("callback_url")
        if callback_url is not None:
            try:
                context.callback_policy.validate(callback_url)
            except CallbackURLError as rejection:
                return error_response(400, {"error": "CALLBACK_URL_INVALID", "message": str(rejection)})

        data = upload.read()
        if not data:
            return error_response(400, "Empty file")

        try:
            context.store.reserve_slot()
        except QueueFullError as full:
            logger.warning("submit rejected, queue full: tenant_id=%s %s", g.tenant_id, full)
            headers = {}
            if not context.faults.enabled("queue-full-without-retry-after"):
                headers["Retry-After"] = RETRY_AFTER_SECONDS
            return error_response(429, {
                "error": "JOB_QUEUE_FULL",
                "message": str(full),
                "max_jobs": full.max_jobs,
                "current_jobs": full.current_jobs,
            }, headers)

        job_id = new_job_id()
        file_name = upload.filename or ""
        content_type = upload.mimetype or "application/octet-stream"
        try:
            keys = context.uploads.put_upload(job_id, file_name, data, content_type)
        except Exception as failure:  # botocore raises many unrelated types here.
            context.store.release_slot()
            logger.error("failed to store upload: job_id=%s error=%s", job_id, failure)
            return error_response(503, {"error": "UPLOAD_FAILED", "message": f"failed to store the upload in S3: {failure}"})

        job = Job(
            job_id=job_id,
            tenant_id=g.tenant_id,
            file_name=file_name,
            upload_keys=keys,
            callback_url=callback_url,
            request_params={"mode": request.args.get("mode"), "max_results": max_results},
            created_at=time.time(),
            callback_status="pending" if callback_url else None,
        )
        context.store.add(job)
        logger.info(
            "job submitted: job_id=%s tenant_id=%s key=%s bytes=%d callback=%s",
            job_id, g.tenant_id, keys[0], len(data), bool(callback_url),
        )
        return jsonify({
            "job_id": job_id,
            "status": PENDING,
            "poll_url": f"{API_PREFIX}/jobs/{job_id}",
            "forced_async_reason": None,
        })

    @app.get(f"{API_PREFIX}/jobs/<job_id>")
    def status(job_id: str) -> Response:
        job = owned_job(job_id)
        if isinstance(job, Response):
            return job
        document, read_number, terminal_read_number = context.store.read_status(job)
        if context.faults.enabled("flaky-status") and read_number == 2:
            logger.warning("responding with 500 because of the flaky-status fault: job_id=%s", job_id)
            return error_response(500, "Internal Server Error")
        if context.faults.enabled("status-regress") and terminal_read_number == 2:
            logger.warning("reporting in_progress because of the status-regress fault: job_id=%s", job_id)
            document.update(status=IN_PROGRESS, finished_at=None, result=None, error=None)
        return jsonify(document)

    @app.post(f"{API_PREFIX}/jobs/<job_id>/cancel")
    def cancel(job_id: str) -> Response:
        job = owned_job(job_id)
        if isinstance(job, Response):
            return job
        outcome = context.store.cancel(job)
        logger.info("cancel requested: job_id=%s tenant_id=%s was=%s", job_id, job.tenant_id, outcome)
        if outcome == "pending":
            if context.faults.enabled("keep-uploads") or context.faults.enabled("leak-on-cancel"):
                logger.warning("upload of canceled job kept because of a fault: job_id=%s", job_id)
            else:
                context.uploads.delete(job_id, job.upload_keys)
        return jsonify({"job_id": job_id, "tenant_id": job.tenant_id, "canceled": True})

    @app.get(f"{API_PREFIX}/jobs")
    def list_jobs() -> Response:
        status_filter = request.args.get("status")
        limit = _query_int("limit", LIST_LIMIT_DEFAULT, 1, LIST_LIMIT_MAX)
        if status_filter is not None and status_filter not in STATUSES:
            return error_response(400, {
                "error": "INVALID_STATUS_FILTER",
                "message": f"invalid status filter {status_filter!r}; use one of {', '.join(STATUSES)}",
            })
        jobs = context.store.list_for_tenant(g.tenant_id, status_filter, limit)
        return jsonify({"jobs": jobs, "total": len(jobs)})

    return app


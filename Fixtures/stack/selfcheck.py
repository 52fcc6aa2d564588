#!/usr/bin/env python3
"""Check that the reference stack follows the dedup2d contract and that each fault breaks it.

Starts several stacks at once through ``stackctl.py`` (which also checks parallel starts), runs
the checks against them as an HTTP and S3 client would, stops every stack and prints one line per
check. Run it with the stack's virtual environment:

    Fixtures/stack/.venv/bin/python Fixtures/stack/selfcheck.py

Exit status: 0 when every check passed, 1 otherwise. It takes about half a minute.
"""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import hmac
import http.server
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import boto3
import botocore.exceptions
import requests
from botocore.config import Config

import stackctl

STACK_DIR = Path(__file__).resolve().parent
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR4nGNgYAAAAAMAASsJTYQAAAAASUVORK5CYII="
)
STATUS_KEYS = [
    "job_id", "tenant_id", "status", "created_at", "started_at", "finished_at", "result", "error",
    "callback_status", "callback_attempts", "callback_http_status", "callback_finished_at",
    "callback_last_error",
]
RESULT_KEYS = {
    "success", "total_matches", "duplicates", "similar", "final_level", "timing", "level_stats",
    "warnings", "error",
}
SUMMARY_KEYS = ["job_id", "tenant_id", "status", "created_at", "started_at", "finished_at", "error"]
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TERMINAL = {"completed", "failed", "canceled"}


class CheckFailed(AssertionError):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def expect_equal(actual: object, expected: object, description: str) -> None:
    if actual != expected:
        raise CheckFailed(f"{description}: expected {expected!r}, got {actual!r}")


# ---------------------------------------------------------------------------------------------
# A started stack and its clients


@dataclass
class Stack:
    name: str
    state_dir: Path
    options: list[str]
    env: dict[str, str] = field(default_factory=dict)
    start_seconds: float = 0.0

    def start(self) -> None:
        began = time.monotonic()
        completed = subprocess.run(
            [sys.executable, str(STACK_DIR / "stackctl.py"), "start", "--state-dir", str(self.state_dir), *self.options],
            capture_output=True, text=True, timeout=120,
        )
        self.start_seconds = time.monotonic() - began
        if completed.returncode != 0:
            raise RuntimeError(f"stack {self.name} did not start:\n{completed.stdout}{completed.stderr}")
        for line in (self.state_dir / "stack.env").read_text().splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.partition("=")
                self.env[name] = value
        self.http = requests.Session()
        self.http.trust_env = False
        self.s3 = self.s3_client(self.env["AWS_SECRET_ACCESS_KEY"])

    def stop(self) -> str:
        completed = subprocess.run(
            [sys.executable, str(STACK_DIR / "stackctl.py"), "stop", "--state-dir", str(self.state_dir)],
            capture_output=True, text=True, timeout=60,
        )
        return completed.stdout + completed.stderr

    def recorded_pids(self) -> list[int]:
        path = self.state_dir / "stack.pids.json"
        return [record["pid"] for record in json.loads(path.read_text())["processes"]]

    def s3_client(self, secret: str, access_key_id: str | None = None):
        return boto3.client(
            "s3",
            endpoint_url=self.env["DEDUP2D_S3_ENDPOINT"],
            region_name=self.env["DEDUP2D_S3_REGION"],
            aws_access_key_id=access_key_id or self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=secret,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    @property
    def api(self) -> str:
        return self.env["DEDUP2D_API_URL"] + "/api/v1/dedup/2d"

    def headers(self, other_tenant: bool = False) -> dict[str, str]:
        return {"X-API-Key": self.env["DEDUP2D_API_KEY_OTHER" if other_tenant else "DEDUP2D_API_KEY"]}

    def submit(self, name: str = "smoke.png", data: bytes = PNG_1X1, query: str = "async=true", **kwargs) -> requests.Response:
        return self.http.post(
            f"{self.api}/search?{query}",
            headers=kwargs.pop("headers", self.headers()),
            files={"file": (name, data, "image/png")},
            timeout=10,
            **kwargs,
        )

    def submit_job(self, name: str = "smoke.png", query: str = "async=true") -> str:
        response = self.submit(name, query=query)
        expect_equal(response.status_code, 200, f"submit status ({response.text})")
        return response.json()["job_id"]

    def status(self, job_id: str, other_tenant: bool = False) -> requests.Response:
        return self.http.get(f"{self.api}/jobs/{job_id}", headers=self.headers(other_tenant), timeout=10)

    def cancel(self, job_id: str, other_tenant: bool = False) -> requests.Response:
        return self.http.post(f"{self.api}/jobs/{job_id}/cancel", headers=self.headers(other_tenant), timeout=10)

    def wait_status(self, job_id: str, expected_statuses: set[str], within: float = 10.0) -> dict:
        deadline = time.monotonic() + within
        last = None
        while time.monotonic() < deadline:
            response = self.status(job_id)
            if response.status_code == 200:
                last = response.json()
                if last["status"] in expected_statuses:
                    return last
            time.sleep(0.1)
        raise CheckFailed(f"job {job_id} did not reach {sorted(expected_statuses)} within {within} s; last: {last}")

    def keys(self, prefix: str | None = None) -> list[str]:
        prefix = self.env["DEDUP2D_S3_PREFIX"] + "/" if prefix is None else prefix
        response = self.s3.list_objects_v2(Bucket=self.env["DEDUP2D_S3_BUCKET"], Prefix=prefix)
        return [item["Key"] for item in response.get("Contents", [])]

    def job_keys(self, job_id: str) -> list[str]:
        return self.keys(f"{self.env['DEDUP2D_S3_PREFIX']}/{job_id}/")

    def wait_keys(self, job_id: str, count: int, within: float = 5.0) -> list[str]:
        deadline = time.monotonic() + within
        while True:
            keys = self.job_keys(job_id)
            if len(keys) == count or time.monotonic() >= deadline:
                return keys
            time.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# A callback receiver on 127.0.0.1


@dataclass
class ReceivedCallback:
    path: str
    headers: dict[str, str]
    body: bytes
    job_status_at_receipt: str | None
    keys_at_receipt: list[str]


class CallbackReceiver:
    """Records callbacks; ``answers`` lists the status codes to send back, then 200."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.received: list[ReceivedCallback] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                job_id = self.headers.get("X-Dedup-Job-Id", "")
                with requests.Session() as session:
                    session.trust_env = False
                    status = session.get(
                        f"{receiver.stack.api}/jobs/{job_id}", headers=receiver.stack.headers(), timeout=10
                    ).json().get("status")
                keys = receiver.stack.job_keys(job_id)
                receiver.received.append(ReceivedCallback(self.path, dict(self.headers), body, status, keys))
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_arguments: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------------------------
# Checks against the stack without faults


def check_s3_rejects_bad_credentials(stack: Stack) -> None:
    bucket = stack.env["DEDUP2D_S3_BUCKET"]
    cases = [
        ("wrong secret", stack.s3_client("wrong-secret"), "SignatureDoesNotMatch"),
        ("unknown key", stack.s3_client("wrong-secret", "AKIAUNKNOWNKEY000000"), "InvalidAccessKeyId"),
    ]
    for label, client, code in cases:
        for operation, arguments in [
            ("list_objects_v2", {"Bucket": bucket}),
            ("put_object", {"Bucket": bucket, "Key": "uploads/x", "Body": b"1"}),
            ("get_object", {"Bucket": bucket, "Key": "uploads/x"}),
        ]:
            try:
                getattr(client, operation)(**arguments)
            except botocore.exceptions.ClientError as error:
                expect_equal(error.response["Error"]["Code"], code, f"{label} {operation} error code")
            else:
                raise CheckFailed(f"{label} {operation} was accepted")


def check_auth_errors(stack: Stack) -> None:
    job_id = "00000000-0000-4000-8000-000000000000"
    requests_to_try = [
        ("POST", f"{stack.api}/search?async=true"),
        ("GET", f"{stack.api}/jobs/{job_id}"),
        ("POST", f"{stack.api}/jobs/{job_id}/cancel"),
        ("GET", f"{stack.api}/jobs"),
    ]
    for method, url in requests_to_try:
        response = stack.http.request(method, url, timeout=10)
        expect_equal((response.status_code, response.json()), (401, {"detail": "Missing API Key"}), f"{method} {url} without key")
        response = stack.http.request(method, url, headers={"X-API-Key": "not-a-key"}, timeout=10)
        expect_equal((response.status_code, response.json()), (401, {"detail": "Invalid API Key"}), f"{method} {url} with unknown key")
    response = stack.status(job_id)
    expect_equal((response.status_code, response.json()), (404, {"detail": {"error": "JOB_NOT_FOUND", "job_id": job_id}}), "unknown job status")
    response = stack.cancel(job_id)
    expect_equal((response.status_code, response.json()), (404, {"detail": {"error": "JOB_NOT_FOUND", "job_id": job_id}}), "unknown job cancel")


def check_lifecycle(stack: Stack) -> None:
    before = len(stack.keys())
    response = stack.submit("smoke.png")
    expect_equal(response.status_code, 200, "submit status")
    body = response.json()
    job_id = body["job_id"]
    expect(UUID4.match(job_id) is not None, f"job_id is not a uuid4: {job_id}")
    expect_equal(body, {
        "job_id": job_id, "status": "pending", "poll_url": f"/api/v1/dedup/2d/jobs/{job_id}", "forced_async_reason": None,
    }, "submit body")

    keys = stack.job_keys(job_id)
    prefix = stack.env["DEDUP2D_S3_PREFIX"]
    expect_equal(len(keys), 1, "objects right after the submit response")
    expect(re.fullmatch(rf"{prefix}/{job_id}/[0-9a-f]{{32}}_smoke\.png", keys[0]) is not None, f"key layout: {keys[0]}")
    head = stack.s3.head_object(Bucket=stack.env["DEDUP2D_S3_BUCKET"], Key=keys[0])
    expect_equal(head["ContentLength"], len(PNG_1X1), "object size")

    seen = []
    deadline = time.monotonic() + 10
    document = None
    while time.monotonic() < deadline:
        document = stack.status(job_id).json()
        expect_equal(list(document), STATUS_KEYS, "status keys")
        if not seen or seen[-1] != document["status"]:
            seen.append(document["status"])
        if document["status"] in TERMINAL:
            break
        time.sleep(0.1)
    expect_equal(seen, ["pending", "in_progress", "completed"], "status sequence")
    expect_equal(document["tenant_id"], stack.env["DEDUP2D_TENANT_ID"], "tenant_id")
    for name in ("created_at", "started_at", "finished_at"):
        expect(type(document[name]) is float, f"{name} is not a float: {document[name]!r}")
    expect(document["created_at"] <= document["started_at"] <= document["finished_at"], "times out of order")
    expect(document["started_at"] - document["created_at"] < 0.6, "worker took more than 0.6 s to pick the job up")
    expect_equal(set(document["result"]), RESULT_KEYS, "result keys")
    expect_equal(document["error"], None, "error")
    expect_equal(document["callback_status"], None, "callback_status without callback")
    expect(document["callback_attempts"] == 0 and type(document["callback_attempts"]) is int, "callback_attempts must be int 0")
    for name in ("callback_http_status", "callback_finished_at", "callback_last_error"):
        expect_equal(document[name], None, name)

    expect_equal(stack.wait_keys(job_id, 0), [], "objects after cleanup")
    expect_equal(len(stack.keys()), before, "objects under the prefix after the job")


def check_tenants(stack: Stack) -> None:
    job_id = stack.submit_job()
    for response, request_name in [(stack.status(job_id, other_tenant=True), "status"), (stack.cancel(job_id, other_tenant=True), "cancel")]:
        expect_equal(
            (response.status_code, response.json()),
            (403, {"detail": {"error": "JOB_FORBIDDEN", "job_id": job_id}}),
            f"other tenant {request_name}",
        )
    listed = stack.http.get(f"{stack.api}/jobs", headers=stack.headers(other_tenant=True), timeout=10).json()
    expect(job_id not in [job["job_id"] for job in listed["jobs"]], "other tenant lists the job")
    expect_equal(stack.status(job_id).json()["status"] in {"pending", "in_progress"}, True, "job untouched by the other tenant")


def check_submit_errors(stack: Stack) -> None:
    before = stack.keys()
    response = stack.submit(data=b"")
    expect_equal((response.status_code, response.json()), (400, {"detail": "Empty file"}), "empty file")
    response = stack.http.post(f"{stack.api}/search?async=true", headers=stack.headers(), files={"other": ("a.png", PNG_1X1)}, timeout=10)
    expect_equal(response.status_code, 422, "missing file field status")
    detail = response.json()["detail"]
    expect(isinstance(detail, list) and detail[0]["loc"] == ["body", "file"], f"missing file field body: {detail}")
    for url, reason in [
        ("ftp://127.0.0.1/hook", "scheme"),
        ("http://user:secret@127.0.0.1/hook", "userinfo"),
        ("http:///hook", "host"),
    ]:
        response = stack.submit(params={"callback_url": url})
        expect_equal(response.status_code, 400, f"callback_url with bad {reason}")
        body = response.json()["detail"]
        expect_equal(body["error"], "CALLBACK_URL_INVALID", f"callback_url with bad {reason} error")
        expect(isinstance(body["message"], str) and body["message"], "CALLBACK_URL_INVALID message")
    expect_equal(stack.keys(), before, "objects after rejected submits")


def check_list(stack: Stack) -> None:
    first = stack.submit_job()
    second = stack.submit_job()
    listed = stack.http.get(f"{stack.api}/jobs", headers=stack.headers(), timeout=10).json()
    expect_equal(set(listed), {"jobs", "total"}, "list keys")
    expect_equal(listed["total"], len(listed["jobs"]), "total")
    ids = [job["job_id"] for job in listed["jobs"]]
    expect(ids.index(second) < ids.index(first), "list is not newest first")
    expect_equal(list(listed["jobs"][0]), SUMMARY_KEYS, "list entry keys")
    created = [job["created_at"] for job in listed["jobs"]]
    expect_equal(created, sorted(created, reverse=True), "created_at order")

    limited = stack.http.get(f"{stack.api}/jobs?limit=1", headers=stack.headers(), timeout=10).json()
    expect_equal([job["job_id"] for job in limited["jobs"]], [second], "limit=1")
    stack.wait_status(first, TERMINAL)
    stack.wait_status(second, TERMINAL)
    completed = stack.http.get(f"{stack.api}/jobs?status=completed", headers=stack.headers(), timeout=10).json()
    expect(all(job["status"] == "completed" for job in completed["jobs"]), "status filter")
    expect({first, second} <= {job["job_id"] for job in completed["jobs"]}, "status filter misses jobs")

    response = stack.http.get(f"{stack.api}/jobs?status=bogus", headers=stack.headers(), timeout=10)
    expect_equal(response.status_code, 400, "unknown status filter")
    expect_equal(response.json()["detail"]["error"], "INVALID_STATUS_FILTER", "unknown status filter error")
    for limit in ("0", "201", "x"):
        response = stack.http.get(f"{stack.api}/jobs?limit={limit}", headers=stack.headers(), timeout=10)
        expect_equal(response.status_code, 422, f"limit={limit}")


def check_cancel_pending(stack: Stack) -> None:
    receiver = CallbackReceiver(stack)
    try:
        job_id = stack.submit_job(query=f"async=true&callback_url={receiver.url}/hook")
        response = stack.cancel(job_id)
        expect_equal(
            (response.status_code, response.json()),
            (200, {"job_id": job_id, "tenant_id": stack.env["DEDUP2D_TENANT_ID"], "canceled": True}),
            "cancel response",
        )
        expect_equal(stack.job_keys(job_id), [], "upload right after canceling a pending job")
        document = stack.status(job_id).json()
        expect_equal(document["status"], "canceled", "status")
        expect_equal(document["started_at"], None, "started_at")
        expect(type(document["finished_at"]) is float, "finished_at")
        expect_equal(document["callback_status"], "skipped", "callback_status")
        time.sleep(1.0)
        expect_equal(stack.status(job_id).json()["status"], "canceled", "status a second later")
        expect_equal(receiver.received, [], "callbacks for a job canceled while pending")
    finally:
        receiver.close()


def check_cancel_running(stack: Stack) -> None:
    job_id = stack.submit_job()
    stack.wait_status(job_id, {"in_progress"})
    expect_equal(len(stack.job_keys(job_id)), 1, "upload while running")
    expect_equal(stack.cancel(job_id).json()["canceled"], True, "cancel response")
    document = stack.wait_status(job_id, {"canceled"}, within=1.0)
    expect(type(document["started_at"]) is float and type(document["finished_at"]) is float, "times of a canceled running job")
    expect_equal(document["result"], None, "result")
    expect_equal(stack.wait_keys(job_id, 0), [], "upload after canceling a running job")
    expect_equal(stack.cancel(job_id).status_code, 200, "cancel of a canceled job")


def check_failing_name(stack: Stack) -> None:
    job_id = stack.submit_job("please_fail.png")
    document = stack.wait_status(job_id, TERMINAL)
    expect_equal(document["status"], "failed", "status")
    expect_equal(document["result"], None, "result")
    expect(isinstance(document["error"], str) and document["error"], "error message")
    expect_equal(stack.wait_keys(job_id, 0), [], "upload after a failed job")


def check_safe_names(stack: Stack) -> None:
    cases = {
        "my drawing (v2).png": "my_drawing_v2_.png",
        "../../etc/passwd": "etc_passwd",
        "__.-x-._": "x",
        "图纸.png": "png",
        "...": "upload.bin",
        "a" * 250 + ".png": "a" * 200,
    }
    for name, expected in cases.items():
        job_id = stack.submit_job(name)
        keys = stack.job_keys(job_id)
        expect_equal(len(keys), 1, f"objects for {name!r}")
        leaf = keys[0].rsplit("/", 1)[1]
        expect_equal(leaf[33:], expected, f"safe name of {name!r}")
        stack.cancel(job_id)


def verify_signature(callback: ReceivedCallback, secret: str, job_id: str) -> bool:
    match = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", callback.headers.get("X-Dedup-Signature", ""))
    if not match:
        return False
    expected = hmac.new(secret.encode(), f"{match[1]}.{job_id}.".encode() + callback.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, match[2])


def check_callback(stack: Stack) -> None:
    receiver = CallbackReceiver(stack)
    try:
        job_id = stack.submit_job(query=f"async=true&callback_url={receiver.url}/hook%3Fa%3D1")
        expect_equal(stack.status(job_id).json()["callback_status"], "pending", "callback_status before the end")
        document = stack.wait_status(job_id, TERMINAL)
        deadline = time.monotonic() + 5
        while document["callback_status"] == "pending" and time.monotonic() < deadline:
            time.sleep(0.05)
            document = stack.status(job_id).json()
        expect_equal(len(receiver.received), 1, "callbacks received")
        callback = receiver.received[0]
        expect_equal(callback.path, "/hook?a=1", "callback path and query")
        expect_equal(callback.headers.get("Content-Type"), "application/json", "Content-Type")
        expect_equal(callback.headers.get("User-Agent"), "cad-ml-platform/dedup2d-webhook", "User-Agent")
        expect_equal(callback.headers.get("X-Dedup-Job-Id"), job_id, "X-Dedup-Job-Id")
        expect_equal(callback.headers.get("X-Dedup-Tenant-Id"), stack.env["DEDUP2D_TENANT_ID"], "X-Dedup-Tenant-Id")
        expect_equal(callback.headers.get("X-Dedup-Signature-Version"), "v1", "X-Dedup-Signature-Version")
        expect(verify_signature(callback, stack.env["DEDUP2D_CALLBACK_SECRET"], job_id), "signature does not verify")
        payload = json.loads(callback.body)
        expect_equal(list(payload), ["error", "finished_at", "job_id", "result", "started_at", "status", "tenant_id"], "payload keys")
        expect_equal(callback.body, json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(), "compact body")
        expect_equal(payload["status"], "completed", "payload status")
        expect_equal(callback.job_status_at_receipt, "completed", "job status when the callback arrived")
        expect_equal(len(callback.keys_at_receipt), 1, "upload still present when the callback arrived")
        expect_equal(
            (document["callback_status"], document["callback_attempts"], document["callback_http_status"], document["callback_last_error"]),
            ("success", 1, 200, None),
            "callback fields",
        )
        expect(type(document["callback_finished_at"]) is float, "callback_finished_at")
        expect_equal(stack.wait_keys(job_id, 0), [], "upload after the callback")
    finally:
        receiver.close()


def wait_callback_done(stack: Stack, job_id: str, within: float = 10.0) -> dict:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        document = stack.status(job_id).json()
        if document["callback_status"] not in (None, "pending"):
            return document
        time.sleep(0.1)
    raise CheckFailed(f"callback of {job_id} not finished within {within} s")


def check_callback_retries(stack: Stack) -> None:
    receiver = CallbackReceiver(stack)
    try:
        receiver.answers = [503, 429]
        job_id = stack.submit_job(query=f"async=true&callback_url={receiver.url}/retry")
        document = wait_callback_done(stack, job_id)
        expect_equal((document["callback_status"], document["callback_attempts"], document["callback_http_status"]), ("success", 3, 200), "after 503, 429, 200")
        signatures = {callback.headers["X-Dedup-Signature"] for callback in receiver.received}
        expect_equal(len(signatures), 1, "one signature for all attempts")

        receiver.received.clear()
        receiver.answers = [400]
        job_id = stack.submit_job(query=f"async=true&callback_url={receiver.url}/reject")
        document = wait_callback_done(stack, job_id)
        expect_equal(
            (document["status"], document["callback_status"], document["callback_attempts"], document["callback_http_status"], document["callback_last_error"]),
            ("completed", "failed", 1, 400, "http_status:400"),
            "after 400",
        )

        receiver.answers = [500, 500, 500]
        job_id = stack.submit_job(query=f"async=true&callback_url={receiver.url}/down")
        document = wait_callback_done(stack, job_id)
        expect_equal(
            (document["callback_status"], document["callback_attempts"], document["callback_last_error"]),
            ("failed", 3, "http_status:500"),
            "after three 500s",
        )
    finally:
        receiver.close()


def check_async_required(stack: Stack) -> None:
    response = stack.submit(query="")
    expect_equal(response.status_code, 400, "submit without async=true")
    response = stack.submit(query="async=maybe")
    expect_equal(response.status_code, 422, "submit with async=maybe")


# ---------------------------------------------------------------------------------------------
# Checks against stacks started with options or faults


def check_queue_full(stack: Stack, retry_after: bool = True) -> None:
    first = stack.submit_job()
    response = stack.submit()
    expect_equal(response.status_code, 429, "second submit with --max-jobs 1")
    expect_equal(response.json(), {"detail": {
        "error": "JOB_QUEUE_FULL", "message": "Job queue full: 1/1 jobs", "max_jobs": 1, "current_jobs": 1,
    }}, "429 body")
    expect_equal(response.headers.get("Retry-After"), "5" if retry_after else None, "Retry-After")
    expect_equal(len(stack.keys()), 1, "objects after the rejected submit")
    stack.cancel(first)
    stack.wait_status(first, {"canceled"})
    second = stack.submit_job()
    # Free the only slot again so later checks on this stack can submit.
    stack.cancel(second)
    stack.wait_status(second, {"canceled"})


def check_queue_full_without_retry_after(stack: Stack) -> None:
    check_queue_full(stack, retry_after=False)


def check_keep_uploads(stack: Stack) -> None:
    job_id = stack.submit_job()
    stack.wait_status(job_id, TERMINAL)
    time.sleep(1.0)
    expect_equal(len(stack.job_keys(job_id)), 1, "upload a second after the job ended")
    pending = stack.submit_job()
    stack.cancel(pending)
    expect_equal(len(stack.job_keys(pending)), 1, "upload after canceling a pending job")


def check_leak_on_cancel(stack: Stack) -> None:
    pending = stack.submit_job()
    stack.cancel(pending)
    running = stack.submit_job()
    stack.wait_status(running, {"in_progress"})
    stack.cancel(running)
    stack.wait_status(running, {"canceled"})
    time.sleep(0.5)
    expect_equal(len(stack.job_keys(pending)), 1, "upload of the job canceled while pending")
    expect_equal(len(stack.job_keys(running)), 1, "upload of the job canceled while running")
    finished = stack.submit_job()
    stack.wait_status(finished, TERMINAL)
    expect_equal(stack.wait_keys(finished, 0), [], "upload of a completed job")


def check_wrong_key_layout(stack: Stack) -> None:
    job_id = stack.submit_job()
    expect_equal(stack.job_keys(job_id), [], "objects under <prefix>/<job_id>/")
    keys = stack.keys()
    expect(len(keys) == 1 and re.fullmatch(rf"{stack.env['DEDUP2D_S3_PREFIX']}/[0-9a-f]{{32}}_smoke\.png", keys[0]) is not None, f"keys: {keys}")
    expect_equal(stack.wait_status(job_id, TERMINAL)["status"], "completed", "status")


def check_extra_object(stack: Stack) -> None:
    job_id = stack.submit_job()
    expect_equal(len(stack.job_keys(job_id)), 2, "objects for one job")
    stack.wait_status(job_id, TERMINAL)
    expect_equal(stack.wait_keys(job_id, 0), [], "objects after cleanup")


def check_fail_jobs(stack: Stack) -> None:
    job_id = stack.submit_job()
    document = stack.wait_status(job_id, TERMINAL)
    expect_equal((document["status"], document["result"]), ("failed", None), "status and result")


def check_never_finish(stack: Stack) -> None:
    job_id = stack.submit_job()
    stack.wait_status(job_id, {"in_progress"})
    time.sleep(1.0)
    expect_equal(stack.status(job_id).json()["status"], "in_progress", "status after twice the job duration")
    stack.cancel(job_id)
    stack.wait_status(job_id, {"canceled"}, within=1.0)


def check_slow_cleanup(stack: Stack) -> None:
    job_id = stack.submit_job()
    stack.wait_status(job_id, TERMINAL)
    time.sleep(0.5)
    expect_equal(len(stack.job_keys(job_id)), 1, "upload 0.5 s after the end with slow-cleanup=2")
    expect_equal(stack.wait_keys(job_id, 0, within=4.0), [], "upload after the slow cleanup")


def check_flaky_status(stack: Stack) -> None:
    job_id = stack.submit_job()
    codes = [stack.status(job_id).status_code for _ in range(4)]
    expect_equal(codes, [200, 500, 200, 200], "status codes of four status requests")


def check_status_regress(stack: Stack) -> None:
    job_id = stack.submit_job()
    stack.wait_status(job_id, TERMINAL)
    statuses = [stack.status(job_id).json()["status"] for _ in range(3)]
    expect_equal(statuses, ["in_progress", "completed", "completed"], "statuses after the first terminal read")


def check_bad_callback_signature(stack: Stack) -> None:
    receiver = CallbackReceiver(stack)
    try:
        job_id = stack.submit_job(query=f"async=true&callback_url={receiver.url}/hook")
        wait_callback_done(stack, job_id)
        expect_equal(len(receiver.received), 1, "callbacks received")
        expect(not verify_signature(receiver.received[0], stack.env["DEDUP2D_CALLBACK_SECRET"], job_id), "signature verifies")
    finally:
        receiver.close()


def check_callback_missing(stack: Stack) -> None:
    receiver = CallbackReceiver(stack)
    try:
        job_id = stack.submit_job(query=f"async=true&callback_url={receiver.url}/hook")
        stack.wait_status(job_id, TERMINAL)
        expect_equal(stack.wait_keys(job_id, 0), [], "upload after the job")
        expect_equal(receiver.received, [], "callbacks received")
        expect_equal(stack.status(job_id).json()["callback_status"], "pending", "callback_status")
    finally:
        receiver.close()


def check_private_callbacks_blocked(stack: Stack) -> None:
    for url in ("http://127.0.0.1/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/x"):
        response = stack.submit(params={"callback_url": url})
        expect_equal(response.status_code, 400, f"callback_url {url}")
        expect_equal(response.json()["detail"]["error"], "CALLBACK_URL_INVALID", f"callback_url {url} error")
    expect_equal(stack.keys(), [], "objects after rejected submits")


# ---------------------------------------------------------------------------------------------
# Running


@dataclass(frozen=True)
class StackPlan:
    """A stack to start, the checks that must pass on it, and plain checks its fault must break.

    ``must_fail`` pairs a check with text its failure message must contain, so the fault is shown
    to break the check for the right reason.
    """

    options: list[str]
    checks: list[Callable[[Stack], None]]
    must_fail: list[tuple[Callable[[Stack], None], str]] = field(default_factory=list)


PLANS: dict[str, StackPlan] = {
    "plain": StackPlan([], [
        check_s3_rejects_bad_credentials, check_auth_errors, check_lifecycle, check_tenants,
        check_submit_errors, check_list, check_cancel_pending, check_cancel_running,
        check_failing_name, check_safe_names, check_callback, check_callback_retries,
        check_async_required,
    ]),
    "queue-full": StackPlan(["--max-jobs", "1", "--job-duration", "5"], [check_queue_full]),
    "queue-full-without-retry-after": StackPlan(
        ["--max-jobs", "1", "--job-duration", "5", "--fault", "queue-full-without-retry-after"],
        [check_queue_full_without_retry_after],
        [(check_queue_full, "Retry-After")],
    ),
    "keep-uploads": StackPlan(
        ["--fault", "keep-uploads"], [check_keep_uploads], [(check_lifecycle, "objects after cleanup")]
    ),
    "leak-on-cancel": StackPlan(
        ["--fault", "leak-on-cancel", "--job-duration", "1"],
        [check_leak_on_cancel],
        [(check_cancel_pending, "upload right after canceling a pending job")],
    ),
    "wrong-key-layout": StackPlan(
        ["--fault", "wrong-key-layout", "--job-duration", "0.5"],
        [check_wrong_key_layout],
        [(check_lifecycle, "objects right after the submit response")],
    ),
    "extra-object": StackPlan(
        ["--fault", "extra-object", "--job-duration", "0.5"],
        [check_extra_object],
        [(check_lifecycle, "objects right after the submit response")],
    ),
    "fail-jobs": StackPlan(
        ["--fault", "fail-jobs", "--job-duration", "0.2"], [check_fail_jobs], [(check_lifecycle, "status sequence")]
    ),
    "never-finish": StackPlan(
        ["--fault", "never-finish", "--job-duration", "0.5"], [check_never_finish], [(check_lifecycle, "status sequence")]
    ),
    "slow-cleanup": StackPlan(["--fault", "slow-cleanup=2", "--job-duration", "0.2"], [check_slow_cleanup]),
    "flaky-status": StackPlan(
        ["--fault", "flaky-status"], [check_flaky_status], [(check_lifecycle, "status keys")]
    ),
    "status-regress": StackPlan(["--fault", "status-regress", "--job-duration", "0.2"], [check_status_regress]),
    "bad-callback-signature": StackPlan(
        ["--fault", "bad-callback-signature", "--job-duration", "0.2"],
        [check_bad_callback_signature],
        [(check_callback, "signature does not verify")],
    ),
    "callback-missing": StackPlan(
        ["--fault", "callback-missing", "--job-duration", "0.2"],
        [check_callback_missing],
        [(check_callback, "callbacks received")],
    ),
    "block-private-callbacks": StackPlan(["--block-private-callbacks"], [check_private_callbacks_blocked]),
}
# Stacks that run at the same time; each start costs about one CPU second.
PARALLEL_STACKS = 5


def run_check(stack: Stack, check: Callable[[Stack], None]) -> str | None:
    """Run one check and return its failure message, or ``None`` when it passed."""
    try:
        check(stack)
    except CheckFailed as failure:
        return str(failure)
    except Exception:
        return traceback.format_exc()
    return None


def check_stop(stack: Stack) -> str | None:
    pids = stack.recorded_pids()
    output = stack.stop()
    still_running = [pid for pid in pids if stackctl.is_running(pid, None)]
    if still_running:
        return f"processes still running after stop: {still_running}\n{output}"
    if (stack.state_dir / "stack.pids.json").exists():
        return "pid file left after stop"
    second = stack.stop()
    if "nothing to stop" not in second:
        return f"second stop did not say there is nothing to stop: {second}"
    return None


def run_plan(stack: Stack, plan: StackPlan) -> list[str]:
    """Start the stack, run its checks, stop it, and return one report line per outcome."""
    try:
        stack.start()
    except Exception as problem:
        return [f"FAIL {stack.name}: start\n    {problem}"]
    lines = [f"PASS {stack.name}: start ({stack.start_seconds:.2f} s)"]
    try:
        for check in plan.checks:
            problem = run_check(stack, check)
            lines.append(f"{'PASS' if problem is None else 'FAIL'} {stack.name}: {check.__name__}")
            if problem is not None:
                lines.append("    " + problem.replace("\n", "\n    "))
        for check, reason in plan.must_fail:
            problem = run_check(stack, check)
            if problem is not None and reason in problem:
                lines.append(f"PASS {stack.name}: {check.__name__} fails as it should ({problem})")
            else:
                lines.append(
                    f"FAIL {stack.name}: {check.__name__} should fail with {reason!r}, got: {problem or 'pass'}"
                )
    finally:
        problem = check_stop(stack)
        lines.append(f"{'PASS' if problem is None else 'FAIL'} {stack.name}: stop")
        if problem is not None:
            lines.append("    " + problem)
    return lines


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="dedup2d-selfcheck-"))
    began = time.monotonic()
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=PARALLEL_STACKS) as pool:
        runs = [pool.submit(run_plan, Stack(name, root / name, plan.options), plan) for name, plan in PLANS.items()]
        for future in runs:
            for line in future.result():
                print(line)
                failures += line.startswith("FAIL")
    print(f"{failures} failure(s) in {time.monotonic() - began:.0f} s; logs in {root}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

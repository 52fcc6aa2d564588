"""Run the reference dedup2d service on 127.0.0.1.

Secrets come from the environment, not from the command line:
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``DEDUP2D_CALLBACK_SECRET`` (empty: callbacks are
not signed) and ``DEDUP2D_TENANT_KEYS`` (``tenant=api_key`` pairs separated by commas).
``stackctl.py start`` sets all of them; run this module directly only to debug the service.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from werkzeug.serving import make_server

from . import faults as fault_modes
from .api import ServiceContext, create_app
from .callbacks import CallbackPolicy, CallbackSender
from .jobs import JobRunner, JobStore, RunnerSettings
from .storage import UploadStore

HOST = "127.0.0.1"
logger = logging.getLogger("dedup2d")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m dedup2d",
        description="Reference dedup2d async-job service for conformance tests (binds 127.0.0.1).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="fault modes:\n" + fault_modes.help_text(),
    )

    # Where to listen and log.
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one (default 0)")
    parser.add_argument("--ready-file", type=Path, help="write {pid, port, url} as JSON here once listening")
    parser.add_argument("--log-file", type=Path, help="append logs here instead of standard error")

    # S3.
    parser.add_argument("--s3-endpoint", required=True, help="S3 endpoint URL, for example http://127.0.0.1:9000")
    parser.add_argument("--s3-region", default="us-east-1", help="S3 region (default us-east-1)")
    parser.add_argument("--bucket", default="dedup2d", help="bucket for uploads (default dedup2d)")
    parser.add_argument("--prefix", default="uploads", help="key prefix for uploads (default uploads)")

    # Jobs.
    parser.add_argument("--job-duration", type=float, default=1.5, help="seconds a job spends in_progress (default 1.5)")
    parser.add_argument(
        "--pickup-delay", type=float, default=0.25,
        help="seconds a new job stays pending before a free worker takes it (default 0.25)",
    )
    parser.add_argument("--workers", type=int, default=2, help="jobs that run at the same time (default 2)")
    parser.add_argument(
        "--max-jobs", type=int, default=20,
        help="pending plus in_progress jobs allowed before submits get 429 (default 20)",
    )

    # Callbacks.
    parser.add_argument("--callback-max-attempts", type=int, default=3, help="callback attempts per job (default 3)")
    parser.add_argument(
        "--callback-backoff", type=float, default=0.5,
        help="seconds before the first callback retry, doubled after each retry (default 0.5)",
    )
    parser.add_argument("--callback-backoff-max", type=float, default=4.0, help="maximum seconds between callback retries (default 4)")
    parser.add_argument("--callback-timeout", type=float, default=5.0, help="seconds per callback attempt (default 5)")
    parser.add_argument(
        "--block-private-callbacks", action="store_true",
        help="reject callback URLs whose host is a private, loopback or link-local IP address",
    )
    parser.add_argument("--https-callbacks-only", action="store_true", help="reject http:// callback URLs")

    parser.add_argument(
        "--fault", action="append", default=[], metavar="NAME[=VALUE]",
        help="break the contract on purpose; repeatable; see the list below",
    )

    arguments = parser.parse_args(argv)
    try:
        arguments.faults = fault_modes.Faults.parse(arguments.fault)
    except ValueError as problem:
        parser.error(str(problem))
    for name in ("job_duration", "pickup_delay", "callback_backoff", "callback_backoff_max", "callback_timeout"):
        if getattr(arguments, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must be >= 0")
    for name in ("workers", "max_jobs", "callback_max_attempts"):
        if getattr(arguments, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")
    return arguments


def tenants_from_environment() -> dict[str, str]:
    """Parse ``DEDUP2D_TENANT_KEYS`` into a map from API key to tenant id."""
    raw = os.environ.get("DEDUP2D_TENANT_KEYS", "")
    tenants: dict[str, str] = {}
    for pair in filter(None, (item.strip() for item in raw.split(","))):
        tenant_id, separator, api_key = pair.partition("=")
        if not separator or not tenant_id or not api_key:
            raise SystemExit("invalid DEDUP2D_TENANT_KEYS entry: expected tenant=api_key")
        tenants[api_key] = tenant_id
    if not tenants:
        raise SystemExit("missing DEDUP2D_TENANT_KEYS: set it to tenant=api_key pairs separated by commas")
    return tenants


def required_environment(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"missing environment variable {name}")
    return value


def configure_logging(log_file: Path | None) -> None:
    handler: logging.Handler = logging.FileHandler(log_file) if log_file else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    # Quiet botocore's per-request debug chatter; its warnings and errors still show.
    logging.getLogger("botocore").setLevel(logging.WARNING)


def write_ready_file(path: Path, port: int) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"pid": os.getpid(), "port": port, "url": f"http://{HOST}:{port}"}))
    os.replace(temporary, path)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    configure_logging(arguments.log_file)
    faults = arguments.faults

    uploads = UploadStore(
        endpoint_url=arguments.s3_endpoint,
        region=arguments.s3_region,
        bucket=arguments.bucket,
        prefix=arguments.prefix,
        access_key_id=required_environment("AWS_ACCESS_KEY_ID"),
        secret_access_key=required_environment("AWS_SECRET_ACCESS_KEY"),
        faults=faults,
    )
    store = JobStore(arguments.max_jobs)
    callbacks = CallbackSender(
        secret=os.environ.get("DEDUP2D_CALLBACK_SECRET", ""),
        max_attempts=arguments.callback_max_attempts,
        backoff_base=arguments.callback_backoff,
        backoff_max=arguments.callback_backoff_max,
        timeout=arguments.callback_timeout,
        faults=faults,
    )
    runner = JobRunner(
        store,
        uploads,
        callbacks,
        RunnerSettings(
            job_duration=arguments.job_duration,
            pickup_delay=arguments.pickup_delay,
            workers=arguments.workers,
        ),
        faults,
    )
    context = ServiceContext(
        tenants_by_api_key=tenants_from_environment(),
        store=store,
        uploads=uploads,
        callback_policy=CallbackPolicy(
            allow_http=not arguments.https_callbacks_only,
            block_private_networks=arguments.block_private_callbacks,
        ),
        faults=faults,
    )

    server = make_server(HOST, arguments.port, create_app(context), threaded=True)
    port = server.server_port

    def request_shutdown(signal_number: int, _frame: object) -> None:
        logger.info("received %s, stopping", signal.Signals(signal_number).name)
        # shutdown() waits for serve_forever() to return, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, request_shutdown)
    signal.signal(signal.SIGINT, request_shutdown)

    runner.start()
    logger.info(
        "started: url=http://%s:%d s3=%s bucket=%s prefix=%s job_duration=%.2fs workers=%d "
        "max_jobs=%d faults=%s tenants=%s",
        HOST, port, arguments.s3_endpoint, arguments.bucket, uploads.prefix, arguments.job_duration,
        arguments.workers, arguments.max_jobs, ",".join(faults.describe()) or "none",
        ",".join(sorted(context.tenants_by_api_key.values())),
    )
    if arguments.ready_file:
        write_ready_file(arguments.ready_file, port)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        runner.stop(timeout=2.0)
        logger.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Start and stop the local reference stack: moto's S3 server and the dedup2d service.

Run it with the stack's virtual environment:

    Fixtures/stack/.venv/bin/python Fixtures/stack/stackctl.py start --state-dir /tmp/stack1
    Fixtures/stack/.venv/bin/python Fixtures/stack/stackctl.py stop --state-dir /tmp/stack1

Both servers bind 127.0.0.1 on ports the kernel picks, so stacks with different state
directories run side by side. ``start`` records the process ids in the state directory and
``stop`` signals exactly those processes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

STACK_DIR = Path(__file__).resolve().parent


def exit_without_venv(missing: ImportError) -> None:
    sys.exit(
        f"error: cannot import {missing.name}: run stackctl.py with the stack's virtual environment, "
        f"created with: python3 -m venv {STACK_DIR}/.venv && "
        f"{STACK_DIR}/.venv/bin/pip install -r {STACK_DIR}/requirements.txt"
    )


try:
    from dedup2d import faults as fault_modes
except ImportError as missing:
    exit_without_venv(missing)


def import_s3_setup():
    """Import and return the ``s3_setup`` module.

    Only ``start`` imports it, because it loads boto3, which costs about a CPU second that
    ``stop`` would otherwise spend on every call.
    """
    try:
        import s3_setup
    except ImportError as missing:
        exit_without_venv(missing)
    return s3_setup


PID_FILE_NAME = "stack.pids.json"
DEFAULT_ENV_FILE_NAME = "stack.env"
REGION = "us-east-1"
TENANT_ID = "tenant-1"
OTHER_TENANT_ID = "tenant-2"
# Readiness is checked this often while a server starts, in seconds.
READY_POLL_INTERVAL = 0.05
LOG_TAIL_LINES = 8
HAS_PROC = Path("/proc/self/stat").exists()

# S3 bucket naming rules: 3 to 63 lowercase letters, digits, dots and hyphens.
BUCKET_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
PREFIX_PATTERN = re.compile(r"^[A-Za-z0-9._/-]*$")
# Characters that need no quoting in a docker-compose .env value.
ENV_VALUE_PATTERN = re.compile(r"^[A-Za-z0-9_.,:;/@%+=~*?!^&()\[\]{}<>|-]*$")


class StartError(Exception):
    """A failed start step. The message names the step and the log to read."""


class StartInterrupted(BaseException):
    """SIGTERM arrived while the stack was starting.

    It derives from ``BaseException`` like ``KeyboardInterrupt`` so that handlers for ordinary
    errors do not swallow it.
    """


@dataclass
class Started:
    """One child process started by this command."""

    name: str
    process: subprocess.Popen
    log: Path
    ready_file: Path
    url: str = ""


# ---------------------------------------------------------------------------------------------
# Process identity: a pid file must never make stop signal an unrelated process that reused a pid.


def _read_proc_stat_fields(pid: int) -> list[str] | None:
    """Return the fields of ``/proc/<pid>/stat`` from field 3 (state) on, or ``None``."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name in field 2 is parenthesized and may contain spaces.
    return text.rpartition(")")[2].split()


def _ps_field(pid: int, field: str) -> str | None:
    try:
        completed = subprocess.run(
            ["ps", "-o", f"{field}=", "-p", str(pid)], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout.strip() or None


def process_start_token(pid: int) -> str | None:
    """Return a value that identifies this process instance, or ``None`` when it cannot be read.

    On Linux this is the start time (field 22) of ``/proc/<pid>/stat``. Elsewhere it is the output
    of ``ps -o lstart=``.
    """
    if HAS_PROC:
        fields = _read_proc_stat_fields(pid)
        return fields[19] if fields and len(fields) > 19 else None
    return _ps_field(pid, "lstart")


def is_zombie(pid: int) -> bool:
    """Return whether the process has exited but was not reaped yet, which counts as stopped."""
    if HAS_PROC:
        fields = _read_proc_stat_fields(pid)
        return bool(fields) and fields[0] == "Z"
    state = _ps_field(pid, "stat")
    return state is not None and state.startswith("Z")


def is_running(pid: int, token: str | None) -> bool:
    """Return whether ``pid`` is still the process that was recorded with ``token``."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        # Another user's process took the pid over, so it is not ours.
        return False
    if is_zombie(pid):
        return False
    if token is not None and process_start_token(pid) != token:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# The pid file


def read_pid_file(state_dir: Path) -> list[dict]:
    path = state_dir / PID_FILE_NAME
    try:
        return json.loads(path.read_text())["processes"]
    except FileNotFoundError:
        return []
    except (ValueError, KeyError, TypeError) as problem:
        raise SystemExit(f"error: unreadable pid file {path}: {problem}; remove it after checking the processes")


def write_pid_file(state_dir: Path, started: list[Started]) -> None:
    records = []
    for child in started:
        records.append({
            "name": child.name,
            "pid": child.process.pid,
            "start_token": process_start_token(child.process.pid),
            "log": str(child.log),
        })
    write_private_file(state_dir / PID_FILE_NAME, json.dumps({"processes": records}, indent=2) + "\n")


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` atomically with mode 0600, because the stack's files hold credentials."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    os.replace(temporary, path)


# ---------------------------------------------------------------------------------------------
# Starting


def bypass_proxies_for_loopback() -> None:
    """Add 127.0.0.1 to ``NO_PROXY`` for this process and its children.

    Loopback traffic must never go through a proxy set in the caller's environment.
    """
    for name in ("NO_PROXY", "no_proxy"):
        entries = [entry for entry in os.environ.get(name, "").split(",") if entry]
        os.environ[name] = ",".join(entries + ["127.0.0.1", "localhost"])


def child_environment(extra: dict[str, str]) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(extra)
    return environment


def log_tail(path: Path) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(log not readable)"
    return "\n".join("    " + line for line in lines[-LOG_TAIL_LINES:]) or "    (log is empty)"


def spawn(name: str, command: list[str], state_dir: Path, environment: dict[str, str]) -> Started:
    log = state_dir / f"{name}.log"
    ready_file = state_dir / f"{name}.ready.json"
    ready_file.unlink(missing_ok=True)
    with open(log, "w") as log_stream:
        process = subprocess.Popen(
            command + ["--ready-file", str(ready_file)],
            cwd=STACK_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log_stream,
            stderr=subprocess.STDOUT,
            # A new session keeps a terminal's Ctrl-C and hangup away from the servers.
            start_new_session=True,
        )
    return Started(name, process, log, ready_file)


def wait_until_ready(child: Started, deadline: float, timeout: float) -> str:
    """Wait for the child's ready file and return its URL, or raise ``StartError``.

    ``deadline`` is a ``time.monotonic()`` value. ``timeout`` is the full start timeout in seconds,
    used only in the message.
    """
    while True:
        exit_code = child.process.poll()
        if exit_code is not None:
            raise StartError(
                f"{child.name} exited with code {exit_code} while starting; see {child.log}:\n"
                f"{log_tail(child.log)}"
            )
        if child.ready_file.exists():
            return json.loads(child.ready_file.read_text())["url"]
        if time.monotonic() >= deadline:
            raise StartError(
                f"{child.name} did not become ready within {timeout:g} s (--start-timeout); see {child.log}:\n"
                f"{log_tail(child.log)}"
            )
        time.sleep(READY_POLL_INTERVAL)


def check_health(url: str, child: Started) -> None:
    request = urllib.request.Request(f"{url}/healthz")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as response:
            if response.status != 200:
                raise StartError(f"{child.name} health check returned {response.status}; see {child.log}")
    except (urllib.error.URLError, OSError) as problem:
        raise StartError(f"{child.name} health check at {url}/healthz failed: {problem}; see {child.log}") from None


def service_command(arguments: argparse.Namespace, s3_url: str) -> list[str]:
    command = [
        sys.executable, "-m", "dedup2d",
        "--s3-endpoint", s3_url,
        "--s3-region", REGION,
        "--bucket", arguments.bucket,
        "--prefix", arguments.prefix,
        "--job-duration", str(arguments.job_duration),
        "--pickup-delay", str(arguments.pickup_delay),
        "--workers", str(arguments.workers),
        "--max-jobs", str(arguments.max_jobs),
        "--callback-max-attempts", str(arguments.callback_max_attempts),
        "--callback-backoff", str(arguments.callback_backoff),
    ]
    if arguments.block_private_callbacks:
        command.append("--block-private-callbacks")
    if arguments.https_callbacks_only:
        command.append("--https-callbacks-only")
    for fault in arguments.fault:
        command += ["--fault", fault]
    return command


def env_file_text(values: dict[str, str], state_dir: Path) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"# Local reference stack, started {stamp}.",
        f"# Stop it with: stackctl.py stop --state-dir {state_dir}",
    ]
    for name, value in values.items():
        if not ENV_VALUE_PATTERN.match(value):
            raise StartError(f"value of {name} contains characters that a .env file cannot hold unquoted")
        lines.append(f"{name}={value}")
    return "\n".join(lines) + "\n"


def start_stack(arguments: argparse.Namespace, state_dir: Path, env_file: Path, started: list[Started]) -> dict[str, str]:
    """Start both servers, appending each to ``started`` as soon as it exists, and write the env file."""
    deadline = time.monotonic() + arguments.start_timeout
    s3_setup = import_s3_setup()

    s3 = spawn(
        "s3",
        [sys.executable, str(STACK_DIR / "s3_server.py")],
        state_dir,
        child_environment({"INITIAL_NO_AUTH_ACTION_COUNT": str(s3_setup.UNAUTHENTICATED_ACTIONS)}),
    )
    started.append(s3)
    write_pid_file(state_dir, started)
    s3.url = wait_until_ready(s3, deadline, arguments.start_timeout)

    try:
        credentials = s3_setup.create_credentials(s3.url, REGION)
        s3_setup.create_bucket(s3.url, REGION, arguments.bucket, credentials)
        s3_setup.check_authentication(s3.url, REGION, arguments.bucket, credentials)
    except s3_setup.S3SetupError as problem:
        raise StartError(f"S3 setup failed: {problem}; see {s3.log}") from None
    except Exception as problem:  # botocore raises many unrelated types here.
        raise StartError(f"S3 setup failed at {s3.url}: {problem}; see {s3.log}") from None

    api_key = "dk_" + secrets.token_hex(16)
    other_api_key = "dk_" + secrets.token_hex(16)
    callback_secret = secrets.token_hex(32) if arguments.callback_secret is None else arguments.callback_secret
    service = spawn(
        "dedup2d",
        service_command(arguments, s3.url),
        state_dir,
        child_environment({
            "AWS_ACCESS_KEY_ID": credentials.access_key_id,
            "AWS_SECRET_ACCESS_KEY": credentials.secret_access_key,
            "DEDUP2D_CALLBACK_SECRET": callback_secret,
            "DEDUP2D_TENANT_KEYS": f"{TENANT_ID}={api_key},{OTHER_TENANT_ID}={other_api_key}",
        }),
    )
    started.append(service)
    write_pid_file(state_dir, started)
    service.url = wait_until_ready(service, deadline, arguments.start_timeout)
    check_health(service.url, service)

    values = {
        "DEDUP2D_API_URL": service.url,
        "DEDUP2D_API_KEY": api_key,
        "DEDUP2D_API_KEY_OTHER": other_api_key,
        "DEDUP2D_TENANT_ID": TENANT_ID,
        "DEDUP2D_TENANT_ID_OTHER": OTHER_TENANT_ID,
        "DEDUP2D_S3_ENDPOINT": s3.url,
        "DEDUP2D_S3_REGION": REGION,
        "DEDUP2D_S3_BUCKET": arguments.bucket,
        "DEDUP2D_S3_PREFIX": arguments.prefix,
        "DEDUP2D_MAX_JOBS": str(arguments.max_jobs),
        "AWS_ACCESS_KEY_ID": credentials.access_key_id,
        "AWS_SECRET_ACCESS_KEY": credentials.secret_access_key,
        "DEDUP2D_CALLBACK_SECRET": callback_secret,
    }
    write_private_file(env_file, env_file_text(values, state_dir))
    return values


def stop_started(started: list[Started]) -> None:
    """Stop the children of a failed start, newest first."""
    for child in reversed(started):
        if child.process.poll() is None:
            child.process.terminate()
    for child in reversed(started):
        try:
            child.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def command_start(arguments: argparse.Namespace) -> int:
    began = time.monotonic()
    state_dir = arguments.state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    env_file = (arguments.env_file or state_dir / DEFAULT_ENV_FILE_NAME).resolve()

    running = [record for record in read_pid_file(state_dir) if is_running(record["pid"], record.get("start_token"))]
    if running:
        pids = ", ".join(f"{record['name']} pid {record['pid']}" for record in running)
        print(f"error: a stack is already running from {state_dir} ({pids}); stop it first", file=sys.stderr)
        return 1

    def interrupt(_number: int, _frame: object) -> None:
        raise StartInterrupted()

    signal.signal(signal.SIGTERM, interrupt)
    bypass_proxies_for_loopback()
    started: list[Started] = []
    try:
        values = start_stack(arguments, state_dir, env_file, started)
    except (StartError, StartInterrupted, KeyboardInterrupt) as problem:
        stop_started(started)
        for child in started:
            child.ready_file.unlink(missing_ok=True)
        (state_dir / PID_FILE_NAME).unlink(missing_ok=True)
        if isinstance(problem, StartError):
            print(f"error: start failed: {problem}", file=sys.stderr)
            print("The processes started so far were stopped.", file=sys.stderr)
            return 1
        signal_number = signal.SIGTERM if isinstance(problem, StartInterrupted) else signal.SIGINT
        print(f"interrupted by {signal_number.name}: the processes started so far were stopped", file=sys.stderr)
        return 128 + signal_number

    for child in started:
        print(f"{child.name:8} {child.url}  pid {child.process.pid}  log {child.log}")
    print(f"env file {env_file}")
    print(f"started in {time.monotonic() - began:.2f} s; bucket {values['DEDUP2D_S3_BUCKET']}, "
          f"faults: {', '.join(arguments.fault) or 'none'}")
    return 0


# ---------------------------------------------------------------------------------------------
# Stopping


def command_stop(arguments: argparse.Namespace) -> int:
    state_dir = arguments.state_dir.resolve()
    records = read_pid_file(state_dir)
    if not records:
        print(f"no stack recorded in {state_dir}; nothing to stop")
        return 0

    alive = []
    for record in reversed(records):
        pid, token = record["pid"], record.get("start_token")
        if is_running(pid, token):
            os.kill(pid, signal.SIGTERM)
            alive.append(record)
        else:
            print(f"{record['name']:8} pid {pid} was not running")

    deadline = time.monotonic() + arguments.timeout
    while alive and time.monotonic() < deadline:
        alive = [record for record in alive if is_running(record["pid"], record.get("start_token"))]
        if alive:
            time.sleep(0.05)
    for record in alive:
        print(f"{record['name']:8} pid {record['pid']} ignored SIGTERM for {arguments.timeout:g} s; sending SIGKILL")
        try:
            os.kill(record["pid"], signal.SIGKILL)
        except ProcessLookupError:
            pass

    for record in reversed(records):
        print(f"{record['name']:8} pid {record['pid']} stopped")
        (state_dir / f"{record['name']}.ready.json").unlink(missing_ok=True)
    (state_dir / PID_FILE_NAME).unlink(missing_ok=True)
    return 0


# ---------------------------------------------------------------------------------------------
# Command line


def non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text!r}")
    return value


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="stackctl.py",
        description="Start or stop the local reference stack (moto S3 + dedup2d service) on 127.0.0.1.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    start = commands.add_parser(
        "start",
        help="start the stack and write its env file",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="fault modes (--fault):\n" + fault_modes.help_text()
        + "\n\nA job whose uploaded file name contains 'fail' (any case) always ends failed.",
    )
    start.add_argument("--state-dir", type=Path, required=True, help="directory for logs, pid file and env file")
    start.add_argument("--env-file", type=Path, help="where to write the env file (default STATE_DIR/stack.env)")
    start.add_argument("--job-duration", type=non_negative_float, default=1.5, help="seconds a job spends in_progress (default 1.5)")
    start.add_argument(
        "--pickup-delay", type=non_negative_float, default=0.25,
        help="seconds a new job stays pending before a free worker takes it (default 0.25)",
    )
    start.add_argument("--workers", type=positive_int, default=2, help="jobs that run at the same time (default 2)")
    # A small default queue lets a scenario fill it with a few submits and check the 429. With the
    # two default workers, a third job also stays pending long enough for a scenario to cancel it.
    start.add_argument(
        "--max-jobs", type=positive_int, default=3,
        help="pending plus in_progress jobs allowed before submits get 429 (default 3)",
    )
    start.add_argument(
        "--fault", action="append", default=[], metavar="NAME[=VALUE]",
        help="break the contract on purpose; repeatable; see the list below",
    )
    start.add_argument(
        "--callback-secret",
        help="HMAC secret for callback signatures (default: random); an empty value sends unsigned callbacks",
    )
    start.add_argument("--callback-max-attempts", type=positive_int, default=3, help="callback attempts per job (default 3)")
    start.add_argument(
        "--callback-backoff", type=non_negative_float, default=0.5,
        help="seconds before the first callback retry, doubled after each retry up to 4 (default 0.5)",
    )
    start.add_argument(
        "--block-private-callbacks", action="store_true",
        help="reject callback URLs whose host is a private, loopback or link-local IP address",
    )
    start.add_argument("--https-callbacks-only", action="store_true", help="reject http:// callback URLs")
    start.add_argument("--bucket", default="dedup2d", help="S3 bucket to create (default dedup2d)")
    start.add_argument("--prefix", default="uploads", help="key prefix for uploads (default uploads)")
    start.add_argument(
        "--start-timeout", type=non_negative_float, default=60.0,
        help="seconds to wait for both servers before giving up (default 60)",
    )

    stop = commands.add_parser("stop", help="stop the processes that start recorded")
    stop.add_argument("--state-dir", type=Path, required=True, help="the directory given to start")
    stop.add_argument(
        "--timeout", type=non_negative_float, default=5.0,
        help="seconds to wait after SIGTERM before sending SIGKILL (default 5)",
    )

    arguments = parser.parse_args(argv)
    if arguments.command == "start":
        validate_start_arguments(start, arguments)
    return arguments


def validate_start_arguments(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> None:
    try:
        fault_modes.Faults.parse(arguments.fault)
    except ValueError as problem:
        parser.error(str(problem))
    if not BUCKET_PATTERN.match(arguments.bucket):
        parser.error(f"invalid --bucket {arguments.bucket!r}: use 3 to 63 lowercase letters, digits, dots and hyphens")
    arguments.prefix = arguments.prefix.strip("/")
    if not PREFIX_PATTERN.match(arguments.prefix):
        parser.error(f"invalid --prefix {arguments.prefix!r}: use letters, digits and . _ / -")
    secret = arguments.callback_secret
    if secret is not None and not ENV_VALUE_PATTERN.match(secret):
        parser.error(
            "invalid --callback-secret: use letters, digits and punctuation without spaces, "
            "quotes, backslashes, '#', '$' or '`' so the env file can hold it unquoted"
        )


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    if arguments.command == "start":
        return command_start(arguments)
    return command_stop(arguments)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

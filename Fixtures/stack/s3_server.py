"""Run moto's S3 and IAM server on 127.0.0.1 with a port picked by the kernel.

This uses ``moto.server.ThreadedMotoServer``, the server behind the ``moto_server`` command,
because it binds port 0 and reports the port it got. The kernel picks the port at bind time, so
two stacks started at the same moment cannot get the same port.

Set ``INITIAL_NO_AUTH_ACTION_COUNT`` in the environment to make moto check SigV4 signatures and
IAM permissions after that many unauthenticated actions (moto reads it when it is imported).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path

from moto.server import ThreadedMotoServer

HOST = "127.0.0.1"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run moto's S3 server on 127.0.0.1.")
    parser.add_argument("--ready-file", type=Path, required=True, help="write {pid, port, url} as JSON here once listening")
    arguments = parser.parse_args(argv)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _number, _frame: stop.set())
    signal.signal(signal.SIGINT, lambda _number, _frame: stop.set())

    server = ThreadedMotoServer(ip_address=HOST, port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(
        f"moto server listening on http://{HOST}:{port} "
        f"INITIAL_NO_AUTH_ACTION_COUNT={os.environ.get('INITIAL_NO_AUTH_ACTION_COUNT', 'unset')}",
        file=sys.stderr,
        flush=True,
    )

    temporary = arguments.ready_file.with_name(arguments.ready_file.name + ".tmp")
    temporary.write_text(json.dumps({"pid": os.getpid(), "port": port, "url": f"http://{HOST}:{port}"}))
    os.replace(temporary, arguments.ready_file)

    # A timed wait lets the signal handlers run promptly.
    while not stop.wait(0.5):
        pass
    print("moto server stopping", file=sys.stderr, flush=True)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Accept POST and PUT requests on 127.0.0.1 and discard their bodies.

scripts/benchmark.sh uploads a large file to it. The body is read in 1 MiB chunks and dropped, so
the receiver's memory stays small whatever the upload size. Each response is a JSON object with the
number of body bytes read. Once listening, it writes {"pid", "port", "url"} as JSON to the file
given as the only argument. Stop it with SIGTERM.
"""

from __future__ import annotations

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHUNK_BYTES = 1024 * 1024


class DiscardHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        received = self.discard_body()
        body = json.dumps({"bytes": received}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST

    def discard_body(self) -> int:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self.discard_chunked()
        remaining = int(self.headers.get("Content-Length") or 0)
        received = 0
        while remaining > 0:
            chunk = self.rfile.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            received += len(chunk)
            remaining -= len(chunk)
        return received

    def discard_chunked(self) -> int:
        received = 0
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                # Trailer fields, if any, end with an empty line.
                while self.rfile.readline().strip():
                    pass
                return received
            while size > 0:
                chunk = self.rfile.read(min(CHUNK_BYTES, size))
                if not chunk:
                    return received
                received += len(chunk)
                size -= len(chunk)
            self.rfile.readline()

    def log_message(self, format: str, *args: object) -> None:
        # One line per upload on standard error.
        sys.stderr.write("discard_receiver: " + format % args + "\n")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: discard_receiver.py READY_FILE\n")
        return 2
    server = ThreadingHTTPServer(("127.0.0.1", 0), DiscardHandler)
    port = server.server_address[1]
    ready = {"pid": os.getpid(), "port": port, "url": f"http://127.0.0.1:{port}"}
    Path(argv[1]).write_text(json.dumps(ready))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

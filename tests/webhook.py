"""A real webhook endpoint on 127.0.0.1 for alert tests (a helper module, not a test)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records every request and fails the first N."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.failures_left = 0
        self.delay = 0.0  # seconds each request takes (to make deliveries overlap)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def accepted(self) -> list[dict]:
        return [r for r in self.requests if r["status"] == 200]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    status = 500 if receiver.failures_left > 0 else 200
                    receiver.failures_left -= status == 500
                    receiver.requests.append(
                        {
                            "status": status,
                            "path": self.path,
                            "key": self.headers.get("X-Idempotency-Key"),
                            "payload": json.loads(body),
                        }
                    )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

        return Handler


def serve() -> Iterator[Receiver]:
    """Run a :class:`Receiver` until the generator is closed (use from a fixture)."""
    rec = Receiver()
    rec.thread.start()
    yield rec
    rec.server.shutdown()
    rec.server.server_close()

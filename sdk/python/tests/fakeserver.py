"""A real HTTP server on 127.0.0.1 that plays the HotCRM API for unit tests: each route answers from a
script of responses (or a function), and every request is recorded."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

Response = Tuple[int, Any, Dict[str, str]]
Handler = Callable[["Recorded"], Response]


class Recorded:
    """One request as the server saw it."""

    def __init__(self, method: str, target: str, headers: Dict[str, str], body: bytes) -> None:
        self.method = method
        parsed = urllib.parse.urlsplit(target)
        self.path = parsed.path
        self.query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query).items()}
        self.headers = headers
        self.raw = body
        self.json = json.loads(body) if body else None
        self.at = time.monotonic()

    @property
    def token(self) -> Optional[str]:
        auth = self.headers.get("authorization", "")
        return auth[len("Bearer "):] if auth.startswith("Bearer ") else None

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} {self.query}>"


def error(status: int, code: str, message: str = "failed", details: Optional[list] = None,
          headers: Optional[Dict[str, str]] = None) -> Response:
    return status, {"error": {"code": code, "message": message, "details": details or []}}, headers or {}


class FakeAPI:
    """``with FakeAPI() as api: api.on("GET", "/v1/accounts", (200, {...}, {}))``; ``api.base_url``."""

    def __init__(self) -> None:
        self.requests: List[Recorded] = []
        self._routes: Dict[Tuple[str, str], Union[List[Response], Handler]] = {}
        self._lock = threading.Lock()
        api = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                status, payload, headers = api._answer(request)
                data = payload if isinstance(payload, bytes) else (b"" if payload is None else
                                                                    json.dumps(payload).encode())
                self.send_response(status)
                headers = {"X-Request-Id": request.headers.get("x-request-id", "req-fake"), **headers}
                if "Content-Type" not in headers and not isinstance(payload, bytes):
                    headers["Content-Type"] = "application/json"
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def on(self, method: str, path: str, *responses: Union[Response, Handler]) -> None:
        """Scripted answers, given in turn (the last repeats), or one function answering every time."""
        if len(responses) == 1 and callable(responses[0]):
            self._routes[(method, path)] = responses[0]
        else:
            self._routes[(method, path)] = list(responses)  # type: ignore[arg-type]

    def _answer(self, request: Recorded) -> Response:
        with self._lock:
            self.requests.append(request)
            route = self._routes.get((request.method, request.path))
            if route is None:
                return error(404, "NOT_FOUND", f"No resource at this path: {request.method} {request.path}")
            if callable(route):
                handler = route
            else:
                answer = route.pop(0) if len(route) > 1 else route[0]
                return answer
        return handler(request)

    def calls(self, method: str, path: str) -> List[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def __enter__(self) -> "FakeAPI":
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

"""start-api's control endpoint, for infra/local/invoke (the `sam local invoke` of a running start-api).

POST /invoke/<FunctionId> on 127.0.0.1 (port in <state>/processes.json) with the event as the body (an
empty body: the function's default event, a fresh scheduled event for a function on a schedule) runs
one invocation on that function's worker and answers 200 with the function's answer as the body and
    X-Invocation-Outcome: response | error | crash | timeout | unavailable | init-error | too-large
    X-Invocation-Detail, X-Invocation-Duration-Ms, X-Request-Id
(404 for a function start-api does not run, 401 without the key, 413 for an event over 6 MB).
It bypasses the HTTP API and its authorizer, so it takes only requests that carry the run's key,
`Authorization: Bearer <key>`, the key being in <state>/control.key (mode 0600, in a 0700 directory):
only who can read the state directory (start-api's user) can invoke.
"""

import datetime
import hmac
import http.server
import json
import socket
import sys
import threading
import uuid

MAX_EVENT = 6 * 1024 * 1024


def scheduled_event(region, account, rule):
    """The event EventBridge Scheduler's classic rule sends a Schedule function (infra/events/schedule-expiry-warnings.json
    is one), at this moment."""
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": account, "time": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": region, "resources": ["arn:aws:events:%s:%s:rule/%s" % (region, account, rule)], "detail": {}}


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "start-api-control"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _answer(self, status, body, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _message(self, status, message):
        self._answer(status, json.dumps({"message": message}).encode(), {"Content-Type": "application/json"})

    def do_GET(self):
        self.close_connection = True
        self._message(405, "POST /invoke/<FunctionId>")

    def do_POST(self):
        control = self.server.control
        given = self.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), ("Bearer " + control.key).encode()):
            self.close_connection = True
            return self._message(401, "this endpoint takes the key in the state directory's control.key")
        prefix = "/invoke/"
        if not self.path.startswith(prefix) or "/" in self.path[len(prefix):] or not self.path[len(prefix):]:
            self.close_connection = True
            return self._message(404, "POST /invoke/<FunctionId>")
        function_id = self.path[len(prefix):]
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_EVENT:
            self.close_connection = True
            return self._message(413, "the event must be at most %d bytes (Lambda's invocation payload limit)" % MAX_EVENT)
        body = self.rfile.read(length) if length else b""
        invocation = control.invoke(function_id, body)
        if invocation is None:
            return self._message(404, "start-api runs no function %s; it runs %s" % (function_id, ", ".join(control.functions())))
        detail = " ".join(str(invocation.detail or "").split())[:1000]
        duration = getattr(invocation, "duration", None)
        self._answer(200, invocation.body or b"", {
            "Content-Type": "application/json", "X-Invocation-Outcome": invocation.outcome,
            "X-Invocation-Detail": detail.encode("ascii", "replace").decode("ascii"),
            "X-Invocation-Duration-Ms": "" if duration is None else "%.1f" % (duration * 1000),
            "X-Request-Id": invocation.id})


class Control:
    """invoke(function_id, body bytes) -> finished Invocation, or None for an unknown function;
    functions() -> the ids start-api runs."""

    def __init__(self, key, invoke, functions, host="127.0.0.1", port=0):
        self.key = key
        self.invoke = invoke
        self.functions = functions
        self.server = _Server((host, port), _Handler)
        self.server.control = self
        self.port = self.server.server_address[1]
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self.server.serve_forever, name="control", daemon=True)
        self._thread.start()

    def stop(self):
        if self._thread is not None:
            self.server.shutdown()
        self.server.server_close()

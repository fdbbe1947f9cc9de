"""start-api's control endpoint, for infra/local/invoke (the `sam local invoke` of a running start-api).

POST /invoke/<FunctionId> with the event as the body (empty: the function's default event) runs one invocation
on that function's worker and answers 200 with the function's answer as the body and X-Invocation-Outcome (an Invocation's outcome),
X-Invocation-Detail, X-Invocation-Duration-Ms and X-Request-Id. It bypasses the HTTP API and its authorizer,
so it serves only requests with `Authorization: Bearer <key>`, the run's key in <state>/control.key (mode 0600,
in a 0700 directory): only who can read the state directory (start-api's user) can invoke.
"""

import datetime
import hmac
import json
import uuid

from localapi.runtime import MAX_EVENT
from localapi.server import Handler, Server


def scheduled_event(region, account, rule):
    """The event an EventBridge schedule rule sends its function (as infra/events/schedule-expiry-warnings.json), now."""
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": account, "time": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": region, "resources": ["arn:aws:events:%s:%s:rule/%s" % (region, account, rule)], "detail": {}}


class _Handler(Handler):
    server_version = "start-api-control"

    def _message(self, status, message):
        self.close_connection = True
        self.answer(status, json.dumps({"message": message}).encode(), [("Content-Type", "application/json")])

    def do_POST(self):
        control = self.server.owner
        if not hmac.compare_digest(self.headers.get("Authorization", "").encode(), ("Bearer " + control.key).encode()):
            return self._message(401, "this endpoint takes the key in the state directory's control.key")
        function_id = self.path[len("/invoke/"):]
        if not self.path.startswith("/invoke/") or not function_id or "/" in function_id:
            return self._message(404, "POST /invoke/<FunctionId>")
        length = self.headers.get("Content-Length", "0").strip()
        if not length.isdigit() or int(length) > MAX_EVENT:
            return self._message(413, "the event must be at most %d bytes (Lambda's invocation payload limit)" % MAX_EVENT)
        invocation = control.invoke(function_id, self.rfile.read(int(length)))
        if invocation is None:
            return self._message(404, "start-api runs no function %s; it runs %s" % (function_id, ", ".join(control.functions())))
        detail = " ".join(str(invocation.detail or "").split())[:1000].encode("ascii", "replace").decode()
        duration = "" if invocation.duration is None else "%.1f" % (invocation.duration * 1000)
        self.answer(200, invocation.body or b"", [
            ("Content-Type", "application/json"), ("X-Invocation-Outcome", invocation.outcome),
            ("X-Invocation-Detail", detail), ("X-Invocation-Duration-Ms", duration), ("X-Request-Id", invocation.id)])


class Control:
    """invoke(function_id, body bytes) -> finished Invocation, or None for an unknown function;
    functions() -> the ids start-api runs."""

    def __init__(self, key, invoke, functions):
        self.key, self.invoke, self.functions = key, invoke, functions
        self.server = Server("127.0.0.1", 0, _Handler, self)
        self.port = self.server.port

    def start(self):
        self.server.start("control")

    def stop(self):
        self.server.stop()

"""Unit tests of start-api's pieces: route selection, the gateway's events and answers (with fake
functions), response translation, the control endpoint (the stream mapping's tests are
local-dynamodb's StreamMappingTest). Run: python3 infra/local/test_localapi.py
(infra/local/test-e2e runs them first)."""

import base64
import http.client
import json
import os
import runpy
import socket
import sys
import tempfile
import threading
import time
import zipfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from localapi import gateway as gw  # noqa: E402
from localapi import runtime as rt  # noqa: E402
from localapi import control as ctl  # noqa: E402


def route(key, function="Fn", authorizer=True):
    method, path = key.split(" ", 1)
    return {"routeKey": key, "method": method, "path": path, "function": function,
            "authorizer": {"name": "A", "function": "Auth", "identityHeaders": ["Authorization"]} if authorizer else None}


ROUTES = [route("GET /pets/dog"), route("GET /pets/{id}"), route("ANY /pets/{id}"), route("ANY /pets/{proxy+}"),
          route("GET /open", authorizer=False)]


class RouteTest(unittest.TestCase):
    def match(self, method, path):
        for r in sorted((gw.Route(r) for r in ROUTES), key=gw.Route.rank):
            params = r.match(method, path)
            if params is not None:
                return r.route_key, params
        return None

    def test_most_specific_route_wins(self):
        self.assertEqual(("GET /pets/dog", {}), self.match("GET", "/pets/dog"))
        self.assertEqual(("GET /pets/{id}", {"id": "cat"}), self.match("GET", "/pets/cat"))
        self.assertEqual(("ANY /pets/{id}", {"id": "cat"}), self.match("POST", "/pets/cat"))
        self.assertEqual(("ANY /pets/{proxy+}", {"proxy": "cat/toys/1"}), self.match("GET", "/pets/cat/toys/1"))
        self.assertEqual(("ANY /pets/{proxy+}", {"proxy": ""}), self.match("GET", "/pets/"))  # e.g. /console/

    def test_no_route(self):
        self.assertIsNone(self.match("GET", "/pets"))
        self.assertIsNone(self.match("GET", "/other"))
        self.assertIsNone(self.match("POST", "/open"))


class FakeInvocation:
    def __init__(self, outcome, body=b"", detail=""):
        self.outcome, self.body, self.detail, self.id = outcome, body, detail, "req-1"


class FakeRuntime:
    def __init__(self, answer):
        self.answer = answer  # callable(event) -> FakeInvocation
        self.events = []

    def invoke(self, payload, timeout):
        event = json.loads(payload)
        self.events.append(event)
        return self.answer(event)


class GatewayTest(unittest.TestCase):
    def setUp(self):
        self.auth = FakeRuntime(lambda e: FakeInvocation("response", json.dumps(
            {"isAuthorized": e["headers"].get("authorization") == "Bearer good", "context": {"userId": "u1"}}).encode()))
        self.fn = FakeRuntime(lambda e: FakeInvocation("response", json.dumps(
            {"statusCode": 201, "headers": {"X-One": "1", "X-Two": "a,b"},
             "cookies": ["c=1; Path=/"], "body": base64.b64encode(b"\x00\x01").decode(), "isBase64Encoded": True}).encode()))
        self.g = gw.Gateway("127.0.0.1", 0, lambda line: None)
        self.g.serve(ROUTES, {"Auth": self.auth, "Fn": self.fn}, {"Auth": 5, "Fn": 7})

    def tearDown(self):
        self.g.stop()

    def call(self, method, path, headers=None, body=None, port=None):
        c = http.client.HTTPConnection("127.0.0.1", port or self.g.port, timeout=10)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, r.getheaders(), data

    def test_allowed_request_events_and_response(self):
        status, headers, body = self.call("POST", "/pets/cat?x=1&x=2&y=a%20b", {
            "Authorization": "Bearer good", "Cookie": "a=1; b=2", "Content-Type": "application/json"}, b'{"k":1}')
        self.assertEqual(201, status)
        self.assertEqual(b"\x00\x01", body)
        names = [(k.lower(), v) for k, v in headers]
        self.assertIn(("x-one", "1"), names)
        self.assertIn(("x-two", "a,b"), names)
        self.assertIn(("set-cookie", "c=1; Path=/"), names)
        self.assertTrue(any(k == "apigw-requestid" for k, _ in names))
        a = self.auth.events[0]
        self.assertEqual("REQUEST", a["type"])
        self.assertEqual(["Bearer good"], a["identitySource"])
        self.assertEqual("ANY /pets/{id}", a["routeKey"])
        self.assertTrue(a["routeArn"].endswith("/$default/POST/pets/cat"), a["routeArn"])
        self.assertNotIn("body", a)
        e = self.fn.events[0]
        self.assertEqual("2.0", e["version"])
        self.assertEqual("ANY /pets/{id}", e["routeKey"])
        self.assertEqual("/pets/cat", e["rawPath"])
        self.assertEqual("x=1&x=2&y=a%20b", e["rawQueryString"])
        self.assertEqual({"x": "1,2", "y": "a b"}, e["queryStringParameters"])
        self.assertEqual({"id": "cat"}, e["pathParameters"])
        self.assertEqual(["a=1", "b=2"], e["cookies"])
        self.assertNotIn("cookie", e["headers"])
        self.assertEqual("Bearer good", e["headers"]["authorization"])
        self.assertEqual('{"k":1}', e["body"])
        self.assertFalse(e["isBase64Encoded"])
        self.assertEqual({"lambda": {"userId": "u1"}}, e["requestContext"]["authorizer"])
        self.assertEqual("POST", e["requestContext"]["http"]["method"])
        self.assertEqual(e["requestContext"]["requestId"], dict(names)["apigw-requestid"])

    def test_binary_body_is_base64(self):
        self.call("PUT", "/pets/cat", {"Authorization": "Bearer good", "Content-Type": "image/png"}, b"\x89PNG")
        e = self.fn.events[0]
        self.assertTrue(e["isBase64Encoded"])
        self.assertEqual(b"\x89PNG", base64.b64decode(e["body"]))

    def test_gateway_answers(self):
        self.assertEqual((401, b'{"message":"Unauthorized"}'), self.call("GET", "/pets/cat")[::2])
        self.assertEqual((403, b'{"message":"Forbidden"}'),
                         self.call("GET", "/pets/cat", {"Authorization": "Bearer bad"})[::2])
        self.assertEqual((404, b'{"message":"Not Found"}'), self.call("GET", "/nope")[::2])
        self.assertEqual(0, len(self.fn.events))
        self.assertEqual(201, self.call("GET", "/open")[0])  # Authorizer: NONE
        self.assertEqual(1, len(self.auth.events))  # only the "Bearer bad" call reached the authorizer

    def raw(self, data):
        with socket.create_connection(("127.0.0.1", self.g.port), timeout=10) as c:
            c.sendall(data)
            answer = b""
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    return answer
                answer += chunk

    def test_a_bare_cr_is_no_line_end(self):
        # Python's header parser splits on a bare CR; API Gateway rejects the request
        for request in (b"GET /open HTTP/1.1\r\nConnection: close\r\nX-A: a\rX-Injected: b\r\n\r\n",
                        b"GET /open HTTP/1.1\r\nConnection: close\r\nX-A: a\r\r\n\r\n",
                        b"GET /open\rX HTTP/1.1\r\nConnection: close\r\n\r\n"):
            answer = self.raw(request)
            self.assertTrue(answer.startswith(b"HTTP/1.1 400 "), (request, answer[:80]))
            self.assertTrue(answer.endswith(b'{"message":"Bad Request"}'), answer)
        self.assertEqual(0, len(self.fn.events))
        self.assertTrue(self.raw(b"GET /open HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 201 "))

    def test_bodies_by_content_length_or_chunked_and_what_is_refused_before_the_function(self):
        head = b"PUT /pets/cat HTTP/1.1\r\nAuthorization: Bearer good\r\nContent-Type: text/plain\r\nConnection: close\r\n"
        answer = self.raw(head + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=1\r\nde\r\n0\r\nT: 1\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 201 "), answer[:80])
        self.assertEqual("abcde", self.fn.events[0]["body"])
        refused = {b"Content-Length: 10485761\r\nExpect: 100-continue": 413, b"Content-Length: 10485761": 413,
                   b"Transfer-Encoding: gzip, chunked": 400, b"Transfer-Encoding: chunked\r\nContent-Length: 3": 400,
                   b"Content-Length: 1\r\nContent-Length: 2": 400, b"Content-Length: -1": 400,
                   b"Transfer-Encoding: chunked\r\n\r\nzz": 400}
        for lines, status in refused.items():
            answer = self.raw(head + lines + b"\r\n\r\n")
            self.assertTrue(answer.startswith(b"HTTP/1.1 %d " % status), (lines, answer[:80]))
        self.assertEqual(1, len(self.fn.events))

    def test_function_failures(self):
        for outcome, status in (("crash", 502), ("error", 502), ("timeout", 502), ("unavailable", 503), ("too-large", 413)):
            self.fn.answer = lambda e, o=outcome: FakeInvocation(o)
            self.assertEqual(status, self.call("GET", "/open")[0], outcome)
        self.fn.answer = lambda e: FakeInvocation("response", b"not json")
        self.assertEqual((502, b'{"message":"Internal Server Error"}'), self.call("GET", "/open")[::2])

    def test_authorizer_failures_deny_but_a_crash_is_502(self):
        for outcome, status in (("error", 403), ("timeout", 403), ("crash", 502)):
            self.auth.answer = lambda e, o=outcome: FakeInvocation(o)
            self.assertEqual(status, self.call("GET", "/pets/cat", {"Authorization": "Bearer good"})[0], outcome)
        self.auth.answer = lambda e: FakeInvocation("response", b'{"isAuthorized":"true"}')
        self.assertEqual(403, self.call("GET", "/pets/cat", {"Authorization": "Bearer good"})[0])


# A function's executable as a native bootstrap is: it polls AWS_LAMBDA_RUNTIME_API itself
FAKE_BOOTSTRAP = """#!%s
import os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
while True:
    with urllib.request.urlopen(api + "next") as r:
        request_id, event = r.headers["Lambda-Runtime-Aws-Request-Id"], r.read()
    urllib.request.urlopen(urllib.request.Request(api + request_id + "/response", data=b'{"echo":' + event + b'}')).read()
""" % sys.executable


class RuntimeApiTest(unittest.TestCase):
    def runtime(self, command):
        r = rt.FunctionRuntime("Fn", command, {"PATH": os.environ.get("PATH", "")}, HERE, lambda line: None)
        r.start()
        self.addCleanup(r.stop, 1.0)
        return r

    def poll(self, runtime, path="/2018-06-01/runtime/invocation/next", method="GET"):
        c = http.client.HTTPConnection("127.0.0.1", runtime.port, timeout=5)
        try:
            c.request(method, path, body=b"{}" if method == "POST" else None)
            r = c.getresponse()
            return r.status, r.read()
        except (ConnectionError, OSError) as e:
            return None, repr(e).encode()
        finally:
            c.close()

    def test_only_the_functions_own_worker_may_poll_or_answer(self):
        runtime = self.runtime(["sleep", "30"])  # a worker that never polls
        results = []
        threading.Thread(target=lambda: results.append(runtime.invoke(b'{"secret":1}', timeout=3, dispatch_wait=3)),
                         daemon=True).start()
        time.sleep(0.3)
        status, body = self.poll(runtime)  # this test process is not the worker
        self.assertNotIn(b"secret", body)
        self.assertEqual(403, status, body)
        self.assertEqual(403, self.poll(runtime, "/2018-06-01/runtime/invocation/x/response", "POST")[0])
        deadline = time.monotonic() + 10
        while not results and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual("unavailable", results[0].outcome, "nobody took the event")

    def test_a_native_bootstrap_polls_and_answers(self):
        _, bootstrap = fake_bootstrap()
        runtime = self.runtime([bootstrap])
        self.assertTrue(runtime.polling.wait(10))
        for i in range(3):
            invocation = runtime.invoke(b'{"n":%d}' % i, timeout=5)
            self.assertEqual(("response", {"echo": {"n": i}}), (invocation.outcome, json.loads(invocation.body)))


def fake_bootstrap():
    """A temporary folder holding an executable FAKE_BOOTSTRAP; (folder, path)."""
    d = tempfile.mkdtemp()
    bootstrap = os.path.join(d, "bootstrap")
    with open(bootstrap, "w") as f:
        f.write(FAKE_BOOTSTRAP)
    os.chmod(bootstrap, 0o755)
    return d, bootstrap


class OverheadTest(unittest.TestCase):
    def test_a_request_costs_under_10_ms_over_the_functions_own_time(self):
        d, bootstrap = fake_bootstrap()
        runtime = rt.FunctionRuntime("Fn", [bootstrap], {"PATH": os.environ.get("PATH", "")}, d, lambda line: None)
        runtime.start()
        self.addCleanup(runtime.stop, 1.0)
        self.assertTrue(runtime.polling.wait(10))
        lines = []
        g = gw.Gateway("127.0.0.1", 0, lines.append)
        g.serve([route("GET /open", authorizer=False)], {"Fn": runtime}, {"Fn": 5})
        self.addCleanup(g.stop)
        overheads = []
        c = http.client.HTTPConnection("127.0.0.1", g.port, timeout=10)  # one keep-alive connection, as clients do
        for _ in range(11):
            t0 = time.monotonic()
            c.request("GET", "/open")
            r = c.getresponse()
            r.read()
            total = time.monotonic() - t0
            self.assertEqual(200, r.status)
            request_id = r.getheader("apigw-requestid")
            deadline = time.monotonic() + 2  # the access line is written just after the answer
            while not any(l.endswith(request_id) for l in lines) and time.monotonic() < deadline:
                time.sleep(0.001)
            line = [l for l in lines if l.endswith(request_id)][0]
            function = float(line.split("(Fn ")[1].split("ms)")[0]) / 1000
            overheads.append(total - function)
        c.close()
        overheads.sort()
        self.assertLess(overheads[len(overheads) // 2], 0.010, ["%.1f ms" % (o * 1000) for o in overheads])


START_API = runpy.run_path(os.path.join(HERE, "start-api"), run_name="start_api")


class NativeTest(unittest.TestCase):
    """start-api --native: each function's own `bootstrap` from its function.zip."""

    def package(self, files):
        d = tempfile.mkdtemp()
        path = os.path.join(d, "function.zip")
        with zipfile.ZipFile(path, "w") as z:
            for name, (text, mode) in files.items():
                info = zipfile.ZipInfo(name)
                info.external_attr = mode << 16  # as Quarkus's native function.zip records it
                z.writestr(info, text)
        return path, os.path.join(d, "task")

    def test_the_bootstrap_stays_executable_and_answers(self):
        zip_path, task = self.package({"bootstrap": (FAKE_BOOTSTRAP, 0o755), "lib/data.txt": ("x", 0o644)})
        START_API["unpack"](zip_path, task)
        command = START_API["worker_command"](task, {"codeUri": "fn/function.zip"}, True, "java")
        self.assertEqual([os.path.join(task, "bootstrap")], command)
        self.assertTrue(os.access(command[0], os.X_OK))
        runtime = rt.FunctionRuntime("Fn", command, {"PATH": os.environ.get("PATH", "")}, task, lambda line: None)
        runtime.start()
        self.addCleanup(runtime.stop, 1.0)
        self.assertTrue(runtime.polling.wait(10))
        self.assertEqual({"echo": {"a": 1}}, json.loads(runtime.invoke(b'{"a":1}', timeout=5).body))

    def test_a_zip_without_bootstrap_says_how_to_build_one(self):
        zip_path, task = self.package({"lib/app.jar": ("jar", 0o644)})
        START_API["unpack"](zip_path, task)
        with self.assertRaises(RuntimeError) as e:
            START_API["worker_command"](task, {"codeUri": "admin/target/function.zip"}, True, "java")
        self.assertIn("admin/target/function.zip holds no native `bootstrap`", str(e.exception))
        self.assertIn("-Dnative", str(e.exception))


class LocalOverridesTest(unittest.TestCase):
    """A deployment's secret (the admin function's CURSOR_KEY) gets a fresh value per run, not a fixed one."""

    def test_each_secret_gets_one_fresh_value_per_run(self):
        spec = {"secrets": {"CURSOR_KEY": "CursorKeySecret"}}
        run = {}
        env = START_API["local_overrides"]("http://127.0.0.1:1", spec, run)
        key = env["CURSOR_KEY"]
        self.assertGreaterEqual(len(key.encode()), 32, "the admin function refuses a key under 32 bytes")
        self.assertIn("not-for-production", key)
        self.assertEqual(key, START_API["local_overrides"]("http://127.0.0.1:1", spec, run)["CURSOR_KEY"],
                         "one value per secret in a run")
        self.assertNotEqual(key, START_API["local_overrides"]("http://127.0.0.1:1", spec, {})["CURSOR_KEY"],
                            "another run, another key")
        self.assertNotIn("CURSOR_KEY", START_API["local_overrides"]("http://127.0.0.1:1", {"secrets": {}}, run))

    def test_logs_are_text_unless_asked_for_json(self):
        saved = os.environ.pop("LOG_JSON", None)
        try:
            self.assertEqual("false", START_API["local_overrides"]("http://127.0.0.1:1", {}, {})["LOG_JSON"],
                             "the template's LOG_JSON=true is for CloudWatch")
            os.environ["LOG_JSON"] = "true"
            self.assertEqual("true", START_API["local_overrides"]("http://127.0.0.1:1", {}, {})["LOG_JSON"])
        finally:
            os.environ.pop("LOG_JSON", None)
            if saved is not None:
                os.environ["LOG_JSON"] = saved


class TranslateTest(unittest.TestCase):
    def test_without_status_code_the_answer_is_a_json_body(self):
        self.assertEqual((200, [("Content-Type", "application/json")], b'{"a": 1}'), gw._translate(b'{"a": 1}'))

    def test_unusable(self):
        for raw in (b"nope", b'{"statusCode":"x"}', b'{"statusCode":99}', b'{"statusCode":200,"body":"!","isBase64Encoded":true}'):
            self.assertIsNone(gw._translate(raw), raw)


class ControlTest(unittest.TestCase):
    """infra/local/invoke's endpoint: only with the run's key, only start-api's functions."""

    def setUp(self):
        self.events = []

        def invoke(function_id, body):
            if function_id != "ExpiryFunction":
                return None
            self.events.append(body)
            answer = FakeInvocation("response", b'{"warned":1,"failed":0}')
            answer.duration = 0.012
            return answer

        self.control = ctl.Control("k" * 43, invoke, lambda: ["ExpiryFunction"])
        self.control.start()

    def tearDown(self):
        self.control.stop()

    def post(self, path, key="k" * 43, body=b"{}"):
        c = http.client.HTTPConnection("127.0.0.1", self.control.port, timeout=5)
        c.request("POST", path, body=body, headers={"Authorization": "Bearer " + key} if key else {})
        r = c.getresponse()
        answer = r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        c.close()
        return answer

    def test_the_functions_answer_with_its_outcome(self):
        status, headers, body = self.post("/invoke/ExpiryFunction", body=b'{"detail":{}}')
        self.assertEqual((200, b'{"warned":1,"failed":0}', "response", "12.0"),
                         (status, body, headers["x-invocation-outcome"], headers["x-invocation-duration-ms"]))
        self.assertEqual([b'{"detail":{}}'], self.events)

    def test_without_the_key_nothing_runs(self):
        for key in (None, "", "k" * 42, "k" * 44, "x" * 43):
            self.assertEqual(401, self.post("/invoke/ExpiryFunction", key=key)[0], key)
        self.assertEqual([], self.events)

    def test_unknown_function_or_path(self):
        status, _, body = self.post("/invoke/Nope")
        self.assertEqual(404, status)
        self.assertIn("ExpiryFunction", json.loads(body)["message"])
        self.assertEqual(404, self.post("/other")[0])
        self.assertEqual(404, self.post("/invoke/ExpiryFunction/x")[0])

    def test_the_scheduled_event_is_eventbridges(self):
        event = ctl.scheduled_event("us-east-1", "123456789012", "uat-local-ExpiryFunctionDaily")
        with open(os.path.join(ROOT, "infra", "events", "schedule-expiry-warnings.json")) as f:
            sample = json.load(f)
        self.assertEqual(sorted(sample), sorted(event))
        self.assertEqual(("Scheduled Event", "aws.events", {}), (event["detail-type"], event["source"], event["detail"]))
        self.assertEqual(["arn:aws:events:us-east-1:123456789012:rule/uat-local-ExpiryFunctionDaily"], event["resources"])


if __name__ == "__main__":
    unittest.main()

"""The local HTTP API: API Gateway's HTTP API (payload format 2.0) in front of the local functions.

Its answers are infra/local/README.md's "What the gateway answers". The routes come from `uat-cli local-dynamodb`
(the template read once, in Java); this file never reads the template. With an upstream URL, every other request
goes through the authorizer to that URL, as a `$default` route with an HTTP proxy integration would send it.
"""

import base64
import binascii
import datetime
import http.client
import json
import os
import re
import socket
import time
import traceback
import urllib.parse

from localapi.server import Handler, Server

MAX_BODY = 10 * 1024 * 1024  # HTTP API payload size quota
MAX_HEAD = 10240  # HTTP API: total combined size of request line and header values
AUTHORIZER_TIMEOUT = 10.0  # HTTP API: timeout for a Lambda authorizer response
INTEGRATION_TIMEOUT = 30.0  # HTTP API: maximum integration timeout
ACCOUNT = "123456789012"
API_ID = "localapi"
STAGE = "$default"
MESSAGES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 413: "Request Entity Too Large",
            431: "Request Header Fields Too Large", 500: "Internal Server Error", 502: "Internal Server Error",
            503: "Service Unavailable", 505: "HTTP Version Not Supported"}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "upgrade", "te", "trailer"}
CONTEXT_HEADERS = (("userId", "user-id"), ("tokenId", "token-id"), ("email", "email"), ("roles", "roles"))
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript",
              "application/x-www-form-urlencoded", "application/graphql", "application/yaml")


class Route:
    """One route of the HTTP API, as `uat-cli local-dynamodb` describes it."""

    def __init__(self, spec):
        self.route_key = spec["routeKey"]
        self.method = spec["method"]  # upper case, or ANY
        self.function_id = spec["function"]
        self.authorizer = spec.get("authorizer")  # {"name", "function", "identityHeaders"} or None
        self.segments = []
        for part in spec["path"].split("/")[1:]:
            m = re.fullmatch(r"\{([^{}+]+)(\+?)\}", part)
            self.segments.append(("greedy" if m.group(2) else "param", m.group(1)) if m else ("literal", part))

    def match(self, method, raw_path):
        """Path parameters (raw, still percent-encoded) when this route takes the request, else None."""
        if self.method not in ("ANY", method):
            return None
        if self.route_key == "$default":
            return {}
        parts = raw_path.split("/")[1:]
        params = {}
        for i, (kind, name) in enumerate(self.segments):
            if kind == "greedy":
                # "/console/" is the greedy route's with an empty value: an HTTP API route path cannot
                # end in "/", so {proxy+} is how a deployed API serves it too (the console's index page).
                params[name] = "/".join(parts[i:])
                return params if parts[i:] else None
            if i >= len(parts) or (kind == "literal" and parts[i] != name) or (kind == "param" and parts[i] == ""):
                return None
            if kind == "param":
                params[name] = parts[i]
        return params if len(parts) == len(self.segments) else None

    def rank(self):
        """HTTP API prefers literal segments to variables, variables to greedy ones, longer paths,
        and a named method to ANY."""
        order = {"literal": 0, "param": 1, "greedy": 2}
        return tuple(order[kind] for kind, _ in self.segments), -len(self.segments), self.method == "ANY"


class Gateway:
    def __init__(self, host, port, log):
        self.log, self.routes, self.runtimes, self.timeouts, self.upstream = log, [], {}, {}, None
        self.server = Server(host, port, GatewayHandler, self)
        self.port = self.server.port

    def serve(self, routes, runtimes, timeouts, upstream=None):
        """Serves routes as `uat-cli local-dynamodb` describes them, each by the FunctionRuntime of its function
        (runtimes: logical id -> FunctionRuntime; timeouts: logical id -> Timeout in seconds); with upstream
        (http://host:port[/prefix]), every other request through the routes' authorizer to that URL."""
        self.routes = sorted((Route(r) for r in routes), key=Route.rank)  # most specific first
        if upstream:
            authorizer = next((r.authorizer for r in self.routes if r.authorizer), None)
            self.routes.append(Route({"routeKey": "$default", "method": "ANY", "path": "/", "function": None,
                                      "authorizer": authorizer}))
            self.upstream = urllib.parse.urlsplit(upstream)
        self.runtimes, self.timeouts = runtimes, timeouts
        self.server.start("gateway")

    def stop(self):
        self.server.stop()

    def match(self, method, raw_path):
        for route in self.routes:
            params = route.match(method, raw_path)
            if params is not None:
                return route, params
        return None, None

    def invoke(self, function_id, event, limit):
        timeout = min(float(self.timeouts[function_id]), limit)
        return self.runtimes[function_id].invoke(json.dumps(event).encode(), timeout)


class _BodyError(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


class _Input:
    """A connection's input that notes a bare CR in the lines read: Python's header parser takes one
    for a line end (`X-A: a<CR>X-B: b` would be two headers), API Gateway answers 400."""

    def __init__(self, raw):
        self.raw, self.bare_cr = raw, False

    def readline(self, limit=-1):
        line = self.raw.readline(limit)
        self.bare_cr = self.bare_cr or b"\r" in line.replace(b"\r\n", b"")
        return line

    def __getattr__(self, name):
        return getattr(self.raw, name)


class GatewayHandler(Handler):
    server_version = "local-http-api"
    timeout = 60  # idle keep-alive connections
    start, timings, request_id, requestline = None, (), "-", ""  # per request, for the access line

    def setup(self):
        super().setup()
        self.rfile = _Input(self.rfile)

    def handle_one_request(self):
        self.start, self.timings, self.request_id = None, [], new_request_id()
        super().handle_one_request()

    def parse_request(self):
        self.start, self.rfile.bare_cr = time.monotonic(), False  # the request line is checked below
        if not super().parse_request():
            return False
        if self.rfile.bare_cr or "\r" in self.requestline:
            self.send_error(400)
            return False
        return True

    def __getattr__(self, name):
        if name.startswith("do_"):  # every method goes through the routes (HTTP API has no 405/501: unknown is 404)
            return self._handle
        raise AttributeError(name)

    def send_error(self, code, message=None, explain=None):
        """Python's own refusals (malformed request line or headers) as API Gateway's, 431 for a long URI."""
        code = 431 if code == 414 else code if code in (400, 431, 505) else 400
        if getattr(self, "request_version", "") in ("", "HTTP/0.9"):  # still answer with a status line
            self.request_version = "HTTP/1.1"
        self.fail(code, close=True)

    def handle_expect_100(self):
        length = self.headers.get("Content-Length", "").strip()
        if length.isdigit() and int(length) > MAX_BODY:
            self.fail(413, close=True)
            return False
        return super().handle_expect_100()

    def _handle(self):
        try:
            self._serve()
        except ConnectionError:
            self.close_connection = True
        except Exception:  # a bug here must not hang or leak: answer as API Gateway would
            self.server.owner.log("gateway error: " + traceback.format_exc().rstrip())
            try:
                self.fail(500, close=True)
            except OSError:
                pass

    def _serve(self):
        gateway = self.server.owner
        if len(self.requestline) + sum(len(v) for v in self.headers.values()) > MAX_HEAD:
            return self.fail(431, close=True)
        if self.headers.defects or not all(map(_token, self.headers.keys())) or not self.path.startswith("/"):
            return self.fail(400, close=True)
        try:
            body = self._read_body()
        except _BodyError as e:
            return self.fail(e.status, close=True, drain=e.status == 413)
        raw_path, _, raw_query = self.path.partition("?")
        route, params = gateway.match(self.command, raw_path)
        if route is None:
            return self.fail(404)

        headers, cookies = self._event_headers()
        common = {"version": "2.0", "routeKey": route.route_key, "rawPath": raw_path, "rawQueryString": raw_query,
                  "headers": headers, "requestContext": self._request_context(route, raw_path, headers)}
        query = _query_parameters(raw_query)
        if cookies:
            common["cookies"] = cookies
        if query:
            common["queryStringParameters"] = query
        if params:
            common["pathParameters"] = {k: urllib.parse.unquote(v) for k, v in params.items()}
        context = None
        if route.authorizer is not None:
            context = self._authorize(route.authorizer, raw_path, common)
            if context is None:
                return
        if route.function_id is None:
            return self._proxy(raw_path, raw_query, body, context or {})

        event = dict(common, isBase64Encoded=False)
        if context is not None:
            event["requestContext"] = dict(common["requestContext"], authorizer={"lambda": context})
        if body:
            event["body"], event["isBase64Encoded"] = _event_body(body, headers.get("content-type"))
        function_id = route.function_id
        invocation = gateway.invoke(function_id, event, INTEGRATION_TIMEOUT)
        self._timed(function_id, invocation)
        translated = _translate(invocation.body) if invocation.outcome == "response" else None
        if translated is None:
            what = "unusable response" if invocation.outcome == "response" else invocation.outcome
            gateway.log("%s %s: %s %s" % (function_id, invocation.id, what, invocation.detail or _text(invocation.body)))
            # "too-large": the body fits HTTP API's 10 MB, the event not Lambda's 6 MB
            return self.fail({"unavailable": 503, "too-large": 413}.get(invocation.outcome, 502))
        self.send(*translated)

    def _authorize(self, authorizer, raw_path, common):
        """The authorizer's context when it allows the request; None once the request is answered 401, 403 or 502."""
        identity = [common["headers"].get(name.lower()) for name in authorizer["identityHeaders"]]
        if not all(identity):
            return self.fail(401)
        route_arn = "arn:aws:execute-api:%s:%s:%s/%s/%s/%s" % (
            os.environ.get("AWS_REGION", "us-east-1"), ACCOUNT, API_ID, STAGE, self.command, raw_path.lstrip("/"))
        fn = authorizer["function"]
        invocation = self.server.owner.invoke(fn, dict(common, type="REQUEST", routeArn=route_arn, identitySource=identity),
                                              AUTHORIZER_TIMEOUT)
        self._timed(fn, invocation)
        answer = _json(invocation.body) if invocation.outcome == "response" else None
        context = answer.get("context") if isinstance(answer, dict) else None
        if not isinstance(answer, dict) or not isinstance(context or {}, dict):  # no simple response: failed or crashed
            self.server.owner.log("authorizer %s: %s %s" % (fn, invocation.outcome, invocation.detail or _text(invocation.body)))
            return self.fail(502 if invocation.outcome == "crash" else 403)
        if answer.get("isAuthorized") is not True:
            return self.fail(403)
        return context or {}

    def _proxy(self, raw_path, raw_query, body, context):
        """The request on to the upstream URL, with the authorizer's context as x-uat-* headers (a
        caller's own x-uat-* headers are dropped: only the authorizer sets them)."""
        up = self.server.owner.upstream
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host", "expect"}
                   and not k.lower().startswith("x-uat-")}
        headers.update({"x-uat-" + header: str(context[key]) for key, header in CONTEXT_HEADERS if context.get(key) is not None})
        conn = http.client.HTTPConnection(up.hostname, up.port or 80, timeout=INTEGRATION_TIMEOUT)
        try:
            conn.request(self.command, up.path.rstrip("/") + raw_path + ("?" + raw_query if raw_query else ""),
                         body=body or None, headers=headers)
            answer = conn.getresponse()
            out = [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP]
            data = answer.read()
        except OSError as e:  # refused, reset or timed out
            self.server.owner.log("upstream %s: %s" % (up.netloc, e))
            return self.fail(502)
        finally:
            conn.close()
        self.send(answer.status, out, data)

    def _read_body(self):
        """The body by Content-Length or chunked; both, another coding or a bad length is 400."""
        encodings = self.headers.get_all("Transfer-Encoding")
        lengths = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if encodings:
            if lengths or [c.strip().lower() for c in ",".join(encodings).split(",") if c.strip()] != ["chunked"]:
                raise _BodyError(400)
            return self._read_chunked()
        if not lengths:
            return b""
        length = lengths.pop()
        if lengths or not length.isdigit():
            raise _BodyError(400)
        if int(length) > MAX_BODY:
            raise _BodyError(413)
        body = self.rfile.read(int(length))
        if len(body) != int(length):
            raise _BodyError(400)
        return body

    def _read_chunked(self):
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1026)
            try:
                size = int(line.split(b";")[0].strip(), 16) if line.endswith(b"\n") else -1
            except ValueError:
                size = -1
            if size < 0:
                raise _BodyError(400)
            if size == 0:
                while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):  # trailers
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise _BodyError(413)
            chunks.append(self.rfile.read(size))
            if len(chunks[-1]) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise _BodyError(400)

    def _event_headers(self):
        headers, cookies = {}, []
        for name, value in self.headers.items():
            lname = name.lower()
            if lname == "cookie":
                cookies.extend(c.strip() for c in value.split(";") if c.strip())
            else:
                headers[lname] = headers[lname] + "," + value if lname in headers else value
        client = self.client_address[0]
        headers["x-forwarded-for"] = headers["x-forwarded-for"] + ", " + client if "x-forwarded-for" in headers else client
        headers["x-forwarded-port"] = str(self.server.owner.port)
        headers["x-forwarded-proto"] = "http"
        return headers, cookies

    def _request_context(self, route, raw_path, headers):
        now = datetime.datetime.now(datetime.timezone.utc)
        host = headers.get("host", "127.0.0.1:%d" % self.server.owner.port)
        return {"accountId": ACCOUNT, "apiId": API_ID, "domainName": host, "domainPrefix": host.split(".")[0].split(":")[0],
                "http": {"method": self.command, "path": raw_path, "protocol": self.request_version,
                         "sourceIp": self.client_address[0], "userAgent": headers.get("user-agent", "")},
                "requestId": self.request_id, "routeKey": route.route_key, "stage": STAGE,
                "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"), "timeEpoch": int(now.timestamp() * 1000)}

    def fail(self, status, close=False, drain=False):
        """API Gateway's own answer, {"message": ...}; drain: read what the client still sends, so it sees the
        answer rather than a reset (413 before the body)."""
        if close:
            self.close_connection = True
        self.send(status, [("Content-Type", "application/json")], b'{"message":"%s"}' % MESSAGES[status].encode())
        if drain:
            try:
                self.connection.shutdown(socket.SHUT_WR)
                self.connection.settimeout(2.0)
                deadline = time.monotonic() + 5.0
                while time.monotonic() < deadline and self.connection.recv(65536):
                    pass
            except OSError:
                pass

    def send(self, status, headers, body):
        self.answer(status, body, list(headers) + [("apigw-requestid", self.request_id)])
        took = " %.1fms" % ((time.monotonic() - self.start) * 1000) if self.start else ""
        timings = " (%s)" % ", ".join(self.timings) if self.timings else ""
        line = self.requestline if len(self.requestline) <= 200 else self.requestline[:200] + "..."
        self.server.owner.log('%s "%s" %d%s%s %s' % (self.client_address[0], line or "-", status, took, timings, self.request_id))

    def _timed(self, function_id, invocation):
        """The function's own time (as Lambda's REPORT Duration: event handed over to answer received)."""
        duration = getattr(invocation, "duration", None)
        self.timings.append("%s %s" % (function_id, "-" if duration is None else "%.1fms" % (duration * 1000)))


def _token(name):
    return bool(name) and all(33 <= ord(c) < 127 and c not in '"(),/:;<=>?@[\\]{}' for c in name)


def _json(raw):
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _text(raw):
    return raw[:300].decode("utf-8", "replace")


def _event_body(body, content_type):
    """(body, isBase64Encoded) as HTTP API hands it over: a text type's UTF-8 body as it is, anything else base64."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type.startswith(TEXT_TYPES) or media_type.endswith(("+json", "+xml")):
        try:
            return body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(body).decode(), True


def _query_parameters(raw_query):
    params = {}
    for key, value in urllib.parse.parse_qsl(raw_query, keep_blank_values=True):
        params[key] = params[key] + "," + value if key in params else value
    return params


def _translate(raw):
    """(status, headers, body) from a payload 2.0 function response, or None when it is unusable."""
    try:
        answer = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(answer, dict) or "statusCode" not in answer:  # payload 2.0: the whole answer is a JSON body
        return 200, [("Content-Type", "application/json")], answer.encode() if isinstance(answer, str) else raw
    try:
        status = int(answer["statusCode"])
    except (TypeError, ValueError):
        return None
    if not 100 <= status <= 599:
        return None
    headers = [(name, _header_value(value)) for name, value in (answer.get("headers") or {}).items()
               if name.lower() not in HOP_BY_HOP and value is not None]
    headers += [("Set-Cookie", _header_value(cookie)) for cookie in answer.get("cookies") or []]
    body = answer.get("body")
    if body is None:
        data = b""
    elif answer.get("isBase64Encoded") is True:
        try:
            data = base64.b64decode(body, validate=True)
        except (binascii.Error, TypeError, ValueError):
            return None
    else:
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
    if data and not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    return status, headers, data


def _header_value(value):
    return (value if isinstance(value, str) else json.dumps(value)).replace("\r", " ").replace("\n", " ")


def new_request_id():
    return base64.b64encode(os.urandom(10)).decode().rstrip("=")[:14] + "="

"""The local HTTP API: API Gateway's HTTP API (payload format 2.0) in front of local functions.

For every request: HTTP API limits (request line + header values 10240 bytes, body 10 MB), the
template's routes (404 {"message":"Not Found"} for any other), the route's Lambda authorizer
(REQUEST, payload 2.0, simple responses; a missing identity source is 401 {"message":"Unauthorized"} without a call, a deny or
an authorizer failure is 403 {"message":"Forbidden"}), then the route's function with a payload
2.0 event whose requestContext.authorizer.lambda is the authorizer's context, and its response
translated back. A function that crashes, errs, times out or answers something unusable gives 502
{"message":"Internal Server Error"}; one that takes no event for 30 s gives 503 {"message":"Service
Unavailable"}; a body under 10 MB whose event is over Lambda's 6 MB invocation limit gives 413.
Routes come from `uat-cli local-dynamodb` (the template read once, in Java); this file never reads
the template. With an upstream URL, any other request goes through the authorizer to that URL.
"""

import base64
import binascii
import datetime
import http.client
import http.server
import json
import os
import re
import socket
import sys
import threading
import time
import traceback
import urllib.parse

MAX_BODY = 10 * 1024 * 1024  # HTTP API payload size quota
MAX_HEAD = 10240  # HTTP API: total combined size of request line and header values
AUTHORIZER_TIMEOUT = 10.0  # HTTP API: timeout for a Lambda authorizer response
INTEGRATION_TIMEOUT = 30.0  # HTTP API: maximum integration timeout
ACCOUNT = "123456789012"
API_ID = "localapi"
STAGE = "$default"
DEBUG = os.environ.get("START_API_DEBUG") == "1"  # log authorizer events and answers
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "upgrade", "te", "trailer"}
CONTEXT_HEADERS = (("userId", "user-id"), ("tokenId", "token-id"), ("email", "email"), ("roles", "roles"))
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript",
              "application/x-www-form-urlencoded", "application/graphql", "application/yaml")


class GatewayServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # a client hanging up is no error here
            super().handle_error(request, client_address)


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
        if self.method not in ("ANY", method) or not raw_path.startswith("/"):
            return None
        if self.route_key == "$default":
            return {}
        parts = raw_path.split("/")[1:]
        params = {}
        for i, (kind, name) in enumerate(self.segments):
            if kind == "greedy":
                rest = parts[i:]
                if not rest or rest == [""]:
                    return None
                params[name] = "/".join(rest)
                return params
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
        self.routes, self.runtimes, self.timeouts = [], {}, {}
        self.log = log
        self.server = GatewayServer((host, port), GatewayHandler)
        self.server.gateway = self
        self.port = self.server.server_address[1]
        self.serving = False

    def serve(self, routes, runtimes, timeouts, upstream=None):
        """Serves routes as `uat-cli local-dynamodb` describes them, each by the FunctionRuntime of its
        function (runtimes: logical id -> FunctionRuntime; timeouts: logical id -> Timeout in seconds).
        With upstream (http://host:port[/prefix]) every other request goes through the routes' authorizer
        to that URL, as an HTTP API $default route with an HTTP proxy integration would send it."""
        self.routes = sorted((Route(r) for r in routes), key=Route.rank)  # most specific first
        if upstream:
            authorizer = next((r.authorizer for r in self.routes if r.authorizer), None)
            self.routes.append(Route({"routeKey": "$default", "method": "ANY", "path": "/", "function": None,
                                      "authorizer": authorizer}))
            self.upstream = urllib.parse.urlsplit(upstream)
        self.runtimes, self.timeouts = runtimes, timeouts
        self.serving = True
        threading.Thread(target=self.server.serve_forever, name="gateway", daemon=True).start()

    def stop(self):
        if self.serving:
            self.server.shutdown()
        self.server.server_close()

    def match(self, method, raw_path):
        for route in self.routes:
            params = route.match(method, raw_path)
            if params is not None:
                return route, params
        return None, None

    def invoke(self, function_id, event, timeout):
        return self.runtimes[function_id].invoke(json.dumps(event).encode(), timeout=timeout)

    def authorize(self, authorizer, event):
        """("allow", context, invocation) | ("deny", reason, invocation) | ("crash", detail, invocation)."""
        fn = authorizer["function"]
        invocation = self.invoke(fn, event, min(float(self.timeouts[fn]), AUTHORIZER_TIMEOUT))
        if DEBUG:
            self.log("authorizer event %s -> %s %r" % (json.dumps(_redacted(event)), invocation.outcome,
                                                       invocation.body[:2000]))
        if invocation.outcome == "crash":
            return "crash", invocation.detail, invocation
        if invocation.outcome != "response":
            return "deny", "%s: %s" % (invocation.outcome, invocation.detail or _error_message(invocation.body)), invocation
        try:
            answer = json.loads(invocation.body)
        except ValueError:
            return "deny", "answered no JSON", invocation
        context = answer.get("context") if isinstance(answer, dict) else None
        if not isinstance(answer, dict) or (context is not None and not isinstance(context, dict)):
            return "deny", "answered no simple response", invocation
        if answer.get("isAuthorized") is not True:
            return "deny", None, invocation
        return "allow", context or {}, invocation


def _redacted(event):
    """The authorizer event without its credentials: tokens never reach a log, even a debug one."""
    copy = dict(event)
    if "identitySource" in copy:
        copy["identitySource"] = ["<redacted>" for _ in copy["identitySource"] or []]
    headers = copy.get("headers")
    if isinstance(headers, dict):
        copy["headers"] = {k: ("<redacted>" if k.lower() == "authorization" else v) for k, v in headers.items()}
    return copy


def _error_message(body):
    try:
        return json.loads(body).get("errorMessage", "")
    except (ValueError, AttributeError):
        return ""


def _is_text(content_type):
    ct = (content_type or "").split(";")[0].strip().lower()
    return ct.startswith(TEXT_TYPES) or ct.endswith(("+json", "+xml"))


class _BodyError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


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


class GatewayHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "local-http-api"
    sys_version = ""
    timeout = 60  # idle keep-alive connections

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        # headers and body are separate writes: with Nagle on, the body waits for the client's delayed ACK (40 ms)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.rfile = _Input(self.rfile)

    def parse_request(self):
        self.rfile.bare_cr = False  # the request line is checked below; only the head's lines count
        if not super().parse_request():
            return False
        if self.rfile.bare_cr or "\r" in self.requestline:
            self.send_error(400)
            return False
        return True

    def __getattr__(self, name):
        # every method goes through the routes (HTTP API has no 405/501: unknown is 404)
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    def send_error(self, code, message=None, explain=None):
        code = {414: 431}.get(code, code) if code in (400, 414, 431, 505) else 400  # API Gateway: 431 for a long URI
        text = {400: "Bad Request", 431: "Request Header Fields Too Large", 505: "HTTP Version Not Supported"}[code]
        self.close_connection = True
        if not getattr(self, "request_version", None) or self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.1"
        self._request_id = getattr(self, "_request_id", None) or new_request_id()
        self._send(code, [("Content-Type", "application/json")], json.dumps({"message": text}, separators=(",", ":")).encode())
        self._access(code)

    def handle_expect_100(self):
        length = self.headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > MAX_BODY:
            self._request_id = new_request_id()
            self._gateway_error(413, "Request Entity Too Large", close=True)
            return False
        return super().handle_expect_100()

    def _handle(self):
        self._start = time.monotonic()
        self._request_id = new_request_id()
        self._timings = []
        try:
            self._serve()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:  # a bug here must not hang or leak: answer as API Gateway would
            self.server.gateway.log("gateway error: " + traceback.format_exc().rstrip())
            try:
                self._gateway_error(500, "Internal Server Error", close=True)
            except OSError:
                pass

    def _serve(self):
        gateway = self.server.gateway
        head = len(self.requestline) + sum(len(v) for v in self.headers.values())
        if head > MAX_HEAD:
            return self._gateway_error(431, "Request Header Fields Too Large", close=True)
        if self.headers.defects or any(not _token(k) for k in self.headers.keys()):
            return self._gateway_error(400, "Bad Request", close=True)
        try:
            body = self._read_body()
        except _BodyError as e:
            return self._gateway_error(e.status, e.message, close=True, drain=e.status == 413)
        target = self.path
        if target.startswith(("http://", "https://")):
            parts = urllib.parse.urlsplit(target)
            target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        if not target.startswith("/"):
            return self._gateway_error(400, "Bad Request", close=True)
        raw_path, _, raw_query = target.partition("?")
        raw_path = raw_path.partition("#")[0]
        raw_query = raw_query.partition("#")[0]
        route, params = gateway.match(self.command, raw_path)
        if route is None:
            return self._gateway_error(404, "Not Found")

        headers, cookies = self._event_headers()
        query = _query_parameters(raw_query)
        path_params = {k: urllib.parse.unquote(v) for k, v in params.items()}
        context = self._request_context(route, raw_path, headers)
        authorizer_context = None
        if route.authorizer is not None:
            authorizer = route.authorizer
            identity = [headers.get(name.lower()) for name in authorizer["identityHeaders"]]
            if not all(identity):
                return self._gateway_error(401, "Unauthorized")
            event = {
                "version": "2.0",
                "type": "REQUEST",
                "routeArn": "arn:aws:execute-api:%s:%s:%s/%s/%s/%s" % (
                    os.environ.get("AWS_REGION", "us-east-1"), ACCOUNT, API_ID, STAGE, self.command, raw_path.lstrip("/")),
                "identitySource": identity,
                "routeKey": route.route_key,
                "rawPath": raw_path,
                "rawQueryString": raw_query,
                "headers": headers,
                "requestContext": context,
            }
            _put_optional(event, cookies, query, path_params)
            verdict, detail, invocation = gateway.authorize(authorizer, event)
            self._timed(authorizer["function"], invocation)
            if verdict == "crash":
                gateway.log("authorizer %s crashed: %s" % (authorizer["function"], detail))
                return self._gateway_error(502, "Internal Server Error")
            if verdict != "allow":
                if detail:
                    gateway.log("authorizer %s denied: %s" % (authorizer["function"], detail))
                return self._gateway_error(403, "Forbidden")
            authorizer_context = detail
        if route.function_id is None:
            return self._proxy(raw_path, raw_query, body, authorizer_context or {})

        event = {
            "version": "2.0",
            "routeKey": route.route_key,
            "rawPath": raw_path,
            "rawQueryString": raw_query,
            "headers": headers,
            "requestContext": dict(context),
            "isBase64Encoded": False,
        }
        _put_optional(event, cookies, query, path_params)
        if authorizer_context is not None:
            event["requestContext"]["authorizer"] = {"lambda": authorizer_context}
        if body:
            if _is_text(headers.get("content-type")):
                try:
                    event["body"] = body.decode("utf-8")
                except UnicodeDecodeError:
                    event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
            else:
                event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
        timeout = min(float(gateway.timeouts[route.function_id]), INTEGRATION_TIMEOUT)
        invocation = gateway.invoke(route.function_id, event, timeout)
        self._timed(route.function_id, invocation)
        if invocation.outcome != "response":
            gateway.log("%s %s: %s %s" % (route.function_id, invocation.id, invocation.outcome,
                                          invocation.detail or _error_message(invocation.body)))
            if invocation.outcome == "unavailable":
                return self._gateway_error(503, "Service Unavailable")
            if invocation.outcome == "too-large":  # the body fits HTTP API's 10 MB, the event not Lambda's 6 MB
                return self._gateway_error(413, "Request Entity Too Large")
            return self._gateway_error(502, "Internal Server Error")
        translated = _translate(invocation.body)
        if translated is None:
            gateway.log("%s %s: unusable response: %r" % (route.function_id, invocation.id, invocation.body[:200]))
            return self._gateway_error(502, "Internal Server Error")
        status, out_headers, out_body = translated
        self._send(status, out_headers, out_body)
        self._access(status)

    def _proxy(self, raw_path, raw_query, body, context):
        """The request on to the upstream URL, with the authorizer's context as x-uat-* headers (a
        caller's own x-uat-* headers are dropped: only the authorizer sets them)."""
        up = self.server.gateway.upstream
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
            self.server.gateway.log("upstream %s: %s" % (up.netloc, e))
            return self._gateway_error(502, "Internal Server Error")
        finally:
            conn.close()
        self._send(answer.status, out, data)
        self._access(answer.status)

    def _read_body(self):
        encodings = self.headers.get_all("Transfer-Encoding") or []
        lengths = self.headers.get_all("Content-Length") or []
        if encodings:
            codings = [c.strip().lower() for e in encodings for c in e.split(",") if c.strip()]
            if lengths or codings != ["chunked"]:
                raise _BodyError(400, "Bad Request")
            return self._read_chunked()
        if not lengths:
            return b""
        values = {v.strip() for v in lengths}
        if len(values) != 1 or not next(iter(values)).isdigit():
            raise _BodyError(400, "Bad Request")
        length = int(next(iter(values)))
        if length > MAX_BODY:
            raise _BodyError(413, "Request Entity Too Large")
        body = self.rfile.read(length)
        if len(body) != length:
            raise _BodyError(400, "Bad Request")
        return body

    def _read_chunked(self):
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1026)
            if not line.endswith(b"\n"):
                raise _BodyError(400, "Bad Request")
            size_text = line.split(b";")[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _BodyError(400, "Bad Request")
            if size < 0:
                raise _BodyError(400, "Bad Request")
            if size == 0:
                while True:  # trailers
                    trailer = self.rfile.readline(8192)
                    if trailer in (b"\r\n", b"\n", b""):
                        return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise _BodyError(413, "Request Entity Too Large")
            data = self.rfile.read(size)
            if len(data) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise _BodyError(400, "Bad Request")
            chunks.append(data)

    def _event_headers(self):
        headers, cookies = {}, []
        for name, value in self.headers.items():
            lname = name.lower()
            if lname == "cookie":
                cookies.extend(c.strip() for c in value.split(";") if c.strip())
                continue
            headers[lname] = headers[lname] + "," + value if lname in headers else value
        client = self.client_address[0]
        forwarded = headers.get("x-forwarded-for")
        headers["x-forwarded-for"] = forwarded + ", " + client if forwarded else client
        headers["x-forwarded-port"] = str(self.server.gateway.port)
        headers["x-forwarded-proto"] = "http"
        headers.setdefault("x-amzn-trace-id", "Root=1-%08x-%s" % (int(time.time()), os.urandom(12).hex()))
        return headers, cookies

    def _request_context(self, route, raw_path, headers):
        now = datetime.datetime.now(datetime.timezone.utc)
        host = headers.get("host", "127.0.0.1:%d" % self.server.gateway.port)
        return {
            "accountId": ACCOUNT,
            "apiId": API_ID,
            "domainName": host,
            "domainPrefix": host.split(".")[0].split(":")[0],
            "http": {
                "method": self.command,
                "path": raw_path,
                "protocol": self.request_version,
                "sourceIp": self.client_address[0],
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": self._request_id,
            "routeKey": route.route_key,
            "stage": STAGE,
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        }

    def _gateway_error(self, status, message, close=False, drain=False):
        if close:
            self.close_connection = True
        self._send(status, [("Content-Type", "application/json")], json.dumps({"message": message}, separators=(",", ":")).encode())
        if drain:
            self._drain()
        self._access(status)

    def _send(self, status, headers, body):
        self.send_response_only(status)
        names = set()
        for name, value in headers:
            names.add(name.lower())
            self.send_header(name, value)
        if "date" not in names:
            self.send_header("Date", self.date_time_string())
        self.send_header("Content-Length", str(len(body)))
        self.send_header("apigw-requestid", self._request_id)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
        self.wfile.flush()

    def _drain(self):
        """After an early answer (413), read what the client still sends so it sees the answer, not a reset."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(2.0)
            deadline = time.monotonic() + 5.0
            while time.monotonic() < deadline and self.connection.recv(65536):
                pass
        except OSError:
            pass

    def _timed(self, function_id, invocation):
        """The function's own time (as Lambda's REPORT Duration: event handed over to answer received)."""
        duration = getattr(invocation, "duration", None)
        self._timings.append("%s %s" % (function_id, "%.1fms" % (duration * 1000) if duration is not None else "-"))

    def _access(self, status):
        start = getattr(self, "_start", None)
        took = " %.1fms" % ((time.monotonic() - start) * 1000) if start else ""
        timings = getattr(self, "_timings", None)
        extra = " (%s)" % ", ".join(timings) if timings else ""
        line = getattr(self, "requestline", "") or "-"
        if len(line) > 200:
            line = line[:200] + "..."
        self.server.gateway.log('%s "%s" %d%s%s %s' % (self.client_address[0], line, status, took, extra,
                                                         getattr(self, "_request_id", "-")))


def _token(name):
    return bool(name) and all(33 <= ord(c) < 127 and c not in '"(),/:;<=>?@[\\]{}' for c in name)


def _query_parameters(raw_query):
    params = {}
    for key, value in urllib.parse.parse_qsl(raw_query, keep_blank_values=True):
        params[key] = params[key] + "," + value if key in params else value
    return params


def _put_optional(event, cookies, query, path_params):
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if path_params:
        event["pathParameters"] = path_params


def _translate(raw):
    """(status, headers, body) from a payload 2.0 function response, or None when unusable."""
    try:
        answer = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(answer, dict) or "statusCode" not in answer:
        # payload 2.0 without a statusCode: the whole answer is a JSON body with status 200
        body = answer.encode() if isinstance(answer, str) else raw
        return 200, [("Content-Type", "application/json")], body
    try:
        status = int(answer["statusCode"])
    except (TypeError, ValueError):
        return None
    if not 100 <= status <= 599:
        return None
    headers = []
    seen = set()
    for name, value in (answer.get("headers") or {}).items():
        if name.lower() in HOP_BY_HOP or value is None:
            continue
        seen.add(name.lower())
        headers.append((name, _header_value(value)))
    for name, values in (answer.get("multiValueHeaders") or {}).items():
        if name.lower() in HOP_BY_HOP or name.lower() in seen or not isinstance(values, list):
            continue
        for value in values:
            headers.append((name, _header_value(value)))
    for cookie in answer.get("cookies") or []:
        headers.append(("Set-Cookie", str(cookie)))
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
    if not any(n.lower() == "content-type" for n, _ in headers) and data:
        headers.append(("Content-Type", "application/json"))
    return status, headers, data


def _header_value(value):
    text = value if isinstance(value, str) else json.dumps(value) if isinstance(value, (dict, list)) else str(value)
    return text.replace("\r", " ").replace("\n", " ")


def new_request_id():
    return base64.b64encode(os.urandom(10)).decode().rstrip("=")[:14] + "="

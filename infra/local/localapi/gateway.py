"""The local HTTP API: API Gateway's HTTP API (payload format 2.0) in front of local functions.

For every request: HTTP API limits (request line + header values 10240 bytes, body 10 MB), the
template's routes (404 {"message":"Not Found"} for any other) and their throttling (429
{"message":"Too Many Requests"}), the route's Lambda authorizer
(REQUEST, payload 2.0; a missing identity source is 401 {"message":"Unauthorized"} without a
call, a deny or an authorizer failure is 403 {"message":"Forbidden"}), then the route's
function with a payload 2.0 event whose requestContext.authorizer.lambda is the authorizer's
context, and its response translated back. A function that crashes, errs, times out or answers
something unusable gives 502 {"message":"Internal Server Error"} (its worker restarted when it
crashed or timed out); a function that takes no event for 30 s (busy, starting, hung) gives 503
{"message":"Service Unavailable"}, as HTTP API's 30 s integration timeout does; a body under
10 MB whose event is over Lambda's 6 MB invocation limit gives 413.
"""

import base64
import binascii
import datetime
import fnmatch
import http.server
import json
import os
import socket
import sys
import threading
import time
import traceback
import urllib.parse

MAX_BODY = 10 * 1024 * 1024  # HTTP API payload size quota
MAX_HEAD = 10240  # HTTP API: total combined size of request line and header values
AUTHORIZER_TIMEOUT = 10.0  # HTTP API: timeout for a Lambda authorizer response
ACCOUNT = "123456789012"
API_ID = "localapi"
STAGE = "$default"
DEBUG = os.environ.get("START_API_DEBUG") == "1"  # log authorizer events and answers
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "upgrade", "te", "trailer"}
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript",
              "application/x-www-form-urlencoded", "application/graphql", "application/yaml")


class GatewayServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # a client that hangs up (or resets) is not an error of this server
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class Gateway:
    def __init__(self, template, runtimes, functions, host, port, log):
        self.template = template
        self.runtimes = runtimes  # logical id -> FunctionRuntime
        self.functions = functions  # logical id -> template.Function
        self.routes = []
        self.log = log
        self.cache = {}
        self.buckets = {}
        self.cache_lock = threading.Lock()
        self.server = GatewayServer((host, port), GatewayHandler)
        self.server.gateway = self
        self.port = self.server.server_address[1]
        self.serving = False

    def serve(self):
        self.routes = [r for r in self.template.routes if r.function_id in self.runtimes]
        self.serving = True
        t = threading.Thread(target=self.server.serve_forever, name="gateway", daemon=True)
        t.start()
        return t

    def stop(self):
        if self.serving:
            self.server.shutdown()
        self.server.server_close()

    def match(self, method, raw_path):
        for route in self.routes:  # sorted most specific first
            params = route.match(method, raw_path)
            if params is not None:
                return route, params
        return None, None

    def admit(self, route):
        """The route's throttling (token bucket: steady rate, burst), as HTTP API applies it."""
        if route.throttle is None:
            return True
        rate, burst = route.throttle
        now = time.monotonic()
        with self.cache_lock:
            tokens, last = self.buckets.get(route.route_key, (float(burst), now))
            tokens = min(float(burst), tokens + (now - last) * rate)
            admitted = tokens >= 1.0
            self.buckets[route.route_key] = (tokens - 1.0 if admitted else tokens, now)
        return admitted

    # --- authorizer ------------------------------------------------------------------------
    def authorize(self, authorizer, identity, event):
        """("allow", context) | ("deny", None) | ("crash", detail)."""
        if authorizer.unsupported or authorizer.function_id not in self.runtimes:
            return "deny", authorizer.unsupported or "authorizer function not running"
        key = None
        if authorizer.cache_ttl > 0:
            key = (authorizer.api_id, authorizer.name, tuple(identity))
            with self.cache_lock:
                hit = self.cache.get(key)
                if hit and hit[0] > time.monotonic():
                    return hit[1], hit[2]
        fn = self.functions[authorizer.function_id]
        invocation = self.runtimes[authorizer.function_id].invoke(
            json.dumps(event).encode(), timeout=min(float(fn.timeout), AUTHORIZER_TIMEOUT))
        if DEBUG:
            self.log("authorizer event %s -> %s %r" % (json.dumps(_redacted(event)), invocation.outcome,
                                                       invocation.body[:2000]))
        if invocation.outcome == "crash":
            return "crash", invocation.detail
        if invocation.outcome != "response":
            return "deny", "authorizer %s: %s" % (invocation.outcome, invocation.detail or _error_message(invocation.body))
        try:
            answer = json.loads(invocation.body)
        except ValueError:
            return "deny", "authorizer answered no JSON"
        if not isinstance(answer, dict):
            return "deny", "authorizer answered no JSON object"
        context = answer.get("context")
        if context is not None and not isinstance(context, dict):
            return "deny", "authorizer context is not an object"
        if authorizer.simple_responses:
            allowed = answer.get("isAuthorized") is True
        else:
            allowed = _policy_allows(answer.get("policyDocument"), event["routeArn"])
            context = dict(context or {})
            if "principalId" in answer:
                context.setdefault("principalId", answer["principalId"])
        decision = ("allow", context or {}) if allowed else ("deny", None)
        if key is not None:
            with self.cache_lock:
                self.cache[key] = (time.monotonic() + authorizer.cache_ttl, decision[0], decision[1])
        return decision


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


def _policy_allows(policy, route_arn):
    """IAM-policy authorizer answer: an Allow for execute-api:Invoke on the route ARN and no Deny."""
    if not isinstance(policy, dict):
        return False
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return False
    allowed = False
    for st in statements:
        if not isinstance(st, dict):
            return False
        actions = st.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        resources = st.get("Resource", [])
        resources = [resources] if isinstance(resources, str) else resources
        if not any(isinstance(a, str) and fnmatch.fnmatchcase("execute-api:Invoke", a) for a in actions):
            continue
        if not any(isinstance(r, str) and fnmatch.fnmatchcase(route_arn, r) for r in resources):
            continue
        if st.get("Effect") == "Deny":
            return False
        if st.get("Effect") == "Allow":
            allowed = True
    return allowed


def _is_text(content_type):
    ct = (content_type or "").split(";")[0].strip().lower()
    return ct.startswith(TEXT_TYPES) or ct.endswith(("+json", "+xml"))


class _BodyError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class GatewayHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "local-http-api"
    sys_version = ""
    timeout = 60  # idle keep-alive connections

    def log_message(self, fmt, *args):
        pass

    def __getattr__(self, name):
        # every method goes through the routes (HTTP API has no 405/501: unknown is 404)
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    # --- errors before a request is parsed (bad request line, header lines too long, ...) -----
    def send_error(self, code, message=None, explain=None):
        messages = {400: "Bad Request", 414: "Request-URI Too Long", 431: "Request Header Fields Too Large",
                    505: "HTTP Version Not Supported"}
        if code == 414:
            code, text = 431, messages[431]
        else:
            text = messages.get(code, "Bad Request")
            if code not in messages:
                code = 400
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

    # --- the request ---------------------------------------------------------------------------
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
        if not gateway.admit(route):
            return self._gateway_error(429, "Too Many Requests")
        if route.payload_version != "2.0":
            gateway.log("%s: payload format %s is not supported locally" % (route.route_key, route.payload_version))
            return self._gateway_error(500, "Internal Server Error")

        headers, cookies = self._event_headers()
        query = _query_parameters(raw_query)
        path_params = {k: urllib.parse.unquote(v) for k, v in params.items()}
        context = self._request_context(route, raw_path, headers)
        authorizer_context = None
        if route.authorizer is not None:
            authorizer = route.authorizer
            identity = []
            for name in authorizer.identity_headers:
                value = headers.get(name.lower())
                if not value:
                    return self._gateway_error(401, "Unauthorized")
                identity.append(value)
            for name in authorizer.identity_query:
                value = query.get(name)
                if not value:
                    return self._gateway_error(401, "Unauthorized")
                identity.append(value)
            event = {
                "version": "2.0",
                "type": "REQUEST",
                "routeArn": "arn:aws:execute-api:%s:%s:%s/%s/%s/%s" % (
                    _region(), ACCOUNT, API_ID, STAGE, self.command, raw_path.lstrip("/")),
                "identitySource": identity,
                "routeKey": route.route_key,
                "rawPath": raw_path,
                "rawQueryString": raw_query,
                "headers": headers,
                "requestContext": context,
            }
            _put_optional(event, cookies, query, path_params)
            t0 = time.monotonic()
            verdict, detail = gateway.authorize(authorizer, identity, event)
            self._timings.append("authorizer %.0fms" % ((time.monotonic() - t0) * 1000))
            if verdict == "crash":
                gateway.log("authorizer %s crashed: %s" % (authorizer.function_id, detail))
                return self._gateway_error(502, "Internal Server Error")
            if verdict != "allow":
                if detail:
                    gateway.log("authorizer %s denied: %s" % (authorizer.function_id, detail))
                return self._gateway_error(403, "Forbidden")
            authorizer_context = detail

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
        fn = gateway.functions[route.function_id]
        timeout = min(float(fn.timeout), route.timeout_ms / 1000.0)
        t0 = time.monotonic()
        invocation = gateway.runtimes[route.function_id].invoke(json.dumps(event).encode(), timeout=timeout)
        self._timings.append("%s %.0fms" % (route.function_id, (time.monotonic() - t0) * 1000))
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

    # --- request parts ---------------------------------------------------------------------------
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

    # --- responses -------------------------------------------------------------------------------
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

    def _access(self, status):
        start = getattr(self, "_start", None)
        took = " %.0fms" % ((time.monotonic() - start) * 1000) if start else ""
        timings = getattr(self, "_timings", None)
        extra = " (%s)" % ", ".join(timings) if timings else ""
        line = getattr(self, "requestline", "") or "-"
        if len(line) > 200:
            line = line[:200] + "..."
        self.server.gateway.log('%s "%s" %d%s%s' % (self.client_address[0], line, status, took, extra))


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


def _region():
    return os.environ.get("AWS_REGION", "us-east-1")


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

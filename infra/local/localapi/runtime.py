"""A local Lambda Runtime API per function, and the worker process it drives.

Each function gets its own Runtime API server (127.0.0.1, a free port) and one worker process
that polls it: AWS's Java runtime interface client in JVM mode, the function's own `bootstrap` in
native mode. One worker means one invocation at a time; concurrent requests wait their turn
(Lambda would scale out).

Only the worker may use its Runtime API: a connection is served when its other end is a socket
open in the worker process (or a process it started), as Linux's /proc tells; any other local
process gets 403. This needs no secret in the worker's environment, so a native `bootstrap` that
knows nothing but AWS_LAMBDA_RUNTIME_API=host:port works as the JVM runtime does.

A worker that dies is restarted at once. An invocation in flight when it died fails with
"crash"; one that outlives the function's Timeout fails with "timeout" and its worker is killed
and restarted, as Lambda resets an execution environment after a timeout.
"""

import collections
import json
import os
import select
import signal
import socket
import struct
import subprocess
import threading
import time
import uuid

from localapi.server import Handler, Server

API = "/2018-06-01/runtime"
MAX_RESPONSE = 6 * 1024 * 1024  # Lambda's synchronous response payload limit
MAX_EVENT = 6 * 1024 * 1024
DISPATCH_WAIT = 30.0  # how long a request may wait for a busy or starting worker
BOUND = os.path.exists("/proc/net/tcp")  # Linux: a Runtime API can tell its worker from other processes


class Invocation:
    def __init__(self, payload, timeout):
        self.id, self.payload, self.timeout = str(uuid.uuid4()), payload, timeout
        self.deadline_ms = self.dispatched_at = None
        self.duration = None  # seconds from handing the event over to the answer (Lambda's Duration)
        self.dispatched, self.done = threading.Event(), threading.Event()
        self.outcome = None  # "response" | "error" | "crash" | "timeout" | "unavailable" | "init-error" | "too-large"
        self.body, self.detail = b"", ""

    def finish(self, outcome, body=b"", detail=""):
        if self.done.is_set():
            return False
        self.outcome, self.body, self.detail = outcome, body, detail
        self.done.set()
        return True


class _RuntimeApi(Handler):
    server_version = "local-lambda-runtime-api"

    def handle(self):
        """Serves the connection only when it comes from this function's worker (see the module doc)."""
        runtime = self.server.owner
        if runtime.owns(self.connection):
            return super().handle()
        runtime.log("refused a Runtime API connection from a process that is not this function's worker")
        for _ in range(100):  # read the request head, so the caller sees the answer rather than a reset
            if self.rfile.readline(65537) in (b"\r\n", b"\n", b""):
                break
        body = b'{"errorMessage":"this Runtime API serves its function\'s worker process only","errorType":"Forbidden"}'
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nConnection: close\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def _json(self, status, obj):
        self.answer(status, json.dumps(obj).encode(), [("Content-Type", "application/json")])

    def do_GET(self):
        runtime = self.server.owner
        if self.path != API + "/invocation/next":
            return self._json(404, {"errorMessage": "unknown path", "errorType": "NotFound"})
        invocation = runtime.next_invocation(self.connection)
        if invocation is None:
            self.close_connection = True
            return
        try:
            self.answer(200, invocation.payload, [
                ("Lambda-Runtime-Aws-Request-Id", invocation.id), ("Lambda-Runtime-Deadline-Ms", str(invocation.deadline_ms)),
                ("Lambda-Runtime-Invoked-Function-Arn", runtime.function_arn), ("Content-Type", "application/json"),
                # Lambda always sends one; runtimes hand it to the function as _X_AMZN_TRACE_ID (Tracing: Active)
                ("Lambda-Runtime-Trace-Id", "Root=1-%08x-%s;Sampled=0" % (int(time.time()), uuid.uuid4().hex[:24]))])
        except OSError:
            pass  # the worker went away; its supervisor fails the invocation

    def do_POST(self):
        runtime = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length <= MAX_RESPONSE else None
        if body is None:
            self.close_connection = True  # its body stays unread
        prefix = API + "/invocation/"
        if self.path == API + "/init/error":
            runtime.init_error(body or b"")
        elif self.path.startswith(prefix) and self.path.endswith(("/response", "/error")):
            request_id, kind = self.path[len(prefix):].rsplit("/", 1)
            if body is None:
                message = "Response payload size exceeded maximum allowed payload size (%d bytes)." % MAX_RESPONSE
                runtime.complete(request_id, "error", b"", message)
                return self._json(413, {"errorMessage": message, "errorType": "RequestEntityTooLarge"})
            if not runtime.complete(request_id, kind, body, self.headers.get("Lambda-Runtime-Function-Error-Type", "")):
                return self._json(400, {"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"})
        else:
            return self._json(404, {"errorMessage": "unknown path", "errorType": "NotFound"})
        self._json(202, {"status": "OK"})


def _connection_inode(sock):
    """The inode of the other end of a loopback TCP connection, from /proc/net/tcp (None if not found)."""
    def hex_address(address):
        return "%08X:%04X" % (struct.unpack("<I", socket.inet_aton(address[0]))[0], address[1])
    theirs, ours = hex_address(sock.getpeername()), hex_address(sock.getsockname())
    with open("/proc/net/tcp") as f:
        for line in f:
            fields = line.split()
            if fields[1] == theirs and fields[2] == ours:
                return fields[9]
    return None


def _holds_socket(pid, inode):
    """True when process pid, or one it started, has the socket with this inode open."""
    target, pending = "socket:[%s]" % inode, [pid]
    while pending:
        process = pending.pop()
        try:
            for fd in os.listdir("/proc/%d/fd" % process):
                try:
                    if os.readlink("/proc/%d/fd/%s" % (process, fd)) == target:
                        return True
                except OSError:
                    pass
            for task in os.listdir("/proc/%d/task" % process):
                with open("/proc/%d/task/%s/children" % (process, task)) as f:
                    pending.extend(int(child) for child in f.read().split())
        except OSError:
            pass
    return False


def _peer_closed(sock):
    """True when the other end of a connection has closed it (its process died)."""
    try:
        return bool(select.select([sock], [], [], 0)[0]) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class FunctionRuntime:
    """The Runtime API of one function and the supervisor of its worker process."""

    def __init__(self, name, command, env, cwd, log, on_change=None):
        self.name, self.command, self.env, self.cwd = name, command, env, cwd  # command: the worker's argv
        self.log = log  # callable(str) for one line
        self.on_change = on_change or (lambda: None)  # called when a worker starts (start-api rewrites processes.json)
        self.function_arn = "arn:aws:lambda:%s:123456789012:function:%s" % (env.get("AWS_REGION", "us-east-1"), name)
        self.lock = threading.Condition()
        self.queue, self.current, self.process, self.generation = collections.deque(), None, None, 0
        self.polling = threading.Event()  # set once a worker waits for work (init done)
        self.init_failure = None  # error body of the last init/error, until a worker polls
        self.stopping = False
        self.restarts = 0
        self.server = Server("127.0.0.1", 0, _RuntimeApi, self)
        self.port = self.server.port
        self.env["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:%d" % self.port

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self):
        self.server.start(self.name + "-runtime-api")
        threading.Thread(target=self._supervise, name=self.name + "-supervisor", daemon=True).start()

    def pid(self):
        p = self.process
        return p.pid if p is not None and p.poll() is None else None

    def _spawn(self):
        process = subprocess.Popen(self.command, env=self.env, cwd=self.cwd, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._pump, args=(process,), name=self.name + "-log", daemon=True).start()
        return process

    def _pump(self, process):
        for raw in iter(process.stdout.readline, b""):
            self.log(raw.decode("utf-8", "replace").rstrip("\n"))
        process.stdout.close()

    def _supervise(self):
        backoff = 0.0
        while True:
            with self.lock:
                if self.stopping:
                    return
                self.generation += 1
                self.polling.clear()
                try:
                    self.process = self._spawn()
                except OSError as e:
                    self.log("cannot start the worker: %s" % e)
                    self.process, self.init_failure = None, str(e).encode()
                    self._fail_queue("init-error", "cannot start the worker: %s" % e)
            self.on_change()
            started = time.monotonic()
            code = self.process.wait() if self.process is not None else None
            with self.lock:
                if self.stopping:
                    return
                if self.current is not None:
                    self.current.finish("crash", detail="worker exited with %s" % _describe(code))
                    self.current = None
                self.polling.clear()
                if self.init_failure is not None:
                    self._fail_queue("init-error", "the function failed to initialise")
                self.restarts += 1
                self.log("worker exited with %s; restarting" % _describe(code))
                backoff = 0.0 if time.monotonic() - started > 10 else min(5.0, backoff * 2 or 0.5)  # a crash loop slows down
                self.lock.wait_for(lambda: self.stopping, timeout=backoff)

    def stop(self, grace=5.0):
        with self.lock:
            self.stopping = True
            self._fail_queue("unavailable", "stopping")
            if self.current is not None:
                self.current.finish("unavailable", detail="stopping")
                self.current = None
            self.lock.notify_all()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self.server.stop()

    def owns(self, sock):
        """True when the other end of this connection is the worker process (or one it started)."""
        if not BOUND:
            return True
        with self.lock:  # a worker being started is known before it can connect
            process = self.process
        if process is None or process.poll() is not None:
            return False
        try:
            inode = _connection_inode(sock)
        except OSError:
            return False
        return inode is not None and _holds_socket(process.pid, inode)

    # --- invocations (gateway side) -----------------------------------------------------------
    def invoke(self, payload, timeout, dispatch_wait=DISPATCH_WAIT):
        """Runs one invocation; returns the finished Invocation."""
        invocation = Invocation(payload, timeout)
        if len(payload) > MAX_EVENT:
            invocation.finish("too-large", detail="event of %d bytes is over Lambda's %d-byte invocation payload limit"
                              % (len(payload), MAX_EVENT))
            return invocation
        with self.lock:
            if self.stopping:
                invocation.finish("unavailable", detail="stopping")
                return invocation
            if self.init_failure is not None and not self.polling.is_set() and self.pid() is None:
                invocation.finish("init-error", detail="the function failed to initialise")
                return invocation
            self.queue.append(invocation)
            self.lock.notify_all()
        if not invocation.dispatched.wait(dispatch_wait):
            with self.lock:
                if not invocation.dispatched.is_set():  # the worker skips it in the queue once it is finished
                    invocation.finish("unavailable", detail="no worker took the invocation within %.0f s" % dispatch_wait)
                    return invocation
        if not invocation.done.wait(timeout + 0.05):
            with self.lock:
                if invocation.finish("timeout", detail="Task timed out after %.2f seconds" % timeout):
                    if self.current is invocation:
                        self.current = None
                    self.log("invocation %s timed out after %s s; restarting the worker" % (invocation.id, timeout))
                    if self.process is not None:
                        self.process.kill()  # the supervisor starts a fresh one
        invocation.done.wait()
        return invocation

    # --- Runtime API side ----------------------------------------------------------------------
    def next_invocation(self, connection):
        with self.lock:
            generation = self.generation
            self.init_failure = None
            self.polling.set()
            while True:
                if generation != self.generation:  # when stopping, held until the worker is gone (unanswered, it logs errors)
                    return None
                if self.current is not None and self.current.done.is_set():
                    self.current = None
                if self.queue and self.current is None:
                    if _peer_closed(connection):
                        return None
                    invocation = self.queue.popleft()
                    if invocation.done.is_set():
                        continue
                    self.current = invocation
                    invocation.deadline_ms = int((time.time() + invocation.timeout) * 1000)
                    invocation.dispatched_at = time.monotonic()
                    invocation.dispatched.set()
                    return invocation
                self.lock.wait(1.0)
                if _peer_closed(connection):
                    return None

    def complete(self, request_id, outcome, body, detail):
        with self.lock:
            invocation = self.current
            if invocation is None or invocation.id != request_id:
                return False
            self.current = None
            invocation.duration = time.monotonic() - invocation.dispatched_at
            invocation.finish(outcome, body, detail)
            self.lock.notify_all()
            return True

    def init_error(self, body):
        with self.lock:
            self.init_failure = body
            try:
                message = json.loads(body).get("errorMessage", "")
            except (ValueError, AttributeError):
                message = body[:500].decode("utf-8", "replace")
            self.log("init error: %s" % message)

    def _fail_queue(self, outcome, detail):
        while self.queue:
            self.queue.popleft().finish(outcome, detail=detail)


def _describe(code):
    if code is None:
        return "no process"
    if code < 0:
        try:
            return "signal %s" % signal.Signals(-code).name
        except ValueError:
            return "signal %d" % -code
    return "exit code %d" % code


def log_to(stream, prefix):
    lock = threading.Lock()

    def write(line):
        with lock:
            try:
                stream.write("%s %s\n" % (prefix, line))
                stream.flush()
            except (OSError, ValueError):
                pass
    return write


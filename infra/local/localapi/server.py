"""What the local API's three HTTP servers (the gateway, each Runtime API, the control endpoint) share."""

import http.server
import socket
import sys
import threading


class Server(http.server.ThreadingHTTPServer):
    """A server on its own daemon thread; its handlers reach what they serve as `self.server.owner`."""
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, host, port, handler, owner):
        super().__init__((host, port), handler)
        self.owner, self.port, self.thread = owner, self.server_address[1], None

    def start(self, name):
        self.thread = threading.Thread(target=self.serve_forever, name=name, daemon=True)
        self.thread.start()

    def stop(self):
        if self.thread is not None:
            self.shutdown()
        self.server_close()

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # a client hanging up is no error here
            super().handle_error(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):  # the Server header: no Python version
        return self.server_version

    def log_message(self, fmt, *args):  # each owner logs what matters to it
        pass

    def setup(self):
        super().setup()
        # headers and body are separate writes: with Nagle on, the body waits for the peer's delayed ACK (40 ms)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def answer(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

"""A subscriber's webhook endpoint for the tests: checks each delivery's Standard Webhooks
signature (written here from the specification, independently of the service's signer), keeps
what arrived, and can fail or hold requests on demand."""
import base64
import contextlib
import hashlib
import hmac
import http.server
import json
import os
import threading
import time


def new_secret():
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


def verify(secret, headers, body, tolerance=300):
    """True when the headers sign the body as Standard Webhooks says: v1 = base64 HMAC-SHA256 of
    `id.timestamp.body` with the secret's base64-decoded bytes, timestamp within `tolerance` s."""
    key = base64.b64decode(secret[len("whsec_"):])
    msg_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
    offered = [s.split(",", 1)[1] for s in headers.get("webhook-signature", "").split() if s.startswith("v1,")]
    return any(hmac.compare_digest(expected.decode(), s) for s in offered)


class Receiver:
    def __init__(self, secret, fail_first=0):
        self.secret = secret
        self.fail_first = fail_first
        self.failing = False
        self.hold_seconds = 0.0
        self.requests = []  # every request: (webhook-id, verified, status answered)
        self.events = {}  # acknowledged events by id, in order of first acknowledgement
        self.lock = threading.Lock()

    def handler(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                verified = verify(receiver.secret, headers, body)
                with receiver.lock:
                    failing = receiver.failing or len(receiver.requests) < receiver.fail_first
                    hold = receiver.hold_seconds
                status = 500 if failing or not verified else 204
                with receiver.lock:
                    receiver.requests.append((headers.get("webhook-id"), verified, status))
                if hold:
                    time.sleep(hold)
                if status == 204:
                    with receiver.lock:
                        receiver.events.setdefault(headers["webhook-id"], json.loads(body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler

    @contextlib.contextmanager
    def running(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/kyc"
        try:
            yield self
        finally:
            server.shutdown()

    def wait_for(self, count, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.events) >= count:
                    return list(self.events.values())
            time.sleep(0.05)
        raise AssertionError(f"{len(self.events)} of {count} events arrived: {list(self.events.values())}")

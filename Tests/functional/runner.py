"""The local runner (`kyc-local serve`) as the contract and security suites use it."""
import contextlib
import json
import os
import pathlib
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import BIN, MODELS, ROOT, SUITE_LIMITS, aws_environment

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
from ports import free_port  # noqa: E402

SECRET = "suite-secret-0123456789-abcdefghijklmnop"


class LocalAPI:
    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        self.store = self.directory / "kyc.sqlite"
        self.log = self.directory / "runner.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.env = {**os.environ, **aws_environment(), **SUITE_LIMITS, "KYC_STORE": f"sqlite:{self.store}",
                    "KYC_MODELS_DIR": str(MODELS), "KYC_PORT": str(self.port), "KYC_BIN_DIR": str(BIN),
                    "KYC_JWT_SECRET": SECRET, "OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1",
                    "KYC_CONSOLE_DIR": str(ROOT / "console")}
        # The functions reach S3 through the front that checks presigned requests, as
        # scripts/local-api sets it up: upload slots and admins' links then work end to end.
        if "KYC_TEST_S3_GATE_ENDPOINT" in os.environ:
            self.env["AWS_ENDPOINT_URL_S3"] = os.environ["KYC_TEST_S3_GATE_ENDPOINT"]

    @contextlib.contextmanager
    def running(self):
        with open(self.log, "wb") as log:
            process = subprocess.Popen([str(BIN / "kyc-local"), "serve"], env=self.env, stderr=log,
                                       stdout=subprocess.DEVNULL, cwd=self.directory)
            self.pid = process.pid
            try:
                deadline = time.monotonic() + 30
                while b"serving" not in self.log.read_bytes():
                    assert process.poll() is None and time.monotonic() < deadline, self.log.read_text()
                    time.sleep(0.05)
                yield self
            finally:
                process.terminate()
                assert process.wait(timeout=30) == 0  # graceful stop
        assert "stopped" in self.log.read_text()

    def token(self, sub, admin=False, expires_in=3600, secret=SECRET):
        args = [str(BIN / "kyc-local"), "token", "--sub", sub, "--expires-in", str(expires_in)]
        if admin:
            args.append("--admin")
        return subprocess.run(args, env={**self.env, "KYC_JWT_SECRET": secret}, capture_output=True, check=True,
                              text=True, cwd=self.directory).stdout.strip()

    def request(self, method, path, token=None, user=None, body=None, raw=None, headers=None):
        all_headers = {"content-type": "application/json", **(headers or {})}
        if method == "PUT" and path.endswith("/admin") and "if-match" not in all_headers:
            # A decision as the console sends it: If-Match names the record as read now.
            status, _, record = self.request("GET", path[: -len("/admin")], token, user)
            if status == 200:
                all_headers["if-match"] = record["etag"]
        if token:
            all_headers["authorization"] = f"Bearer {token}"
        if user:
            all_headers["x-current-user-id"] = user
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read()
                return response.status, dict(response.headers), json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            return error.code, dict(error.headers), json.loads(text) if text else None

    def slot(self, vid, token, user, purpose):
        """An upload slot of verification `vid`: (status, slot or errors)."""
        status, _, body = self.request("POST", f"/verifications/{vid}/uploads", token, user, {"purpose": purpose})
        return status, body

    @staticmethod
    def post_form(slot, data, fields=None, content_type="image/jpeg"):
        """The browser-style multipart POST a slot describes: (status, response text)."""
        import requests

        form = list((fields if fields is not None else slot["fields"]).items())
        response = requests.post(slot["url"], data=form, files={"file": ("image.jpg", data, content_type)}, timeout=30)
        return response.status_code, response.text

    def upload(self, vid, token, user, purpose, path):
        """An image put into verification `vid` through an upload slot, as a coach's app does."""
        status, slot = self.slot(vid, token, user, purpose)
        assert status == 201, slot
        status, text = self.post_form(slot, pathlib.Path(path).read_bytes())
        assert status == 204, text
        return slot["fileKey"]

    def seed(self, coach, state, vid=None):
        args = [str(BIN / "kyc-seed"), "--coach", coach, "--state", state] + (["--id", vid] if vid else [])
        return json.loads(subprocess.run(args, env=self.env, capture_output=True, check=True).stdout)

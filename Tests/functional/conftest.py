import copy
import json
import os
import pathlib
import subprocess
import uuid

import sys

import pytest

from openapi_contract import Contract

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Tests/support's modules (the test data makers, read_judge, …) import by name in every test file.
sys.path.insert(0, str(ROOT / "Tests" / "support"))
BIN = pathlib.Path(os.environ.get("KYC_BIN_DIR", ROOT / ".build" / "debug"))
EVENTS = ROOT / "events"
TESTDATA = pathlib.Path(os.environ.get("KYC_TESTDATA", ROOT / ".build-testdata"))
# Shared by every test: the first image function to run saves the fast-loading detector here.
MODELS = pathlib.Path(os.environ.get("KYC_MODELS_DIR", ROOT / ".kyc" / "models"))

COACH = "6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f70"
OTHER = "0b7e3c52-1f4a-4d8e-b6c9-7a2d1e0f3b41"
ADMIN = "a1d3e5f7-2b4c-4d6e-8f01-23456789abcd"
VID = "5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6"


def image_key(vid, suffix=".jpg"):
    """A new object key under verification `vid`'s prefix: the only keys the upload functions take."""
    return f"verifications/{vid}/test/{uuid.uuid4()}{suffix}"


# The suites open many verifications for one coach; the quota has tests of its own.
SUITE_LIMITS = {"KYC_MAX_VERIFICATIONS_PER_DAY": "1000"}


def aws_environment():
    """What a function's environment holds in Lambda, pointed at the local peers (when running)."""
    if "KYC_TEST_S3_ENDPOINT" not in os.environ:
        return {}
    return {
        # Through the front that checks presigned requests (and lists by prefix) as S3 does.
        "AWS_ENDPOINT_URL_S3": os.environ.get("KYC_TEST_S3_GATE_ENDPOINT", os.environ["KYC_TEST_S3_ENDPOINT"]),
        "AWS_ENDPOINT_URL_DYNAMODB": os.environ["KYC_TEST_S3_ENDPOINT"],
        "AWS_REGION": os.environ["KYC_TEST_REGION"],
        "AWS_ACCESS_KEY_ID": os.environ["KYC_TEST_ACCESS_KEY_ID"],
        "AWS_SECRET_ACCESS_KEY": os.environ["KYC_TEST_SECRET_ACCESS_KEY"],
        "KYC_BUCKET": os.environ["KYC_TEST_BUCKET"],
        # As the template gives it from Secrets Manager: the cloud store refuses the development key.
        "KYC_SIGNAL_KEY": "kyc-test-signal-key-" + "0123456789abcdef" * 2,
    }


@pytest.fixture(scope="session")
def s3():
    """A boto3 client on the local S3, as the uploading app would use it."""
    if "KYC_TEST_S3_ENDPOINT" not in os.environ:
        pytest.fail("the local AWS peers are not running: use scripts/test")
    import boto3

    env = aws_environment()
    return boto3.client("s3", endpoint_url=os.environ["KYC_TEST_S3_ENDPOINT"], region_name=env["AWS_REGION"],
                        aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])


@pytest.fixture(scope="session")
def contract():
    return Contract(ROOT / "openapi.yaml")


def load_event(name):
    return json.loads((EVENTS / f"{name}.json").read_text())


def as_user(event, user):
    """The event as `user` sends it: their header and their token's subject."""
    event["headers"]["x-current-user-id"] = user
    event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = user
    return event


class MeasuredPopen(subprocess.Popen):
    """A Popen that reaps its child with wait4, keeping the child's peak resident size."""

    peak_rss_mb = None

    def _try_wait(self, wait_flags):
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid == self.pid:
            self.peak_rss_mb = usage.ru_maxrss / 1024
        return pid, status


class Functions:
    """Runs the real function executables with events on stdin, against one SQLite file."""

    def __init__(self, tmp_path, contract):
        self.store = tmp_path / "kyc.sqlite"
        self.contract = contract
        MODELS.mkdir(parents=True, exist_ok=True)
        # As template.yaml sets them for the image functions: one OpenMP and BLAS thread.
        self.env = {**os.environ, "KYC_STORE": f"sqlite:{self.store}", "KYC_MODELS_DIR": str(MODELS),
                    "OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1", **aws_environment(), **SUITE_LIMITS}
        self.stderr = []
        # A date (YYYY-MM-DD) to run the binaries on, under Debian's faketime; None: the real clock.
        self.clock = None

    def command(self, *args):
        """The command line of a binary, under the faked clock when one is set."""
        if self.clock is None:
            return [*args]
        return ["faketime", "-f", f"@{self.clock} 12:00:00", *args]

    def invoke(self, operation_id, event, raw=None, check=True):
        if raw is None and operation_id == "adminManageVerification":
            event = self.with_etag(event)
        stdin = raw if raw is not None else json.dumps(event).encode()
        process = MeasuredPopen(self.command(str(BIN / operation_id)), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.env)
        stdout, stderr = process.communicate(stdin, timeout=60)
        self.last_peak_rss_mb = process.peak_rss_mb
        self.stderr.append(stderr.decode())
        assert process.returncode == 0, stderr.decode()
        doc = json.loads(stdout)
        self.last_response = doc
        if check:
            return doc["statusCode"], self.contract.check(operation_id, doc)
        try:
            return doc["statusCode"], json.loads(doc.get("body") or "null")
        except ValueError:
            return doc["statusCode"], doc.get("body")

    def with_etag(self, event):
        """A decision as the console sends it: with `If-Match` naming the record as an admin reads
        it now, unless the event names one itself (the tests of If-Match do)."""
        vid = (event.get("pathParameters") or {}).get("verificationId")
        if not vid or not isinstance(event.get("headers"), dict) or "if-match" in event["headers"]:
            return event
        read = copy.deepcopy(load_event("getVerification.admin"))
        read["pathParameters"]["verificationId"] = vid
        status, record = self.invoke("getVerification", read, check=False)
        if status != 200:
            return event
        return {**event, "headers": {**event["headers"], "if-match": record["etag"]}}

    def upload(self, s3, path, key=None, vid=VID):
        """Puts a local image into the bucket under verification `vid`'s prefix, as an
        integrator's backend would, and returns its key."""
        key = key or image_key(vid, pathlib.Path(path).suffix)
        s3.put_object(Bucket=os.environ["KYC_TEST_BUCKET"], Key=key, Body=pathlib.Path(path).read_bytes())
        return key

    def read_document(self, s3, page, clock, back=None):
        """A new verification with a verified avatar, then `page` through uploadPassport, all on
        `clock` (real documents have expired: the binaries run under faketime). `back`: a card's
        other side, sent as `backFileKey`."""
        self.clock = clock
        self.seed(state="pending", vid=VID)
        avatar = copy.deepcopy(load_event("uploadAvatar"))
        avatar["body"] = json.dumps({"fileKey": self.upload(s3, TESTDATA / "faces" / "obama.jpg")})
        status, body = self.invoke("uploadAvatar", avatar)
        assert status == 200 and body["status"] == "avatar_verified"
        event = copy.deepcopy(load_event("uploadPassport"))
        keys = {"fileKey": self.upload(s3, page)}
        if back:
            keys["backFileKey"] = self.upload(s3, back)
        event["body"] = json.dumps(keys)
        return self.invoke("uploadPassport", event)

    def seed(self, coach=COACH, state="admin_review_required", vid=None, score=None):
        args = self.command(str(BIN / "kyc-seed"), "--coach", coach, "--state", state)
        if vid:
            args += ["--id", vid]
        if score is not None:
            args += ["--match-score", str(score)]
        out = subprocess.run(args, capture_output=True, env=self.env, check=True, timeout=60)
        return json.loads(out.stdout)


@pytest.fixture
def functions(tmp_path, contract):
    return Functions(tmp_path, contract)

"""Local AWS peers for the tests, all on 127.0.0.1.

- moto's server mode (S3, DynamoDB, IAM, STS) with request signature checking switched on: an
  IAM user and access key are created, a role is assumed for temporary credentials, then
  `POST /moto-api/reset-auth 0` makes moto check every request's signature and IAM policy.
  DynamoDB's requests are taken one at a time (`moto_server.py`): moto's rollback of a failed
  transaction is not isolated from others, DynamoDB's is.
- A fault-injecting S3 stand-in for what moto cannot do: answer 5xx (or 503 SlowDown) a set
  number of times before serving the object. Keys `fail-N/...` and `slowdown-N/...` fail N
  times; `always-500/...` always fails; `missing-...` answers 404 NoSuchKey; `GET /_hits/<path>`
  tells how often a path was requested.
- A front for moto's S3 that checks presigned links (`presigned_gate.py`), which moto cannot:
  `KYC_TEST_S3_GATE_ENDPOINT`, for the admin console's images.

Usage: python local_aws.py ENV_FILE
Writes `export NAME=value` lines to ENV_FILE once everything is ready, then serves until
SIGTERM or SIGINT, and stops moto on the way out.
"""
import http.server
import json
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import boto3

from ports import free_port
from presigned_gate import PresignedGate


BUCKET = "kyc-uploads"
REGION = "us-east-1"


def wait_until_up(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def start_moto():
    port = free_port()
    log = open(os.environ.get("KYC_MOTO_LOG", os.devnull), "ab")
    process = subprocess.Popen(
        [sys.executable, str(pathlib.Path(__file__).with_name("moto_server.py")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=log, start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    wait_until_up(endpoint + "/moto-api/")
    return process, endpoint


def provision(endpoint):
    """Users, keys and the bucket, created while moto still accepts anything; then auth on."""
    anyone = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="bootstrap",
                  aws_secret_access_key="bootstrap")
    iam = boto3.client("iam", **anyone)
    allow_all = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*", "dynamodb:*"], "Resource": "*"}]})
    iam.create_user(UserName="kyc-function")
    iam.put_user_policy(UserName="kyc-function", PolicyName="kyc", PolicyDocument=allow_all)
    key = iam.create_access_key(UserName="kyc-function")["AccessKey"]
    # Creates users after auth is on: the least-privilege test gives each function its own.
    iam.create_user(UserName="kyc-iam-admin")
    iam.put_user_policy(UserName="kyc-iam-admin", PolicyName="iam", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}))
    iam_admin = iam.create_access_key(UserName="kyc-iam-admin")["AccessKey"]
    iam.create_user(UserName="kyc-nobody")
    nobody = iam.create_access_key(UserName="kyc-nobody")["AccessKey"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
    iam.create_role(RoleName="kyc-function-role", AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName="kyc-function-role", PolicyName="kyc", PolicyDocument=allow_all)
    temporary = boto3.client("sts", **anyone).assume_role(
        RoleArn="arn:aws:iam::123456789012:role/kyc-function-role", RoleSessionName="kyc-tests")["Credentials"]
    s3 = boto3.client("s3", **anyone)
    s3.create_bucket(Bucket=BUCKET)
    # As template.yaml deploys it: versioned, so an analysed image cannot be overwritten.
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    for object_key, size in TEST_OBJECTS.items():
        s3.put_object(Bucket=BUCKET, Key=object_key, Body=pattern(size))
    request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0",
                                     headers={"Content-Type": "text/plain"}, method="POST")
    urllib.request.urlopen(request, timeout=5).read()
    return {
        "KYC_TEST_S3_ENDPOINT": endpoint,
        "KYC_TEST_BUCKET": BUCKET,
        "KYC_TEST_REGION": REGION,
        "KYC_TEST_ACCESS_KEY_ID": key["AccessKeyId"],
        "KYC_TEST_SECRET_ACCESS_KEY": key["SecretAccessKey"],
        "KYC_TEST_IAM_ACCESS_KEY_ID": iam_admin["AccessKeyId"],
        "KYC_TEST_IAM_SECRET_ACCESS_KEY": iam_admin["SecretAccessKey"],
        "KYC_TEST_DENIED_ACCESS_KEY_ID": nobody["AccessKeyId"],
        "KYC_TEST_DENIED_SECRET_ACCESS_KEY": nobody["SecretAccessKey"],
        "KYC_TEST_TEMP_ACCESS_KEY_ID": temporary["AccessKeyId"],
        "KYC_TEST_TEMP_SECRET_ACCESS_KEY": temporary["SecretAccessKey"],
        "KYC_TEST_TEMP_SESSION_TOKEN": temporary["SessionToken"],
    }


def pattern(size):
    """Test objects whose bytes the Swift tests can recompute: byte i is (i * 131 + i // 512) % 256."""
    return bytes((i * 131 + i // 512) % 256 for i in range(size))


TEST_OBJECTS = {
    "tests/pattern-100k.bin": 100_000,
    "tests/pattern-1m.bin": 1_048_576,
    "tests/with space/a~b_1.bin": 1_000,
}


def object_bytes(path):
    """The flaky server's object for a path: deterministic, 4 KiB."""
    seed = path.encode()
    return (seed * (4096 // len(seed) + 1))[:4096]


class FlakyS3(http.server.BaseHTTPRequestHandler):
    hits = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if self.path.startswith("/_hits/"):
            count = self.hits.get(self.path[len("/_hits"):], 0)
            return self.reply(200, str(count).encode(), "text/plain")
        with self.lock:
            count = self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if "authorization" not in {k.lower() for k in self.headers}:
            return self.reply(403, b"<Error><Code>AccessDenied</Code><Message>unsigned</Message></Error>")
        key = self.path.split("/", 2)[2] if self.path.count("/") >= 2 else ""
        kind, _, rest = key.partition("-")
        if kind == "always" and rest.startswith("500/"):
            return self.reply(500, b"<Error><Code>InternalError</Code><Message>boom</Message></Error>")
        times = rest.split("/", 1)[0]
        if kind == "missing":
            return self.reply(404, b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>")
        if kind in ("fail", "slowdown") and times.isdigit() and count <= int(times):
            if kind == "slowdown":
                return self.reply(503, b"<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>")
            return self.reply(500, b"<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>")
        self.reply(200, object_bytes(self.path), "application/octet-stream")

    def reply(self, status, body, content_type="application/xml"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def main():
    env_file = pathlib.Path(sys.argv[1])
    moto, endpoint = start_moto()
    flaky = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), FlakyS3)
    threading.Thread(target=flaky.serve_forever, daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        env = provision(endpoint)
        env["KYC_TEST_FLAKY_ENDPOINT"] = f"http://127.0.0.1:{flaky.server_address[1]}"
        env["KYC_TEST_CLOSED_ENDPOINT"] = f"http://127.0.0.1:{free_port()}"
        gate_handler = type("Gate", (PresignedGate,), {
            "upstream": endpoint.split("://", 1)[1], "region": REGION,
            "keys": {env["KYC_TEST_ACCESS_KEY_ID"]: (env["KYC_TEST_SECRET_ACCESS_KEY"], None),
                     env["KYC_TEST_TEMP_ACCESS_KEY_ID"]: (env["KYC_TEST_TEMP_SECRET_ACCESS_KEY"],
                                                          env["KYC_TEST_TEMP_SESSION_TOKEN"])}})
        gate = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), gate_handler)
        threading.Thread(target=gate.serve_forever, daemon=True).start()
        env["KYC_TEST_S3_GATE_ENDPOINT"] = f"http://127.0.0.1:{gate.server_address[1]}"
        tmp = env_file.with_suffix(".tmp")
        tmp.write_text("".join(f"export {k}='{v}'\n" for k, v in env.items()))
        tmp.rename(env_file)
        while not stop.wait(0.5):
            if moto.poll() is not None:
                raise RuntimeError("moto exited")
    finally:
        flaky.shutdown()
        os.killpg(moto.pid, signal.SIGTERM)
        moto.wait(timeout=10)


if __name__ == "__main__":
    main()

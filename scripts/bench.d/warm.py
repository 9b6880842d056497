"""Warm invocations under AWS's Runtime Interface Emulator beside cold stdin invocations (a new
process each), for createVerification and uploadAvatar, release builds.

Usage: warm.py <release-bin-dir> <testdata-dir> <models-dir>
"""
import copy
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import boto3

ROOT = pathlib.Path(__file__).resolve().parents[2]
bin_dir, data, models = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
rie = data / "rie" / "aws-lambda-rie"
subprocess.run([sys.executable, ROOT / "Tests" / "support" / "rie.py", rie], check=True)
env = {**os.environ, "KYC_MODELS_DIR": models, "OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1",
       "AWS_ENDPOINT_URL_S3": os.environ["KYC_TEST_S3_ENDPOINT"], "AWS_REGION": os.environ["KYC_TEST_REGION"],
       "AWS_ACCESS_KEY_ID": os.environ["KYC_TEST_ACCESS_KEY_ID"],
       "AWS_SECRET_ACCESS_KEY": os.environ["KYC_TEST_SECRET_ACCESS_KEY"], "KYC_BUCKET": os.environ["KYC_TEST_BUCKET"]}
s3 = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL_S3"], region_name=env["AWS_REGION"],
                  aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
SELFIE = (data / "variants" / "selfie-1600x1200.jpg").read_bytes()


def as_user(name, user, vid=None, body=None):
    e = copy.deepcopy(json.loads((ROOT / "events" / f"{name}.json").read_text()))
    e["headers"]["x-current-user-id"] = user
    e["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = user
    if vid:
        e["pathParameters"]["verificationId"] = vid
    if body:
        e["body"] = json.dumps(body)
    return e


def events(operation, run_env, count):
    out = []
    for _ in range(count):
        user = str(uuid.uuid4())
        if operation == "createVerification":
            out.append(as_user("createVerification", user))
        else:
            seeded = json.loads(subprocess.run([bin_dir / "kyc-seed", "--coach", user, "--state", "pending"],
                                               env=run_env, capture_output=True, check=True).stdout)
            key = f"verifications/{seeded['id']}/bench/selfie.jpg"  # the upload functions take no other key
            s3.put_object(Bucket=env["KYC_BUCKET"], Key=key, Body=SELFIE)
            out.append(as_user("uploadAvatar", user, seeded["id"], {"fileKey": key}))
    return out


def cold(operation, run_env, payloads):
    samples = []
    for event in payloads:
        start = time.perf_counter()
        subprocess.run([bin_dir / operation], input=json.dumps(event).encode(), env=run_env, capture_output=True,
                       check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def warm(operation, run_env, payloads):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([rie, "--runtime-interface-emulator-address", f"127.0.0.1:{port}", bin_dir / operation],
                               env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations"
    samples = []
    try:
        for index, event in enumerate(payloads):
            request = urllib.request.Request(url, data=json.dumps(event).encode(), method="POST")
            for _ in range(100):
                try:
                    start = time.perf_counter()
                    urllib.request.urlopen(request, timeout=60).read()
                    break
                except OSError:
                    time.sleep(0.05)
            if index > 0:  # the first call starts the process and loads the engines
                samples.append((time.perf_counter() - start) * 1000)
    finally:
        process.terminate()
        process.wait()
    return statistics.median(samples)


print(f"{'invocation':24} {'cold stdin ms':>14} {'warm (RIE) ms':>14}")
for operation in ["createVerification", "uploadAvatar"]:
    with tempfile.TemporaryDirectory() as tmp:
        run_env = {**env, "KYC_STORE": f"sqlite:{tmp}/kyc.sqlite"}
        cold_ms = cold(operation, run_env, events(operation, run_env, 15))
        warm_ms = warm(operation, run_env, events(operation, run_env, 16))
    print(f"{operation:24} {cold_ms:14.1f} {warm_ms:14.1f}")

"""SigV4 signing cost and a 1 MB S3 GET: this project's Swift code beside botocore/boto3 on the
same machine and the same local S3 (moto). Run by scripts/bench with the local AWS peers up.

Usage: s3.py <release-bin-dir>
"""
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

import boto3
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

bin_dir = sys.argv[1]
bucket, key = os.environ["KYC_TEST_BUCKET"], "tests/pattern-1m.bin"
env = {
    **os.environ,
    "AWS_ENDPOINT_URL_S3": os.environ["KYC_TEST_S3_ENDPOINT"],
    "AWS_ACCESS_KEY_ID": os.environ["KYC_TEST_ACCESS_KEY_ID"],
    "AWS_SECRET_ACCESS_KEY": os.environ["KYC_TEST_SECRET_ACCESS_KEY"],
    "AWS_REGION": os.environ["KYC_TEST_REGION"],
}


def swift(*args):
    return json.loads(subprocess.run([f"{bin_dir}/kyc-bench", *args], env=env, capture_output=True, check=True).stdout)


def botocore_sign_micros(count=5000):
    auth = botocore.auth.S3SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "s3", "us-east-1")
    botocore.auth.get_current_datetime = lambda: datetime.datetime(2026, 11, 27)
    start = time.perf_counter()
    for _ in range(count):
        request = AWSRequest(method="GET", url="https://s3.us-east-1.amazonaws.com/kyc-uploads/uploads/selfie%201.jpg")
        auth.add_auth(request)
    return (time.perf_counter() - start) * 1e6 / count


def boto3_get_ms(count=20):
    client = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL_S3"], region_name=env["AWS_REGION"],
                          aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        client.get_object(Bucket=bucket, Key=key)["Body"].read()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


sign = swift("sign", "20000")["microsPerRequest"]
base_sign = botocore_sign_micros()
get = swift("s3-get", "20", bucket, key)
base_get = boto3_get_ms()
print(f"{'':40} {'this project':>14} {'botocore/boto3':>15}")
print(f"{'SigV4 sign one S3 GET (µs)':40} {sign:14.1f} {base_sign:15.1f}")
print(f"{'GET 1 MiB from local S3, median (ms)':40} {get['medianMs']:14.2f} {base_get:15.2f}")

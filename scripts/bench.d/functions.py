"""Times whole function invocations (a new process each, as in stdin mode) beside the floor.

Usage: functions.py <release-bin-dir> <floor-binary> [runs]
"""
import copy
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]
bin_dir, floor = pathlib.Path(sys.argv[1]), sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 60


def event(name):
    return json.loads((ROOT / "events" / f"{name}.json").read_text())


def as_user(e, user):
    e = copy.deepcopy(e)
    e["headers"]["x-current-user-id"] = user
    e["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = user
    return e


def time_invocations(command, payloads, env):
    samples = []
    for payload in payloads:
        start = time.perf_counter()
        result = subprocess.run(command, input=payload, capture_output=True, env=env)
        samples.append((time.perf_counter() - start) * 1000)
        assert result.returncode == 0, result.stderr
    return statistics.median(samples)


with tempfile.TemporaryDirectory() as tmp:
    env = {**os.environ, "KYC_STORE": f"sqlite:{tmp}/kyc.sqlite"}
    seeded = subprocess.run(
        [bin_dir / "kyc-seed", "--coach", "6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f70", "--id",
         "5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6", "--state", "pending"],
        env=env, capture_output=True, check=True)
    creates = [json.dumps(as_user(event("createVerification"), str(uuid.uuid4()))).encode() for _ in range(runs)]
    gets = [json.dumps(event("getVerification")).encode()] * runs
    # Warm the page cache so the first sample is not an outlier.
    time_invocations([floor], gets[:3], env)
    rows = [
        ("floor (parse event only)", time_invocations([floor], gets, env)),
        ("createVerification", time_invocations([bin_dir / "createVerification"], creates, env)),
        ("getVerification", time_invocations([bin_dir / "getVerification"], gets, env)),
    ]
    base = rows[0][1]
    print(f"{'invocation (new process, stdin mode)':40} {'median ms':>10} {'x floor':>8}")
    for name, ms in rows:
        print(f"{name:40} {ms:10.2f} {ms / base:8.2f}")
    size = {p: os.path.getsize(bin_dir / p) for p in ["createVerification", "getVerification"]}
    print(f"binary size: createVerification {size['createVerification'] / 1e6:.1f} MB, floor {os.path.getsize(floor) / 1e6:.1f} MB")

"""The Runtime API loop, proven under AWS's own Runtime Interface Emulator (no Docker)."""
import contextlib
import copy
import json
import os
import subprocess
import time
import urllib.request

import pytest

from conftest import BIN, TESTDATA, VID, as_user, load_event
from runner import free_port

RIE = TESTDATA / "rie" / "aws-lambda-rie"


@contextlib.contextmanager
def emulated(functions, operation_id, log_path, **env):
    port = free_port()
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [str(RIE), "--runtime-interface-emulator-address", f"127.0.0.1:{port}", str(BIN / operation_id)],
        env={**functions.env, **env}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations"

    def invoke(event):
        request = urllib.request.Request(url, data=json.dumps(event).encode(), method="POST")
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, json.loads(response.read())
            except urllib.error.HTTPError as error:
                return error.code, json.loads(error.read())
            except (ConnectionError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    try:
        yield invoke
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_responses_equal_the_stdin_mode(functions, tmp_path):
    assert RIE.exists(), "scripts/test extracts the emulator"
    functions.seed(state="admin_review_required", vid=VID)
    cases = {
        "getVerification": ["getVerification", "getVerification.wrong-coach", "getVerification.bad-uuid"],
        "listVerifications": ["listVerifications", "listVerifications.bad-limit"],
        "getVerificationStatus": ["getVerificationStatus", "getVerificationStatus.none"],
    }
    for operation_id, names in cases.items():
        expected = [json.loads(subprocess.run([str(BIN / operation_id)], input=json.dumps(load_event(n)).encode(),
                                              capture_output=True, env=functions.env, check=True).stdout)
                    for n in names]
        with emulated(functions, operation_id, tmp_path / f"{operation_id}.log") as invoke:
            for name, stdin_document in zip(names, expected):
                status, document = invoke(load_event(name))
                assert status == 200
                assert document == stdin_document, name
                functions.contract.check(operation_id, document)


def test_one_warm_process_serves_many_invocations(functions, tmp_path):
    with emulated(functions, "createVerification", tmp_path / "create.log") as invoke:
        statuses = []
        for i in range(5):
            status, document = invoke(as_user(load_event("createVerification"), f"00000000-0000-4000-8000-00000000000{i}"))
            statuses.append(document["statusCode"])
            functions.contract.check("createVerification", document)
        status, document = invoke(load_event("createVerification.malformed-body"))
        assert document["statusCode"] == 400  # a bad request is a response, not a dead loop
    assert statuses == [201] * 5
    log = (tmp_path / "create.log").read_text()
    assert log.count("INIT START") == 1 and log.count("INVOKE START") == 6


def test_engines_load_once_per_process(functions, s3, tmp_path):
    """The second uploadAvatar does not pay for the face detector again."""
    models = tmp_path / "models"
    models.mkdir()  # empty: the detector must be built, which is slow, and only once
    functions.seed(state="pending", vid=VID)
    cat = functions.upload(s3, TESTDATA / "nonfaces" / "chelsea.jpg")
    event = copy.deepcopy(load_event("uploadAvatar"))
    event["body"] = json.dumps({"fileKey": cat})
    with emulated(functions, "uploadAvatar", tmp_path / "avatar.log", KYC_MODELS_DIR=str(models)) as invoke:
        durations = []
        for _ in range(2):
            started = time.monotonic()
            status, document = invoke(event)
            durations.append(time.monotonic() - started)
            assert document["statusCode"] == 200
    log = (tmp_path / "avatar.log").read_text()
    loads = [json.loads(line) for line in log.splitlines() if '"engine loaded"' in line]
    assert [entry["engine"] for entry in loads] == ["face-detector (built)"]
    assert durations[1] < durations[0]


def test_a_start_up_failure_is_reported_as_an_init_error(functions, tmp_path):
    with emulated(functions, "createVerification", tmp_path / "init.log", KYC_MAX_ATTEMPTS="0") as invoke:
        status, document = invoke(load_event("createVerification"))
    assert status == 502
    assert document == {"errorType": "Runtime.InitError", "errorMessage": "service is misconfigured"}


def start(functions, operation_id, **env):
    """Runs a function whose event is never sent: stdin stays open, so one that read it would hang."""
    process = subprocess.Popen([str(BIN / operation_id)], env={**functions.env, **env}, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        process.wait(timeout=20)
    finally:
        process.kill()
        stdout, stderr = process.communicate()
    return process.returncode, stdout, [json.loads(line) for line in stderr.decode().splitlines()]


@pytest.mark.parametrize("operation_id, env, variable", [
    ("createVerification", {"KYC_MAX_ATTEMPTS": "0"}, "KYC_MAX_ATTEMPTS"),
    ("getVerification", {"KYC_STORE": "postgres:kyc"}, "KYC_STORE"),
    ("dispatchEvents", {"KYC_WEBHOOK_URL": "https://hooks.example/kyc",
                        "KYC_WEBHOOK_SECRET": "whsec_this-is-not-base64-but-a-secret"}, "KYC_WEBHOOK_SECRET"),
    ("dispatchEvents", {"KYC_WEBHOOK_URL": ""}, "KYC_WEBHOOK_URL"),
])
def test_a_function_with_an_invalid_setting_stops_before_its_event(functions, operation_id, env, variable):
    """Settings are read and checked once, at start-up: a wrong one stops the function before it
    reads an event, with exit status 1 and one log line naming the variable, never its value."""
    status, stdout, lines = start(functions, operation_id, **env)
    assert status == 1 and stdout == b""
    assert len(lines) == 1, lines
    line = lines[0]
    assert line["level"] == "error" and line["msg"] == "function could not start"
    assert line["variable"] == variable and line["error"].startswith(variable + " ")
    # The secret (or any value long enough to be told apart from the rule's figures) is not shown.
    assert all(value not in json.dumps(line) for value in env.values() if len(value) > 8)

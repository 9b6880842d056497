"""Security through the local runner: who may do what, what clients may not set, what logs hold,
and a concurrent load that must lose or duplicate nothing."""
import hashlib
import os
import random
import sqlite3
import subprocess
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ADMIN, BIN, COACH, OTHER, TESTDATA, image_key
from runner import LocalAPI

PASSPORT = {"firstName": "Anna", "lastName": "Eriksson", "passportNumber": "L898902C3", "dateOfBirth": "1974-08-12",
            "issuedDate": "2022-04-16", "placeOfBirth": "Zenith", "middleName": "Maria", "subdivision": ""}


@pytest.fixture(scope="module")
def api(tmp_path_factory, s3):
    with LocalAPI(tmp_path_factory.mktemp("security")).running() as api:
        yield api


@pytest.fixture(scope="module")
def world(api):
    """Coach A (COACH) has a pending verification; coach B (OTHER) one awaiting review."""
    mine = api.seed(COACH, "pending")["id"]
    theirs = api.seed(OTHER, "admin_review_required")["id"]
    return {"mine": mine, "theirs": theirs, "coach": api.token(COACH), "admin": api.token(ADMIN, admin=True),
            "expired": api.token(COACH, expires_in=-60), "forged": api.token(COACH, secret="not-the-secret-but-long-enough-to-sign")}


def operations(world):
    """(name, method, path on coach B's verification, body)."""
    v = world["theirs"]
    return [
        ("createVerification", "POST", "/verifications", {"notes": "x"}),
        ("listVerifications", "GET", f"/verifications?coachId={OTHER}", None),
        ("getVerification", "GET", f"/verifications/{v}", None),
        ("updatePassportData", "PUT", f"/verifications/{v}", PASSPORT),
        ("uploadAvatar", "POST", f"/verifications/{v}/avatar", {"fileKey": "uploads/a.jpg"}),
        ("uploadPassport", "POST", f"/verifications/{v}/passport", {"fileKey": "uploads/p.jpg"}),
        ("getVerificationStatus", "GET", "/verifications/status", None),
        ("adminManageVerification", "PUT", f"/verifications/{v}/admin", {"approved": False, "reason": "fake_document"}),
        ("getVerificationImages", "GET", f"/verifications/{v}/images", None),
        ("deletePersonalData", "DELETE", f"/verifications/{v}/personal-data", None),
        ("listDeadLetters", "GET", "/events/dead-letters", None),
        ("replayEvent", "POST", f"/events/{uuid.UUID(int=7)}/replay", None),
        ("createUploadSlot", "POST", f"/verifications/{v}/uploads", {"purpose": "avatar"}),
        ("createCaptureSession", "POST", f"/verifications/{v}/capture-sessions", None),
        ("createChipNonce", "POST", f"/verifications/{v}/chip/nonce", None),
        ("verifyChip", "POST", f"/verifications/{v}/chip", {"sod": "AA==", "dg1": "AA==", "dg2": "AA=="}),
    ]


# What coach A gets on coach B's resources (ids do not leak: 404), and what the admin gets.
AS_OTHER_COACH = {"createVerification": 409, "listVerifications": 403, "getVerification": 404,
                  "updatePassportData": 404, "uploadAvatar": 404, "uploadPassport": 404,
                  "getVerificationStatus": 200, "adminManageVerification": 403, "getVerificationImages": 403,
                  "deletePersonalData": 403, "listDeadLetters": 403, "replayEvent": 403, "createUploadSlot": 404,
                  "createCaptureSession": 404, "createChipNonce": 404, "verifyChip": 404}
AS_ADMIN = {"createVerification": 201, "listVerifications": 200, "getVerification": 200, "updatePassportData": 403,
            "uploadAvatar": 403, "uploadPassport": 403, "getVerificationStatus": 200,
            "adminManageVerification": 200, "getVerificationImages": 200, "deletePersonalData": 204,
            "listDeadLetters": 200, "replayEvent": 404, "createUploadSlot": 403, "createCaptureSession": 403,
            "createChipNonce": 403, "verifyChip": 403}
# The capture page's routes take no JWT but a capture token, and its authorizer is no route:
# test_capture.py holds them to their own matrix.
CAPTURE = {"getCaptureProgress", "createCaptureUpload", "uploadCaptureAvatar", "uploadCapturePassport",
           "createCaptureHandoff", "checkCaptureFrame", "authorizeCapture"}


def test_the_matrix_covers_every_registered_operation(world):
    served = subprocess.run([str(BIN / "kyc-local"), "functions", "--served"], capture_output=True, text=True,
                            check=True, timeout=30).stdout.split()
    api_operations = set(served) - {"serveConsole"} - CAPTURE
    assert set(AS_ADMIN) == set(AS_OTHER_COACH) == {name for name, *_ in operations(world)} == api_operations


@pytest.mark.parametrize("index", range(len(AS_ADMIN)), ids=[o for o in AS_ADMIN])
def test_authorization_matrix(api, world, index):
    name, method, path, body = operations(world)[index]
    assert api.request(method, path, body=body, user=COACH)[0] == 401  # no token
    assert api.request(method, path, world["expired"], COACH, body)[0] == 401
    assert api.request(method, path, world["forged"], COACH, body)[0] == 401
    assert api.request(method, path, "not.a.jwt", COACH, body)[0] == 401
    status, _, errors = api.request(method, path, world["coach"], OTHER, body)  # sub ≠ header
    assert status == 403 and errors["errors"][0]["code"] == "forbidden"
    assert api.request(method, path, world["coach"], COACH, body)[0] == AS_OTHER_COACH[name]


def test_the_admin_column(api, world):
    for name, method, path, body in operations(world):  # createVerification first: the admin's own
        status, _, payload = api.request(method, path, world["admin"], ADMIN, body)
        assert status == AS_ADMIN[name], (name, payload)
    _, _, verification = api.request("GET", f"/verifications/{world['theirs']}", world["admin"], ADMIN)
    assert verification["adminApproval"]["reviewerId"] == ADMIN and verification["status"] == "rejected"
    assert verification["redactedAt"] and "passportData" not in verification["passportVerification"]


def test_mass_assignment_is_refused(api, world):
    mine = api.seed(str(uuid.uuid4()), "admin_review_required")
    coach, token = mine["coachId"], api.token(mine["coachId"])
    for extra in [{"status": "approved"}, {"confidence": 1}, {"matchScore": 1}, {"ocrSuccess": True}]:
        status, _, body = api.request("PUT", f"/verifications/{mine['id']}", token, coach, PASSPORT | extra)
        assert status == 400 and "unknown field" in body["errors"][0]["message"]
    assert api.request("POST", "/verifications", token, coach, {"notes": "n", "coachId": OTHER})[0] == 400
    _, _, after = api.request("GET", f"/verifications/{mine['id']}", token, coach)
    assert after["status"] == "admin_review_required" and "correctedPassportData" not in after


@pytest.mark.parametrize("key", ["../kyc-uploads/x.jpg", "a/../../b.jpg", "https://evil.example/x.jpg",
                                 "s3://other-bucket/x.jpg", "/etc/passwd", "a\u0000b.jpg", "a\nb.jpg", "",
                                 "k" * 1100])
def test_hostile_file_keys_are_refused(api, world, key):
    status, _, body = api.request("POST", f"/verifications/{world['mine']}/avatar", world["coach"], COACH,
                                  {"fileKey": key})
    assert status == 400, body


def test_gateway_limits(api, world):
    status, _, _ = api.request("POST", "/verifications", world["coach"], COACH, raw=b"x" * (10 * 1024 * 1024 + 1))
    assert status == 413
    assert api.request("GET", "/nowhere", world["coach"], COACH)[0] == 404
    assert api.request("DELETE", "/verifications", world["coach"], COACH)[0] == 404


def test_logs_of_a_full_scenario_hold_no_personal_data_or_secrets(api, s3):
    coach = str(uuid.uuid4())
    token, admin = api.token(coach), api.token(ADMIN, admin=True)
    status, _, created = api.request("POST", "/verifications", token, coach, {"notes": "Anna Eriksson's KYC"})
    assert status == 201
    v = created["id"]
    # A capture link, and its token used: neither the token nor its hash is logged.
    status, _, link = api.request("POST", f"/verifications/{v}/capture-sessions", token, coach)
    assert status == 201
    capture = link["url"].split("token=", 1)[1]
    status, _, _ = api.request("GET", f"/capture/verifications/{v}", headers={"authorization": f"Capture {capture}"})
    assert status == 200
    for kind, path in [("avatar", "faces/obama3.jpg"), ("passport", "passports/p00-clean.jpg")]:
        key = api.upload(v, token, coach, kind, TESTDATA / path)
        status, _, body = api.request("POST", f"/verifications/{v}/{kind}", token, coach, {"fileKey": key})
        assert status == 200, body
    assert body["passportVerification"]["passportData"]["passportNumber"] == "L898902C3"
    assert api.request("PUT", f"/verifications/{v}", token, coach, PASSPORT)[0] == 204
    assert api.request("GET", "/verifications/status", token, coach)[0] == 200
    assert api.request("PUT", f"/verifications/{v}/admin", admin, ADMIN, {"approved": True})[0] == 200
    assert api.request("DELETE", f"/verifications/{v}/personal-data", admin, ADMIN)[0] == 204
    log = api.log.read_text()
    assert '"msg":"access"' in log and "passport analysed" in log
    for secret in ["L898902C3", "ERIKSSON", "Eriksson", "ANNA", "1974-08-12", "ZENITH", "Zenith", token, admin,
                   "suite-secret", api.env["AWS_SECRET_ACCESS_KEY"], capture,
                   hashlib.sha256(capture.encode()).hexdigest()]:
        assert secret not in log, secret


def test_load_loses_and_duplicates_nothing(api):
    """200 requests from 8 clients over a mixed scenario; then the database must agree."""
    coaches = [str(uuid.uuid4()) for _ in range(12)]
    tokens = {c: api.token(c) for c in coaches}
    admin = api.token(ADMIN, admin=True)
    created, statuses = [], []
    lock = threading.Lock()
    rng = random.Random(7)
    plan = [(rng.choice(coaches), rng.choice(["create", "create", "status", "list", "get", "admin-list"]))
            for _ in range(200)]

    def step(item):
        coach, action = item
        token = tokens[coach]
        if action == "create":
            status, _, body = api.request("POST", "/verifications", token, coach, {"notes": "load"})
            if status == 201:
                with lock:
                    created.append(body["id"])
        elif action == "status":
            status = api.request("GET", "/verifications/status", token, coach)[0]
        elif action == "list":
            status = api.request("GET", "/verifications?limit=100", token, coach)[0]
        elif action == "get":
            status = api.request("GET", f"/verifications/{uuid.uuid4()}", token, coach)[0]
        else:
            status = api.request("GET", "/verifications?limit=5", admin, ADMIN)[0]
        with lock:
            statuses.append(status)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(step, plan))
    assert len(statuses) == 200 and all(s < 500 for s in statuses), sorted(set(statuses))
    assert len(created) == len(set(created))
    database = sqlite3.connect(api.store)
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in database.execute(
        f"SELECT id FROM verifications WHERE coach_id IN ({','.join('?' * len(coaches))})", coaches)}
    assert stored == set(created)  # every 201 is stored, nothing else
    per_coach = database.execute(
        f"SELECT coach_id, COUNT(*) FROM verifications WHERE active = 1 AND coach_id IN "
        f"({','.join('?' * len(coaches))}) GROUP BY coach_id", coaches).fetchall()
    assert all(count == 1 for _, count in per_coach)


def test_rs256_tokens_from_a_jwks_file(tmp_path, s3):
    """As with a real identity provider: RS256 tokens checked against its published keys."""
    import json
    import time

    from joserfc import jwt
    from joserfc.jwk import RSAKey

    key = RSAKey.generate_key(2048, parameters={"kid": "idp-1", "alg": "RS256", "use": "sig"})
    other = RSAKey.generate_key(2048, parameters={"kid": "idp-1", "alg": "RS256", "use": "sig"})
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [key.as_dict(private=False)]}))
    local = LocalAPI(tmp_path)
    local.env["KYC_JWKS_FILE"] = str(tmp_path / "jwks.json")
    coach = str(uuid.uuid4())

    def token(signer, **changes):
        claims = {"sub": coach, "iss": "kyc-local", "aud": "kyc-api", "exp": int(time.time()) + 300,
                  "cognito:groups": ["staff"]} | changes
        return jwt.encode({"alg": "RS256", "kid": "idp-1"}, claims, signer)

    with local.running() as api:
        assert api.request("POST", "/verifications", token(key), coach, {})[0] == 201
        assert api.request("GET", "/verifications/status", token(other), coach)[0] == 401
        assert api.request("GET", "/verifications/status", token(key, iss="someone-else"), coach)[0] == 401
        assert api.request("GET", "/verifications/status", token(key, aud="another-api"), coach)[0] == 401
        assert api.request("GET", "/verifications/status", token(key, exp=int(time.time()) - 10), coach)[0] == 401
        assert api.request("GET", "/verifications/status", token(key), coach)[0] == 200


def test_a_function_past_the_request_timeout_is_cut_off(tmp_path, s3):
    local = LocalAPI(tmp_path)
    local.env["KYC_REQUEST_TIMEOUT_MS"] = "50"  # reading a passport takes far longer
    coach = str(uuid.uuid4())
    vid = local.seed(coach, "avatar_verified")["id"]
    key = image_key(vid)
    s3.put_object(Bucket=local.env["KYC_BUCKET"], Key=key, Body=(TESTDATA / "passports" / "p00-clean.jpg").read_bytes())
    s3.put_object(Bucket=local.env["KYC_BUCKET"], Key="seed/avatar.jpg", Body=(TESTDATA / "faces" / "obama.jpg").read_bytes())
    with local.running() as api:
        status, _, body = api.request("POST", f"/verifications/{vid}/passport", api.token(coach), coach, {"fileKey": key})
        assert status == 503 and body == {"message": "Service Unavailable"}, body
        _, _, progress = api.request("GET", "/verifications/status", api.token(coach), coach)
    assert progress["status"] == "avatar_verified"  # the cut-off call stored nothing


def open_descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_the_local_runner_does_not_leak_descriptors(api, world):
    """Every request runs a function process with two pipes; their descriptors are closed per
    request. (They once piled up until Foundation's Process crashed kyc-local mid-schemathesis.)"""
    for _ in range(20):  # warm: the pools and threads the runner keeps
        api.request("GET", "/verifications/status", world["coach"], COACH)
    before = open_descriptors(api.pid)
    for _ in range(150):
        assert api.request("GET", "/verifications/status", world["coach"], COACH)[0] == 200
    assert open_descriptors(api.pid) - before < 20, (before, open_descriptors(api.pid))


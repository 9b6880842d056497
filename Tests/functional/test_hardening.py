"""Hardening II, finding by finding, through the real function executables: one analysis at a time
per verification, the caps on unusable images and on new verifications, the decision's If-Match,
separation of duties on erasure, the group claim, text that reads as what it is, and late uploads
after an erasure."""
import copy
import json
import os
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor

from conftest import ADMIN, BIN, TESTDATA, VID, as_user, load_event

BUCKET = os.environ.get("KYC_TEST_BUCKET", "kyc-uploads")
PAGE = TESTDATA / "passports" / "p00-clean.jpg"


def on(name, vid=VID, body=None, user=None):
    event = copy.deepcopy(load_event(name))
    event.setdefault("pathParameters", {})["verificationId"] = vid
    if body is not None:
        event["body"] = json.dumps(body)
    return as_user(event, user) if user else event


def analysed(stderr):
    """Whether a function process ran an image analysis: it loads the engines to do it."""
    return '"engine loaded"' in stderr


def test_concurrent_uploads_of_one_verification_analyse_once(functions, s3):
    functions.seed(state="avatar_verified", vid=VID)
    page = functions.upload(s3, PAGE)
    before = len(functions.stderr)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: functions.invoke("uploadPassport", on("uploadPassport", body={
            "fileKey": page})), range(6)))
    statuses = sorted(status for status, _ in results)
    assert statuses.count(200) == 1 and statuses.count(409) == 5, results
    assert sum(analysed(log) for log in functions.stderr[before:]) == 1
    messages = {body["errors"][0]["message"] for status, body in results if status == 409}
    assert messages <= {"another upload of this verification is being analysed; try again when it has finished",
                        "passport is already verified"}, messages
    _, status = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert status["progress"]["passportVerified"]["attempts"] == 1


def test_unusable_images_are_capped_per_verification(functions, s3, tmp_path):
    functions.env["KYC_MAX_UNUSABLE_IMAGES"] = "2"
    functions.seed(state="pending", vid=VID)
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG" + bytes(2000))
    key = functions.upload(s3, junk)
    for _ in range(2):
        status, body = functions.invoke("uploadAvatar", on("uploadAvatar", body={"fileKey": key}))
        assert status == 400, body
    status, body = functions.invoke("uploadAvatar", on("uploadAvatar", body={"fileKey": key}))
    assert status == 409 and "takes no more uploads" in body["errors"][0]["message"], body
    assert '"image fetched"' not in functions.stderr[-1]  # refused before anything was read
    # Unusable images count no attempt: the cap is what they cost.
    _, progress = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["avatarVerified"]["attempts"] == 0


def test_a_coach_may_open_only_so_many_verifications_a_day(functions):
    functions.env["KYC_MAX_VERIFICATIONS_PER_DAY"] = "2"
    coach = str(uuid.uuid4())
    functions.clock = "2026-12-06"
    for _ in range(2):
        functions.seed(coach=coach, state="approved")
    status, body = functions.invoke("createVerification", as_user(load_event("createVerification"), coach))
    assert status == 429 and body["errors"][0]["code"] == "tooManyRequests", body
    retry = int(functions.last_response["headers"]["retry-after"])
    assert 0 < retry <= 86_400
    # Another coach is not held back; the same coach is, the next day, no longer.
    assert functions.invoke("createVerification", as_user(load_event("createVerification"), str(uuid.uuid4())))[0] == 201
    functions.clock = "2026-12-08"
    assert functions.invoke("createVerification", as_user(load_event("createVerification"), coach))[0] == 201


def test_a_decision_must_name_the_version_it_was_made_on(functions):
    functions.seed(state="admin_review_required", vid=VID)
    decision = load_event("adminManageVerification")
    for headers in [{}, {"if-match": "*"}]:
        event = copy.deepcopy(decision)
        event["headers"] = {k: v for k, v in event["headers"].items() if k != "if-match"} | headers
        raw = json.dumps(event).encode()
        status, body = functions.invoke("adminManageVerification", event, raw=raw)
        assert status == 428 and "If-Match" in body["errors"][0]["message"], body
    assert functions.invoke("adminManageVerification", decision)[0] == 200


def test_an_admin_may_not_erase_their_own_verification(functions):
    own = functions.seed(coach=ADMIN, state="approved")
    status, body = functions.invoke("deletePersonalData", on("deletePersonalData", own["id"]))
    assert status == 403 and "own verification" in body["errors"][0]["message"], body
    other = functions.seed(coach=str(uuid.uuid4()), state="approved")
    assert functions.invoke("deletePersonalData", on("deletePersonalData", other["id"]))[0] == 204


def test_a_group_named_with_a_comma_grants_nothing(functions):
    functions.seed(state="admin_review_required", vid=VID)
    event = on("getVerificationImages")
    for claim in ["staff,kyc-admin", "kyc-admin", "[staff,kyc-admin]"]:
        event["requestContext"]["authorizer"]["jwt"]["claims"]["cognito:groups"] = claim
        assert functions.invoke("getVerificationImages", event)[0] == 403, claim
    event["requestContext"]["authorizer"]["jwt"]["claims"]["cognito:groups"] = "[staff kyc-admin]"
    assert functions.invoke("getVerificationImages", event)[0] == 200


def test_names_must_read_as_what_they_are_and_renames_are_flagged(functions):
    functions.seed(state="admin_review_required", vid=VID)
    correction = load_event("updatePassportData")
    data = json.loads(correction["body"])
    for name in ["MUSTERM\u0410NN", "\u3164\u3164\u3164", "A" + "\u0301" * 300, "E" + "\u0301" * 5, "ERIKA\u2800", "--",
                 "Ab\u034fc"]:
        event = copy.deepcopy(correction)
        event["body"] = json.dumps(data | {"lastName": name})
        status, body = functions.invoke("updatePassportData", event)
        assert status in (400, 413) and body["errors"][0]["code"] == "validation", (name, body)
    event = copy.deepcopy(correction)
    event["body"] = json.dumps(data | {"lastName": "Someone-Else"})
    assert functions.invoke("updatePassportData", event)[0] == 204
    _, seen = functions.invoke("getVerification", on("getVerification.admin"))
    renamed = [s for s in seen["riskSignals"] if s["code"] == "document_data_mismatch" and "names" in s["details"]]
    assert renamed and "lastName" in renamed[-1]["details"], seen["riskSignals"]
    assert "Someone" not in json.dumps(seen["riskSignals"])  # the names of fields, never the values


def test_an_upload_after_erasure_does_not_outlive_the_next_purge(functions, s3):
    done = functions.seed(coach=str(uuid.uuid4()), state="approved")
    assert functions.invoke("deletePersonalData", on("deletePersonalData", done["id"]))[0] == 204
    # A slot handed out before the erasure still lands its upload.
    late = functions.upload(s3, PAGE, vid=done["id"])
    out = subprocess.run(functions.command(str(BIN / "kyc-local"), "purge"), env=functions.env, capture_output=True,
                         text=True, timeout=120, cwd=functions.store.parent)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["swept"] >= 1
    listed = s3.list_object_versions(Bucket=BUCKET, Prefix="verifications")
    left = [v["Key"] for kind in ("Versions", "DeleteMarkers") for v in listed.get(kind, [])]
    assert late not in left

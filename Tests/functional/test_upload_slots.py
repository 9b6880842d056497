"""Uploads that belong to their verification, through the local runner (`kyc-local serve`) and the
signature-checking S3 (moto behind the front that checks presigned POSTs): upload slots, keys
bound to the verification's prefix, analysed images pinned by ETag, erasure of the whole prefix."""
import copy
import json
import os
import time
import urllib.request
import uuid

import pytest

from conftest import ADMIN, TESTDATA, VID, image_key, load_event
from runner import LocalAPI

SELFIE = TESTDATA / "faces" / "obama3.jpg"
PAGE = TESTDATA / "passports" / "p00-clean.jpg"

pytestmark = pytest.mark.skipif("KYC_TEST_S3_GATE_ENDPOINT" not in os.environ and
                                not os.environ.get("KYC_REQUIRE_INTEGRATION"), reason="no local S3")


@pytest.fixture(scope="module")
def api(tmp_path_factory, s3):
    local = LocalAPI(tmp_path_factory.mktemp("slots"))
    local.env["KYC_MAX_IMAGE_BYTES"] = "700000"  # the sample images are smaller; the over-size test is not
    with local.running() as running:
        yield running


def bucket():
    return os.environ["KYC_TEST_BUCKET"]


def exists(s3, key):
    try:
        s3.head_object(Bucket=bucket(), Key=key)
        return True
    except s3.exceptions.ClientError:
        return False


def keys_under(s3, prefix):
    """Listed without a `/` in the prefix: moto, which this client talks to directly, refuses
    the signature of such a listing (the functions go through the front that mends it)."""
    listed = s3.list_objects_v2(Bucket=bucket(), Prefix=prefix.split("/")[0]).get("Contents", [])
    return [item["Key"] for item in listed if item["Key"].startswith(prefix)]


def versions_under(s3, prefix):
    """Every version and delete marker under `prefix` (listed as keys_under lists)."""
    listed = s3.list_object_versions(Bucket=bucket(), Prefix=prefix.split("/")[0])
    return [(item["Key"], item["VersionId"]) for kind in ("Versions", "DeleteMarkers")
            for item in listed.get(kind, []) if item["Key"].startswith(prefix)]


def new_verification(api):
    coach = str(uuid.uuid4())
    token = api.token(coach)
    status, _, created = api.request("POST", "/verifications", token, coach, {})
    assert status == 201
    return created["id"], coach, token


def test_a_coach_uploads_through_slots_and_reaches_review(api, s3):
    vid, coach, token = new_verification(api)
    status, slot = api.slot(vid, token, coach, "avatar")
    assert status == 201
    assert slot["fileKey"].startswith(f"verifications/{vid}/avatar/") and slot["fileKey"].endswith(".jpg")
    assert slot["maxBytes"] == 700000 and slot["fields"]["key"] == slot["fileKey"]
    assert slot["fields"]["Content-Type"] == "image/jpeg" and "x-amz-signature" in slot["fields"]
    assert slot["url"].startswith(os.environ["KYC_TEST_S3_GATE_ENDPOINT"])
    status, text = api.post_form(slot, SELFIE.read_bytes())
    assert status == 204, text
    status, _, body = api.request("POST", f"/verifications/{vid}/avatar", token, coach, {"fileKey": slot["fileKey"]})
    assert status == 200 and body["status"] == "avatar_verified", body
    page = api.upload(vid, token, coach, "passport", PAGE)
    assert page.startswith(f"verifications/{vid}/passport/")
    status, _, body = api.request("POST", f"/verifications/{vid}/passport", token, coach, {"fileKey": page})
    assert status == 200 and body["status"] == "admin_review_required", body
    # A slot for a step already passed.
    assert api.slot(vid, token, coach, "avatar")[0] == 409
    assert api.slot(vid, token, coach, "passport")[0] == 409


def test_another_coach_gets_no_slot_and_no_data_from_a_key(api, s3):
    vid, coach, token = new_verification(api)
    key = api.upload(vid, token, coach, "avatar", SELFIE)
    other, other_coach, other_token = new_verification(api)
    status, body = api.slot(vid, other_token, other_coach, "avatar")
    assert status == 404, body
    # Naming A's key in B's own verification: refused before anything of it is read.
    status, _, body = api.request("POST", f"/verifications/{other}/avatar", other_token, other_coach, {"fileKey": key})
    assert status == 400 and f"verifications/{other}/" in body["errors"][0]["message"], body
    _, _, mine = api.request("GET", f"/verifications/{other}", other_token, other_coach)
    assert mine["status"] == "pending" and "avatarVerification" not in mine
    _, _, progress = api.request("GET", "/verifications/status", other_token, other_coach)
    assert progress["progress"]["avatarVerified"]["attempts"] == 0
    # An admin does not upload for a coach.
    assert api.slot(vid, api.token(ADMIN, admin=True), ADMIN, "avatar")[0] == 403


@pytest.mark.parametrize("purpose", ["selfie", "", None])
def test_an_unknown_purpose_is_400(api, purpose):
    vid, coach, token = new_verification(api)
    status, body = api.slot(vid, token, coach, purpose)
    assert status == 400, body


def test_the_storage_refuses_what_the_policy_does_not_allow(api, s3):
    vid, coach, token = new_verification(api)
    status, slot = api.slot(vid, token, coach, "avatar")
    assert status == 201
    key = slot["fileKey"]
    big = SELFIE.read_bytes() + b"\0" * (slot["maxBytes"] + 1 - SELFIE.stat().st_size)
    status, text = api.post_form(slot, big)
    assert status == 400 and "EntityTooLarge" in text
    assert api.post_form(slot, b"")[0] == 400  # at least one byte
    altered = dict(slot["fields"], key=f"verifications/{vid}/avatar/chosen-by-client.jpg")
    status, text = api.post_form(slot, SELFIE.read_bytes(), fields=altered)
    assert status == 403 and "Policy Condition failed" in text
    png = dict(slot["fields"], **{"Content-Type": "image/png"})
    assert api.post_form(slot, SELFIE.read_bytes(), fields=png)[0] == 403
    extra = dict(slot["fields"], acl="public-read")
    assert api.post_form(slot, SELFIE.read_bytes(), fields=extra)[0] == 403
    forged = dict(slot["fields"], **{"x-amz-signature": "0" * 64})
    assert api.post_form(slot, SELFIE.read_bytes(), fields=forged)[0] == 403
    assert not exists(s3, key) and not exists(s3, altered["key"])
    # What the policy allows is stored.
    assert api.post_form(slot, SELFIE.read_bytes())[0] == 204 and exists(s3, key)


def test_an_expired_slot_is_refused(tmp_path, s3):
    local = LocalAPI(tmp_path)
    local.env["KYC_UPLOAD_URL_TTL"] = "1"
    with local.running() as api:
        vid, coach, token = new_verification(api)
        status, slot = api.slot(vid, token, coach, "avatar")
        assert status == 201
        time.sleep(2.2)
        status, text = api.post_form(slot, SELFIE.read_bytes())
    assert status == 403 and "expired" in text
    assert not exists(s3, slot["fileKey"])


def test_an_image_replaced_after_its_check_stays_evidence_as_analysed_and_cannot_be_approved(api, s3):
    vid, coach, token = new_verification(api)
    selfie = api.upload(vid, token, coach, "avatar", SELFIE)
    assert api.request("POST", f"/verifications/{vid}/avatar", token, coach, {"fileKey": selfie})[0] == 200
    # Someone with write access to the bucket swaps the checked selfie for another face.
    s3.put_object(Bucket=bucket(), Key=selfie, Body=(TESTDATA / "faces" / "biden.jpg").read_bytes())
    page = api.upload(vid, token, coach, "passport", PAGE)
    status, _, body = api.request("POST", f"/verifications/{vid}/passport", token, coach, {"fileKey": page})
    assert status == 200, body
    # The page is compared with the selfie as it was checked (its version), never the swapped one.
    assert body["passportVerification"]["ocrSuccess"] is True
    assert body["imageMatchResult"]["isMatched"] is True
    admin = api.token(ADMIN, admin=True)
    status, _, images = api.request("GET", f"/verifications/{vid}/images", admin, ADMIN)
    assert status == 200 and images["avatar"]["state"] == "changed" and images["passport"]["state"] == "available"
    # The admin still sees the analysed selfie: the link names its version.
    assert urllib.request.urlopen(images["avatar"]["url"], timeout=10).read() == SELFIE.read_bytes()
    status, _, errors = api.request("PUT", f"/verifications/{vid}/admin", admin, ADMIN, {"approved": True})
    assert status == 409 and "selfie was replaced after its check" in errors["errors"][0]["message"], errors
    decision = {"approved": False, "reason": "fake_document"}
    assert api.request("PUT", f"/verifications/{vid}/admin", admin, ADMIN, decision)[0] == 200


def test_an_analysed_image_that_is_gone_cannot_be_approved(api, s3):
    vid, coach, token = new_verification(api)
    selfie = api.upload(vid, token, coach, "avatar", SELFIE)
    assert api.request("POST", f"/verifications/{vid}/avatar", token, coach, {"fileKey": selfie})[0] == 200
    page = api.upload(vid, token, coach, "passport", PAGE)
    assert api.request("POST", f"/verifications/{vid}/passport", token, coach, {"fileKey": page})[0] == 200
    for key, version in versions_under(s3, page):
        s3.delete_object(Bucket=bucket(), Key=key, VersionId=version)
    admin = api.token(ADMIN, admin=True)
    status, _, images = api.request("GET", f"/verifications/{vid}/images", admin, ADMIN)
    assert images["passport"] == {"state": "missing"} and images["avatar"]["state"] == "available"
    status, _, errors = api.request("PUT", f"/verifications/{vid}/admin", admin, ADMIN, {"approved": True})
    assert status == 409 and "document is missing" in errors["errors"][0]["message"], errors


def test_erasure_leaves_nothing_under_the_prefix(api, s3):
    vid, coach, token = new_verification(api)
    selfie = api.upload(vid, token, coach, "avatar", SELFIE)
    assert api.request("POST", f"/verifications/{vid}/avatar", token, coach, {"fileKey": selfie})[0] == 200
    blank = api.upload(vid, token, coach, "passport", TESTDATA / "passports" / "blank.jpg")
    _, _, failed = api.request("POST", f"/verifications/{vid}/passport", token, coach, {"fileKey": blank})
    assert failed["status"] == "avatar_verified"  # a failed attempt: its page stays in the bucket
    api.slot(vid, token, coach, "passport_back")  # a slot never used
    unused = api.upload(vid, token, coach, "passport_back", PAGE)  # an upload never named
    page = api.upload(vid, token, coach, "passport", PAGE)
    assert api.request("POST", f"/verifications/{vid}/passport", token, coach, {"fileKey": page})[0] == 200
    assert exists(s3, unused) and exists(s3, blank)
    admin = api.token(ADMIN, admin=True)
    assert api.request("PUT", f"/verifications/{vid}/admin", admin, ADMIN, {"approved": True})[0] == 200
    assert api.request("DELETE", f"/verifications/{vid}/personal-data", admin, ADMIN)[0] == 204
    assert keys_under(s3, f"verifications/{vid}/") == []
    # Every version and delete marker too: no earlier version of an image outlives the erasure.
    assert versions_under(s3, f"verifications/{vid}/") == []


def test_a_key_outside_the_verifications_prefix_is_refused_unread(functions, s3):
    """Direct invocations: the object exists and shows a face, yet is never fetched."""
    functions.seed(state="pending", vid=VID)
    for key in [functions.upload(s3, SELFIE, key=f"uploads/{uuid.uuid4()}.jpg"),
                functions.upload(s3, SELFIE, vid=str(uuid.uuid4()))]:
        event = copy.deepcopy(load_event("uploadAvatar"))
        event["body"] = json.dumps({"fileKey": key})
        status, body = functions.invoke("uploadAvatar", event)
        assert status == 400 and f"verifications/{VID}/" in body["errors"][0]["message"], body
        assert not any('"image fetched"' in line for line in functions.stderr[-1].splitlines())
    _, progress = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["avatarVerified"]["attempts"] == 0
    assert image_key(VID).startswith(f"verifications/{VID}/")

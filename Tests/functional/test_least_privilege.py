"""Least privilege, proven: every function and job runs its real code path against moto with IAM
authorisation on, signed with the keys of an IAM user that holds only that function's statements
from template.yaml (Tests/support/least_privilege.py resolves them; read its note on what moto
cannot check). A whole verification on the DynamoDB store: create, upload slots and the POSTs
they allow, avatar, passport, the reads, a correction, the admin's images and decision, event
delivery with acknowledgement, erasure, and the daily purge on a later day. The upload functions'
analysis children hold no credentials at all."""
import base64
import copy
import io
import json
import os
import subprocess
import sys
import urllib.request
import uuid

import boto3
import pytest

from conftest import BIN, ROOT, TESTDATA, as_user, load_event

sys.path.insert(0, str(ROOT / "Tests" / "support"))
from least_privilege import function_policies  # noqa: E402
from runner import LocalAPI  # noqa: E402
from webhook_receiver import Receiver, new_secret  # noqa: E402
from test_capture import event as capture_event, fragment  # noqa: E402
from chips import Authority, ChipKey, dg1, dg2  # noqa: E402
from mrz.generator.td3 import TD3CodeGenerator  # noqa: E402

pytestmark = pytest.mark.skipif("KYC_TEST_IAM_ACCESS_KEY_ID" not in os.environ and
                                not os.environ.get("KYC_REQUIRE_INTEGRATION"), reason="no local AWS peers")


@pytest.fixture(scope="module")
def table():
    return f"kyc-iam-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def keys(table):
    """An IAM user per function, holding that function's policy only: {function: (id, secret)}."""
    region, bucket = os.environ["KYC_TEST_REGION"], os.environ["KYC_TEST_BUCKET"]
    iam = boto3.client("iam", endpoint_url=os.environ["KYC_TEST_S3_ENDPOINT"], region_name=region,
                       aws_access_key_id=os.environ["KYC_TEST_IAM_ACCESS_KEY_ID"],
                       aws_secret_access_key=os.environ["KYC_TEST_IAM_SECRET_ACCESS_KEY"])
    out = {}
    for name, policy in function_policies(ROOT / "template.yaml", region, table, bucket).items():
        user = f"{table}-{name}"
        iam.create_user(UserName=user)
        if policy["Statement"]:
            iam.put_user_policy(UserName=user, PolicyName="template", PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName=user)["AccessKey"]
        out[name] = (key["AccessKeyId"], key["SecretAccessKey"])
        # The front before moto's S3 checks upload policies signed with this key.
        request = urllib.request.Request(
            os.environ["KYC_TEST_S3_GATE_ENDPOINT"] + "/_gate/keys", method="POST",
            data=json.dumps({"keyId": key["AccessKeyId"], "secret": key["SecretAccessKey"]}).encode())
        urllib.request.urlopen(request, timeout=10).read()
    return out


class Scoped:
    """The function suites' `Functions`, each invocation with its own function's keys."""

    def __init__(self, functions, keys, table):
        self.functions, self.keys = functions, keys
        functions.env["KYC_STORE"] = f"dynamodb:{table}"

    def env(self, name, **extra):
        key_id, secret = self.keys[name]
        return {**self.functions.env, "AWS_ACCESS_KEY_ID": key_id, "AWS_SECRET_ACCESS_KEY": secret, **extra}

    def invoke(self, name, event, expected):
        saved = self.functions.env
        self.functions.env = self.env(name)
        try:
            status, body = self.functions.invoke(name, event)
        finally:
            self.functions.env = saved
        assert status == expected, (name, body, self.functions.stderr[-1][-2000:])
        return body

    def job(self, name, payload=b"{}", clock=None, **extra):
        command = [str(BIN / name)]
        if clock:
            command = ["faketime", "-f", f"@{clock} 12:00:00", *command]
        out = subprocess.run(command, input=payload, capture_output=True, env=self.env(name, **extra), timeout=120)
        assert out.returncode == 0, (name, out.stderr.decode()[-2000:])
        return json.loads(out.stdout)


def small_jpeg():
    """A camera frame about 640 px wide, as the capture page sends one to the frame check."""
    from PIL import Image

    out = io.BytesIO()
    Image.open(TESTDATA / "faces" / "obama.jpg").convert("RGB").resize((480, 600)).save(out, "JPEG", quality=70)
    return out.getvalue()


def on(name, vid, user=None, body=None):
    """A fixture's event on verification `vid`, as `user` (or the fixture's own caller: the
    admin fixtures carry the admin group)."""
    event = copy.deepcopy(load_event(name))
    if user:
        event = as_user(event, user)
    event.setdefault("pathParameters", {})["verificationId"] = vid
    if body is not None:
        event["body"] = json.dumps(body)
    return event


def test_every_function_works_under_its_own_policy_and_no_more(functions, keys, table, s3):
    subprocess.run([str(BIN / "kyc-seed"), "--create-table", "yes"], check=True, timeout=60,
                   env={**functions.env, "KYC_STORE": f"dynamodb:{table}"})  # as the template's table is
    scoped = Scoped(functions, keys, table)
    coach = str(uuid.uuid4())
    created = scoped.invoke("createVerification", as_user(load_event("createVerification"), coach), 201)
    vid = created["id"]

    def upload(purpose, path):
        slot = scoped.invoke("createUploadSlot", on("createUploadSlot", vid, coach, {"purpose": purpose}), 201)
        status, text = LocalAPI.post_form(slot, path.read_bytes())
        assert status == 204, text
        return slot["fileKey"]

    selfie = upload("avatar", TESTDATA / "faces" / "obama3.jpg")
    body = scoped.invoke("uploadAvatar", on("uploadAvatar", vid, coach, {"fileKey": selfie}), 200)
    assert body["status"] == "avatar_verified"
    page = upload("passport", TESTDATA / "passports" / "p00-clean.jpg")
    body = scoped.invoke("uploadPassport", on("uploadPassport", vid, coach, {"fileKey": page}), 200)
    assert body["status"] == "admin_review_required", body
    # Each upload function decoded and analysed in its child, which held no credential or secret:
    # it logs the names of the variables it was given.
    workers = [json.loads(line) for chunk in functions.stderr for line in chunk.splitlines()
               if '"analysis worker started"' in line]
    assert len(workers) == 2, workers
    for worker in workers:
        assert not [name for name in worker["environment"] if name.startswith(("AWS_", "KYC_"))], worker
    scoped.invoke("getVerification", on("getVerification", vid, coach), 200)
    scoped.invoke("listVerifications", as_user(load_event("listVerifications") | {"queryStringParameters": {
        "coachId": coach}}, coach), 200)
    scoped.invoke("getVerificationStatus", as_user(load_event("getVerificationStatus"), coach), 200)
    scoped.invoke("updatePassportData", on("updatePassportData", vid, coach), 204)
    images = scoped.invoke("getVerificationImages", on("getVerificationImages", vid), 200)
    assert images["avatar"]["state"] == "available" and images["passport"]["state"] == "available"
    scoped.invoke("adminManageVerification", on("adminManageVerification", vid), 200)
    scoped.invoke("listDeadLetters", load_event("listDeadLetters"), 200)
    scoped.invoke("replayEvent", load_event("replayEvent.unknown-id"), 404)

    # The capture page's functions (an addition), on a second coach's verification, opened by its
    # capture token alone: the link, the authorizer's decision, progress, slots, selfie, document.
    second = str(uuid.uuid4())
    vid2 = scoped.invoke("createVerification", as_user(load_event("createVerification"), second), 201)["id"]
    link = scoped.invoke("createCaptureSession", on("createUploadSlot", vid2, second), 201)
    token = fragment(link["url"])[2]
    decision = scoped.job("authorizeCapture", json.dumps(
        capture_event("getCaptureProgress", vid2, token) | {"type": "REQUEST"}).encode())
    assert decision == {"isAuthorized": True, "context": {"verificationId": vid2, "coachId": second}}
    scoped.invoke("getCaptureProgress", capture_event("getCaptureProgress", vid2, token), 200)
    # A desktop's hand-off to a phone: a fresh session, whose token the rest uses.
    handoff = scoped.invoke("createCaptureHandoff", capture_event("createCaptureHandoff", vid2, token), 201)
    token = fragment(handoff["url"])[2]
    scoped.invoke("getCaptureProgress", capture_event("getCaptureProgress", vid2, token), 200)
    # The frame check holds no rights at all: it trusts the authorizer's context.
    check = capture_event("checkCaptureFrame", vid2, token)
    check["requestContext"]["authorizer"] = {"lambda": decision["context"]}
    check["body"] = json.dumps({"kind": "selfie", "image": base64.b64encode(small_jpeg()).decode()})
    assert scoped.invoke("checkCaptureFrame", check, 200)["kind"] == "selfie"

    def captured(name, body):
        request = capture_event(name, vid2, token)
        request["body"] = json.dumps(body)
        return request

    def capture_upload(purpose, path):
        slot = scoped.invoke("createCaptureUpload", captured("createCaptureUpload", {"purpose": purpose}), 201)
        status, text = LocalAPI.post_form(slot, path.read_bytes())
        assert status == 204, text
        return slot["fileKey"]

    selfie = capture_upload("avatar", TESTDATA / "faces" / "obama3.jpg")
    body = scoped.invoke("uploadCaptureAvatar", captured("uploadCaptureAvatar", {
        "fileKey": selfie, "captureMethod": "live"}), 200)
    assert body["status"] == "avatar_verified"
    page = capture_upload("passport", TESTDATA / "passports" / "p00-clean.jpg")
    body = scoped.invoke("uploadCapturePassport", captured("uploadCapturePassport", {
        "fileKey": page, "captureMethod": "file"}), 200)
    assert body["status"] == "admin_review_required", body

    # Chip verification (an addition) on that verification: the nonce, then a chip whose CSCA the
    # function reads from S3 (KYC_CSCA_TRUST, in CscaTrustBucket) and whose portrait it matches
    # against the selfie it reads by version.
    authority = Authority(functions.store.parent / "pki")
    trust = f"trust/{uuid.uuid4()}/csca.pem"
    s3.put_object(Bucket=os.environ["KYC_TEST_BUCKET"], Key=trust, Body=authority.csca.read_bytes())
    nonce = scoped.invoke("createChipNonce", on("createChipNonce", vid2, second), 201)
    key = ChipKey("ecdsa")
    groups = {1: dg1(str(TD3CodeGenerator("P", "UTO", "ERIKSSON", "ANNA", "L898902C3", "UTO", "740812", "F",
                                         "320415", "")).split("\n")),
              2: dg2(TESTDATA / "faces" / "obama.jpg"), 15: key.dg15()}
    chip = {"sod": base64.b64encode(authority.sod(groups)).decode(),
            "activeAuthenticationSignature": base64.b64encode(key.sign(base64.b64decode(nonce["nonce"]))).decode()}
    chip.update({f"dg{n}": base64.b64encode(data).decode() for n, data in groups.items()})
    saved = scoped.functions.env
    scoped.functions.env = {**saved, "KYC_CSCA_TRUST": f"s3://{os.environ['KYC_TEST_BUCKET']}/{trust}"}
    try:
        body = scoped.invoke("verifyChip", on("verifyChip", vid2, second, chip), 200)
    finally:
        scoped.functions.env = saved
    checked = body["chipVerification"]
    assert checked["passiveAuthentication"] == "passed" and checked["activeAuthentication"] == "passed", checked
    assert checked["portraitMatch"] == "match", checked

    # Delivery and acknowledgement: every event reaches the receiver and leaves the outbox.
    with Receiver(new_secret()).running() as receiver:
        summary = scoped.job("dispatchEvents", KYC_WEBHOOK_URL=receiver.url, KYC_WEBHOOK_SECRET=receiver.secret)
        assert summary["delivered"] >= 6 and summary["deadLettered"] == 0, summary
        again = scoped.job("dispatchEvents", KYC_WEBHOOK_URL=receiver.url, KYC_WEBHOOK_SECRET=receiver.secret)
    assert all(verified for _, verified, _ in receiver.requests)
    assert again["delivered"] == 0 and again["waiting"] == 0, again  # acknowledged: deleted, not resent

    # Erasure on request, then the daily purge of another verification on a later day.
    scoped.invoke("deletePersonalData", on("deletePersonalData", vid), 204)
    listed = s3.list_objects_v2(Bucket=os.environ["KYC_TEST_BUCKET"], Prefix="verifications").get("Contents", [])
    assert not [item for item in listed if item["Key"].startswith(f"verifications/{vid}/")]
    done = functions.seed(coach=str(uuid.uuid4()), state="approved")  # set-up, with the suite's own keys
    left = functions.seed(coach=str(uuid.uuid4()), state="avatar_verified")
    summary = scoped.job("purgeExpired", clock="2099-01-01")
    assert summary["erased"] >= 1 and summary["abandoned"] >= 1, summary
    assert scoped.invoke("getVerification", on("getVerification.admin", left["id"]), 200)["abandonedAt"]
    assert scoped.invoke("getVerification", on("getVerification.admin", done["id"]), 200)["redactedAt"]

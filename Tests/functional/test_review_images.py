"""What an admin's review reads: presigned links to a verification's images (getVerificationImages,
an addition to the spec), and the review queue (listVerifications?status=…).

moto 5.2's S3 cannot check a presigned (query-signed) request while signature checking is on: it
reads the Authorization header unconditionally and answers 500, to boto3's own presigned URLs
too. So each link's signature is checked against botocore's query signer, the SigV4 reference,
for the same instant and credentials, and it must name the object the verification holds; and
links are fetched through the front that checks presigned requests before moto
(Tests/support/presigned_gate.py), as the console's browser does."""
import copy
import json
import datetime
import os
import subprocess
import urllib.parse
import urllib.error
import urllib.request
import uuid

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import ADMIN, BIN, COACH, TESTDATA, VID, load_event

PAGES = TESTDATA / "passports"


def verified(functions, s3, selfie, page):
    functions.seed(state="pending", vid=VID)
    keys = {}
    for step, path in [("uploadAvatar", selfie), ("uploadPassport", page)]:
        event = copy.deepcopy(load_event(step))
        keys[step] = functions.upload(s3, path)
        event["body"] = json.dumps({"fileKey": keys[step]})
        status, body = functions.invoke(step, event)
        assert status == 200, body
    return keys


def images(functions, event="getVerificationImages"):
    return functions.invoke("getVerificationImages", load_event(event))


def botocore_signature(url, access_key, secret_key, region):
    """botocore's SigV4 query signature for the same object, instant and expiry as `url`."""
    base, query = url.split("?", 1)
    params = dict(urllib.parse.parse_qsl(query))
    instant = datetime.datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
    saved = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: instant
    if "versionId" in params:  # a link pinned to the version analysed: signed with it
        base += "?" + urllib.parse.urlencode({"versionId": params["versionId"]})
    try:
        request = AWSRequest(method="GET", url=base, headers={})
        botocore.auth.S3SigV4QueryAuth(Credentials(access_key, secret_key), "s3", region,
                                       expires=int(params["X-Amz-Expires"])).add_auth(request)
    finally:
        botocore.auth.get_current_datetime = saved
    return dict(urllib.parse.parse_qsl(request.url.split("?", 1)[1]))["X-Amz-Signature"], params


def signed_right(url, env):
    signature, params = botocore_signature(url, env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"],
                                           env["AWS_REGION"])
    return params["X-Amz-Signature"] == signature and params["X-Amz-Credential"].startswith(
        env["AWS_ACCESS_KEY_ID"] + "/")


def check_link(link, key, env):
    assert signed_right(link["url"], env)
    assert link["url"].split("?")[0] == f"{env['AWS_ENDPOINT_URL_S3']}/{env['KYC_BUCKET']}/{key}"


def test_an_admin_gets_working_links_with_the_face_boxes(functions, s3):
    selfie, page = TESTDATA / "faces" / "obama3.jpg", PAGES / "p00-clean.jpg"
    keys = verified(functions, s3, selfie, page)
    status, body = images(functions)
    assert status == 200, body
    assert body["verificationId"] == VID
    for name, step in [("avatar", "uploadAvatar"), ("passport", "uploadPassport")]:
        link = body[name]
        assert link["state"] == "available"
        assert "X-Amz-Expires=300" in link["url"]
        check_link(link, keys[step], functions.env)
        face = link["face"]
        assert 0 <= face["left"] < face["right"] <= link["width"]
        assert 0 <= face["top"] < face["bottom"] <= link["height"]
    # The portrait is at the left of the generated page, above the MRZ.
    portrait = body["passport"]["face"]
    assert portrait["right"] < body["passport"]["width"] / 2 and body["passport"]["quarterTurns"] == 0
    # The audit line names the admin and the verification, never a key or a URL.
    log = functions.stderr[-1]
    assert '"verification images viewed"' in log and ADMIN in log and VID in log
    assert keys["uploadAvatar"] not in log and "X-Amz" not in log


def test_a_link_fetches_the_image_through_the_signature_checking_s3(functions, s3):
    functions.env["AWS_ENDPOINT_URL_S3"] = os.environ["KYC_TEST_S3_GATE_ENDPOINT"]
    selfie = TESTDATA / "faces" / "obama3.jpg"
    verified(functions, s3, selfie, PAGES / "p00-clean.jpg")
    _, body = images(functions)
    with urllib.request.urlopen(body["avatar"]["url"], timeout=30) as response:
        assert response.read() == selfie.read_bytes()
    for tampered in [body["avatar"]["url"].replace("X-Amz-Expires=300", "X-Amz-Expires=301"),
                     body["passport"]["url"].split("&X-Amz-Signature=")[0] + "&X-Amz-Signature=" + "0" * 64]:
        try:
            urllib.request.urlopen(tampered, timeout=30)
            raise AssertionError("a tampered link was served")
        except urllib.error.HTTPError as error:
            assert error.code == 403 and b"SignatureDoesNotMatch" in error.read()


def test_the_link_lifetime_is_configured(functions, s3):
    keys = verified(functions, s3, TESTDATA / "faces" / "obama3.jpg", PAGES / "p00-clean.jpg")
    functions.env["KYC_IMAGE_URL_TTL"] = "3600"
    _, body = images(functions)
    assert "X-Amz-Expires=3600" in body["avatar"]["url"]
    check_link(body["avatar"], keys["uploadAvatar"], functions.env)
    # A link whose expiry was stretched no longer carries a valid signature.
    assert not signed_right(body["avatar"]["url"].replace("X-Amz-Expires=3600", "X-Amz-Expires=7200"), functions.env)
    functions.env["KYC_IMAGE_URL_TTL"] = "3601"
    # Out of range: the function refuses to start on a guess (exit status 1, no response).
    event = json.dumps(load_event("getVerificationImages")).encode()
    run = subprocess.run([str(BIN / "getVerificationImages")], input=event, env=functions.env, capture_output=True,
                         timeout=60)
    assert run.returncode == 1 and run.stdout == b"" and json.loads(run.stderr)["variable"] == "KYC_IMAGE_URL_TTL"


def test_a_vanished_image_is_reported_per_image(functions, s3):
    keys = verified(functions, s3, TESTDATA / "faces" / "obama3.jpg", PAGES / "p00-clean.jpg")
    bucket = os.environ["KYC_TEST_BUCKET"]
    # A delete of the key leaves the analysed version: the key no longer holds it, the evidence stays.
    s3.delete_object(Bucket=bucket, Key=keys["uploadPassport"])
    status, body = images(functions)
    assert status == 200 and body["avatar"]["state"] == "available"
    assert body["passport"]["state"] == "changed" and "versionId=" in body["passport"]["url"]
    # Its versions deleted, the image is gone.
    for version in s3.list_object_versions(Bucket=bucket, Prefix="verifications").get("Versions", []):
        if version["Key"] == keys["uploadPassport"]:
            s3.delete_object(Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"])
    status, body = images(functions)
    assert body["avatar"]["state"] == "available" and body["passport"] == {"state": "missing"}


def test_images_before_the_uploads(functions):
    functions.seed(state="pending", vid=VID)
    status, body = images(functions)
    assert status == 200 and body["avatar"] == {"state": "not_uploaded"} and body["passport"] == {"state": "not_uploaded"}


def test_only_admins_get_links(functions):
    functions.seed(state="admin_review_required", vid=VID)
    assert images(functions, "getVerificationImages.coach")[0] == 403
    assert images(functions, "getVerificationImages.unknown-id")[0] == 404


def list_queue(functions, **query):
    event = copy.deepcopy(load_event("listVerifications.admin"))
    event["queryStringParameters"] = {k: str(v) for k, v in query.items()}
    event["rawQueryString"] = "&".join(f"{k}={v}" for k, v in query.items())
    return functions.invoke("listVerifications", event)


def test_the_review_queue_filters_by_status(functions):
    waiting = [functions.seed(coach=str(uuid.uuid4()), state="admin_review_required")["id"] for _ in range(3)]
    functions.seed(coach=str(uuid.uuid4()), state="pending")
    functions.seed(coach=str(uuid.uuid4()), state="passport_verified")
    status, page = list_queue(functions, status="admin_review_required", limit=2)
    assert status == 200 and page["total"] == 3 and page["count"] == 2
    assert [v["id"] for v in page["data"]] == waiting[::-1][:2]  # newest first, with the spec's paging
    assert all(v["status"] == "admin_review_required" for v in page["data"])
    _, rest = list_queue(functions, status="admin_review_required", limit=2, number=1)
    assert [v["id"] for v in rest["data"]] == [waiting[0]]
    assert list_queue(functions, status="passport_verified")[1]["total"] == 1
    assert list_queue(functions, status="approved")[1]["total"] == 0
    status, body = list_queue(functions, status="waiting")
    assert status == 400 and "status" in body["errors"][0]["message"]


def test_a_coach_filters_only_their_own(functions):
    functions.seed(state="admin_review_required", vid=VID)
    functions.seed(coach=str(uuid.uuid4()), state="admin_review_required")
    event = copy.deepcopy(load_event("listVerifications"))
    event["queryStringParameters"] = {"status": "admin_review_required"}
    status, page = functions.invoke("listVerifications", event)
    assert status == 200 and page["total"] == 1 and page["data"][0]["coachId"] == COACH

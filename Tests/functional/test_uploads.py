"""The upload functions fetch the image named by fileKey from the local S3 (moto, signatures checked)."""
import copy
import os
import uuid

from conftest import VID, image_key, load_event


def upload_event(name, key):
    e = copy.deepcopy(load_event(name))
    e["body"] = '{"fileKey": "%s"}' % key
    return e


def attempts(functions):
    _, status = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    return status["progress"]["avatarVerified"]["attempts"], status["progress"]["passportVerified"]["attempts"]


def test_a_missing_file_is_a_400_and_counts_no_attempt(functions, s3):
    functions.seed(state="pending", vid=VID)
    status, body = functions.invoke("uploadAvatar", upload_event("uploadAvatar", image_key(VID)))
    assert status == 400 and body["errors"][0]["message"] == "file not found"
    assert attempts(functions) == (0, 0)


def test_a_file_over_the_size_limit_is_refused(functions, s3):
    functions.seed(state="pending", vid=VID)
    key = image_key(VID)
    s3.put_object(Bucket=os.environ["KYC_TEST_BUCKET"], Key=key, Body=b"\xff\xd8" + b"\0" * 4096)
    functions.env["KYC_MAX_IMAGE_BYTES"] = "1024"
    status, body = functions.invoke("uploadAvatar", upload_event("uploadAvatar", key))
    assert status == 400 and "larger than 1024 bytes" in body["errors"][0]["message"]
    assert attempts(functions) == (0, 0)


def test_a_fetched_file_that_is_no_image_is_a_400(functions, s3):
    functions.seed(state="pending", vid=VID)
    key = image_key(VID)
    s3.put_object(Bucket=os.environ["KYC_TEST_BUCKET"], Key=key, Body=b"%PDF-1.4 not a photo")
    status, body = functions.invoke("uploadAvatar", upload_event("uploadAvatar", key))
    assert status == 400 and body["errors"][0]["message"] == "unsupported image format; upload a JPEG photo"
    assert attempts(functions) == (0, 0)


def test_wrong_credentials_are_a_safe_500_with_a_log_line(functions, s3):
    functions.seed(state="pending", vid=VID)
    functions.env["AWS_SECRET_ACCESS_KEY"] = "wrong"
    status, body = functions.invoke("uploadAvatar", upload_event("uploadAvatar", image_key(VID)))
    # The client learns that it failed and which request it was; the log says why.
    assert status == 500 and body["errors"][0]["message"] == f"internal error (request {body['errors'][0]['requestId']})"
    assert "image storage is not accessible" in functions.stderr[-1]
    assert "SignatureDoesNotMatch" in functions.stderr[-1]
    assert "wrong" not in functions.stderr[-1]


def test_the_client_cannot_choose_bucket_or_host(functions):
    functions.seed(state="pending", vid=VID)
    for key in ["../other-bucket/x.jpg", "https://evil.example/x.jpg", "/kyc-uploads/x.jpg", "a/\u0000.jpg", "a/./b.jpg"]:
        status, _ = functions.invoke("uploadAvatar", upload_event("uploadAvatar", key.replace("\u0000", "\\u0000")))
        assert status == 400, key

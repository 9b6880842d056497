"""uploadAvatar end to end: real JPEGs in the local S3, the real binary, dlib's detector."""
import copy
import json
import time

import pytest

from conftest import TESTDATA, VID, load_event

FACES = sorted((TESTDATA / "faces").glob("*.jpg"))
JOHNS = sorted((TESTDATA / "faces" / "johns").glob("*/*.jpg"))
NONFACES = sorted((TESTDATA / "nonfaces").glob("*.jpg"))
CORPUS = sorted((TESTDATA / "corpus").glob("*"))


def avatar_event(key):
    e = copy.deepcopy(load_event("uploadAvatar"))
    e["body"] = json.dumps({"fileKey": key})
    return e


def upload_avatar(functions, s3, path):
    return functions.invoke("uploadAvatar", avatar_event(functions.upload(s3, path)))


def test_the_test_images_are_there():
    assert len(JOHNS) == 55 and len(FACES) >= 6 and len(NONFACES) == 3 and len(CORPUS) >= 16


@pytest.mark.parametrize("path", [p for p in FACES if p.name != "group.jpg"], ids=lambda p: p.name)
def test_a_selfie_verifies_the_avatar(functions, s3, path):
    functions.seed(state="pending", vid=VID)
    status, body = upload_avatar(functions, s3, path)
    assert status == 200, body
    assert body["status"] == "avatar_verified" and body["currentStep"] == "passport_verification"
    assert body["avatarVerification"]["isHuman"] is True
    assert "failureReason" not in body
    _, progress = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["avatarVerified"] == {"success": True, "attempts": 1}


@pytest.mark.parametrize("path", NONFACES, ids=lambda p: p.name)
def test_no_human_no_verification(functions, s3, path):
    functions.seed(state="pending", vid=VID)
    status, body = upload_avatar(functions, s3, path)
    assert status == 200, body
    assert body["status"] == "pending"
    assert body["avatarVerification"] == {"isHuman": False, "processedAt": body["avatarVerification"]["processedAt"],
                                          "errorMessage": "no face found"}
    assert body["failureReason"]["reason"] == "avatar_not_human" and body["failureReason"]["retryable"] is True


def test_a_group_photo_is_several_faces(functions, s3):
    functions.seed(state="pending", vid=VID)
    status, body = upload_avatar(functions, s3, TESTDATA / "faces" / "group.jpg")
    assert status == 200 and body["avatarVerification"]["isHuman"] is False
    assert body["avatarVerification"]["errorMessage"].startswith("several faces")


def test_the_third_failure_rejects(functions, s3):
    functions.seed(state="pending", vid=VID)
    cat = TESTDATA / "nonfaces" / "chelsea.jpg"
    for attempt in (1, 2):
        status, body = upload_avatar(functions, s3, cat)
        assert body["status"] == "pending"
    status, body = upload_avatar(functions, s3, cat)
    assert status == 200 and body["status"] == "rejected" and body["currentStep"] == "completed"
    assert body["failureReason"]["retryable"] is False
    _, progress = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["avatarVerified"] == {"success": False, "attempts": 3}
    status, _ = upload_avatar(functions, s3, TESTDATA / "faces" / "obama.jpg")
    assert status == 409


@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_exif_orientation_is_applied(functions, s3, orientation):
    functions.seed(state="pending", vid=VID)
    status, body = upload_avatar(functions, s3, TESTDATA / "variants" / f"obama-exif-{orientation}-no-exif.jpg")
    assert body["avatarVerification"]["isHuman"] is False  # the same pixels, sideways, without the tag
    status, body = upload_avatar(functions, s3, TESTDATA / "variants" / f"obama-exif-{orientation}.jpg")
    assert status == 200 and body["avatarVerification"]["isHuman"] is True


@pytest.mark.parametrize("path", ["selfie-1600x1200.jpg", "photo-12mp.jpg", "photo-12mp-progressive.jpg"])
def test_large_photos_decode_to_a_working_size(functions, s3, path):
    functions.seed(state="pending", vid=VID)
    status, body = upload_avatar(functions, s3, TESTDATA / "variants" / path)
    assert status == 200 and body["avatarVerification"]["isHuman"] is True
    assert functions.last_peak_rss_mb < 300


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_broken_file_is_a_quick_400_that_changes_nothing(functions, s3, path):
    functions.seed(state="pending", vid=VID)
    before = functions.invoke("getVerification", load_event("getVerification"))
    key = functions.upload(s3, path)
    started = time.monotonic()
    status, body = functions.invoke("uploadAvatar", avatar_event(key))
    elapsed = time.monotonic() - started
    assert status == 400, body
    assert body["errors"][0]["code"] == "validation"
    assert elapsed < 2, elapsed
    assert functions.last_peak_rss_mb < 300
    assert functions.invoke("getVerification", load_event("getVerification")) == before


def test_johns_are_all_human(functions, s3):
    """dlib's 55 face crops through the real function (one verification each)."""
    import uuid

    from test_scenario import event

    failures = []
    for path in JOHNS:
        coach = str(uuid.uuid4())
        vid = functions.seed(coach=coach, state="pending")["id"]
        e = event("uploadAvatar", user=coach, vid=vid)
        e["body"] = json.dumps({"fileKey": functions.upload(s3, path, vid=vid)})
        status, body = functions.invoke("uploadAvatar", e)
        if status != 200 or not body["avatarVerification"]["isHuman"]:
            failures.append(path.name)
    assert failures == []

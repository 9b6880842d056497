"""The image_matching step: the avatar's face against the passport photo, in one uploadPassport call."""
import copy
import json
import re

from conftest import TESTDATA, VID, load_event

PAGES = TESTDATA / "passports"


def verify(functions, s3, avatar, page, view="admin"):
    """create (seeded) → uploadAvatar(avatar) → uploadPassport(page); returns the final
    verification as an admin reads it (the score is the reviewer's), or as the coach got it."""
    functions.seed(state="pending", vid=VID)
    e = copy.deepcopy(load_event("uploadAvatar"))
    e["body"] = json.dumps({"fileKey": functions.upload(s3, avatar)})
    status, body = functions.invoke("uploadAvatar", e)
    assert status == 200 and body["status"] == "avatar_verified", body
    e = copy.deepcopy(load_event("uploadPassport"))
    e["body"] = json.dumps({"fileKey": functions.upload(s3, page)})
    status, body = functions.invoke("uploadPassport", e)
    assert status == 200, body
    if view == "coach":
        return body
    read = copy.deepcopy(load_event("getVerification.admin"))
    read["pathParameters"]["verificationId"] = VID
    status, body = functions.invoke("getVerification", read)
    assert status == 200, body
    return body


def test_the_coach_sees_neither_the_score_nor_the_threshold_nor_the_reviewer(functions, s3):
    """Shown to the coach, the score against the threshold is an oracle for tuning a selfie."""
    body = verify(functions, s3, TESTDATA / "faces" / "obama3.jpg", PAGES / "p01-clean.jpg", view="coach")
    assert body["imageMatchResult"]["isMatched"] is False and "matchScore" not in body["imageMatchResult"]
    assert body["failureReason"]["reason"] == "images_no_match"
    assert not re.search(r"\d\.\d", body["failureReason"]["details"]), body["failureReason"]
    _, coach = functions.invoke("getVerification", load_event("getVerification"))
    assert "matchScore" not in coach["imageMatchResult"] and "threshold" not in coach["failureReason"]["details"]
    decided = copy.deepcopy(load_event("adminManageVerification.reject"))
    assert functions.invoke("adminManageVerification", decided)[0] == 200
    _, coach = functions.invoke("getVerification", load_event("getVerification"))
    assert coach["adminApproval"]["approved"] is False and "reviewerId" not in coach["adminApproval"]


def test_the_same_person_matches(functions, s3):
    # Another photo of the person whose portrait is printed on page p00.
    body = verify(functions, s3, TESTDATA / "faces" / "obama3.jpg", PAGES / "p00-clean.jpg")
    assert body["status"] == "admin_review_required" and body["currentStep"] == "admin_review"
    match = body["imageMatchResult"]
    assert match["isMatched"] is True and 0.8 <= match["matchScore"] <= 1
    assert "failureReason" not in body
    _, status = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert status["progress"]["imagesMatched"] is True and status["nextStep"] == "completed"


def test_another_person_does_not_match(functions, s3):
    body = verify(functions, s3, TESTDATA / "faces" / "obama3.jpg", PAGES / "p01-clean.jpg")  # Biden's portrait
    assert body["status"] == "admin_review_required"
    match = body["imageMatchResult"]
    assert match["isMatched"] is False and match["matchScore"] < 0.8
    failure = body["failureReason"]
    assert failure["reason"] == "images_no_match" and failure["step"] == "image_matching"
    assert re.fullmatch(r"Match score 0\.\d+ is below threshold 0\.8", failure["details"]), failure["details"]


def test_the_threshold_is_configurable(functions, s3):
    functions.env["KYC_MATCH_THRESHOLD"] = "0.999"
    body = verify(functions, s3, TESTDATA / "faces" / "obama3.jpg", PAGES / "p00-clean.jpg")
    assert body["imageMatchResult"]["isMatched"] is False
    assert body["failureReason"]["details"].endswith("below threshold 1.0")


def test_a_passport_photo_without_a_face_is_a_processing_error(functions, s3, tmp_path):
    from PIL import Image, ImageDraw

    page = Image.open(PAGES / "p00-clean.jpg")
    ImageDraw.Draw(page).rectangle((40, 125, 320, 485), fill=(236, 232, 220))  # blank the portrait
    path = tmp_path / "no-portrait.jpg"
    page.save(path, "JPEG", quality=92)
    body = verify(functions, s3, TESTDATA / "faces" / "obama3.jpg", path)
    assert body["status"] == "admin_review_required"
    assert body["imageMatchResult"]["isMatched"] is False
    assert body["failureReason"]["reason"] == "image_processing_error"
    assert body["imageMatchResult"]["errorMessage"] == "no face found on the passport photo"


def test_the_admin_then_decides(functions, s3):
    verify(functions, s3, TESTDATA / "faces" / "obama3.jpg", PAGES / "p00-clean.jpg")
    status, body = functions.invoke("adminManageVerification", load_event("adminManageVerification"))
    assert status == 200 and body["status"] == "approved" and body["currentStep"] == "completed"


def test_a_missing_avatar_image_is_a_processing_error_not_a_refusal(functions, s3):
    """The avatar's object is gone (say a lifecycle rule expired it): the passport is still read."""
    functions.seed(state="avatar_verified", vid=VID)  # its avatar key names no object here
    s3.delete_object(Bucket=functions.env["KYC_BUCKET"], Key="seed/avatar.jpg")
    e = copy.deepcopy(load_event("uploadPassport"))
    e["body"] = json.dumps({"fileKey": functions.upload(s3, PAGES / "p00-clean.jpg")})
    status, body = functions.invoke("uploadPassport", e)
    # The coach sees the outcome; the score and the threshold are the reviewer's.
    assert status != 200 or "matchScore" not in (body.get("imageMatchResult") or {}), body
    if status == 200:
        read = copy.deepcopy(load_event("getVerification.admin"))
        read["pathParameters"]["verificationId"] = VID
        status, body = functions.invoke("getVerification", read)
    assert status == 200 and body["passportVerification"]["ocrSuccess"] is True
    assert body["status"] == "admin_review_required"
    assert body["failureReason"]["reason"] == "image_processing_error"
    assert body["imageMatchResult"]["errorMessage"] == "the verified avatar image is not available"

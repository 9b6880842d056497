"""uploadPassport end to end: generated passport pages in the local S3, the real binary, Tesseract."""
import copy
import json
import time

import pytest

from conftest import TESTDATA, VID, load_event

PAGES = TESTDATA / "passports"
TRUTH = json.loads((PAGES / "truth.json").read_text()) if (PAGES / "truth.json").exists() else {}


def passport_event(key):
    e = copy.deepcopy(load_event("uploadPassport"))
    e["body"] = json.dumps({"fileKey": key})
    return e


def upload_passport(functions, s3, name):
    return functions.invoke("uploadPassport", passport_event(functions.upload(s3, PAGES / name)))


@pytest.fixture
def avatar_verified(functions, s3):
    """A verification whose avatar (the face on page p00) passed: the state uploadPassport needs."""
    functions.seed(state="pending", vid=VID)
    e = copy.deepcopy(load_event("uploadAvatar"))
    e["body"] = json.dumps({"fileKey": functions.upload(s3, TESTDATA / "faces" / "obama.jpg")})
    status, body = functions.invoke("uploadAvatar", e)
    assert status == 200 and body["status"] == "avatar_verified"
    return functions


@pytest.mark.parametrize("name", ["p00-clean.jpg", "p01-clean.jpg", "p05-perspective.jpg", "p08-upside-down.jpg",
                                  "p03-rotated.jpg", "p10-jpeg-q40.jpg"])
def test_a_readable_page_verifies_the_passport(avatar_verified, s3, name):
    functions, truth = avatar_verified, TRUTH[name]
    status, body = upload_passport(functions, s3, name)
    assert status == 200, body
    # The avatar is not the person on every page: a face mismatch is the matching step's, not OCR's.
    assert body["status"] == "admin_review_required"
    result = body["passportVerification"]
    assert result["ocrSuccess"] is True
    assert body.get("failureReason", {"step": "image_matching"})["step"] == "image_matching"
    data = result["passportData"]
    assert data["passportNumber"] == truth["passportNumber"]
    assert data["dateOfBirth"] == truth["dateOfBirth"] and data["expiryDate"] == truth["expiryDate"]
    assert data["sex"] == truth["sex"] and data["issuingState"] == truth["issuingState"]
    assert data["issuedDate"] == truth["issuedDate"] and "issuedDate" not in result.get("missingFields", [])
    assert 0.8 <= result["confidence"] <= 1
    _, progress = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["passportVerified"] == {"success": True, "attempts": 1}


# Pages as users upload them, each laid out as its state prints it (captions in the national
# language, numbered or not, national date formats): the MRZ and the printed fields are read.
@pytest.mark.parametrize("name", [
    "p08-clean.jpg",          # Czech: numbered captions, DD.MM.YYYY
    "p05-pattern-bg.jpg",     # Spanish, a coloured guilloche running through the MRZ
    "p06-edge-crop.jpg",      # Croatian `25.12.1982.`, the MRZ at the bottom edge
    "p02-scan-450.jpg",       # French `20 FÉVR/FEB 2023`, a 450 px scan
    "p01-quarter-turn.jpg",   # German, a landscape page photographed in portrait
    "p07-spread.jpg",         # an open booklet on a dark table
    "p10-photo-glare.jpg",    # Hungarian `17 JÚN/JUN 72`, perspective, glare and blur
    "p06-watermark.jpg",      # a stock-photo watermark across the page
])
def test_pages_as_users_upload_them(avatar_verified, s3, name):
    functions, truth = avatar_verified, TRUTH[name]
    status, body = upload_passport(functions, s3, name)
    assert status == 200, body
    result = body["passportVerification"]
    assert result["ocrSuccess"] is True, result
    data = result["passportData"]
    for field in ["passportNumber", "dateOfBirth", "expiryDate", "sex", "issuingState", "issuedDate", "placeOfBirth"]:
        assert data[field] == truth[field], field
    assert "missingFields" not in result and "mismatchedFields" not in result


def test_a_small_scan_reads_its_mrz(avatar_verified, s3):
    status, body = upload_passport(avatar_verified, s3, "p03-scan-300.jpg")
    data, truth = body["passportVerification"]["passportData"], TRUTH["p03-scan-300.jpg"]
    assert status == 200 and data["passportNumber"] == truth["passportNumber"]
    assert data["dateOfBirth"] == truth["dateOfBirth"] and data["expiryDate"] == truth["expiryDate"]


def test_every_mrz_field_of_the_specimen(avatar_verified, s3):
    status, body = upload_passport(avatar_verified, s3, "p00-clean.jpg")
    data = body["passportVerification"]["passportData"]
    assert data == {"firstName": "ANNA", "middleName": "MARIA", "lastName": "ERIKSSON", "passportNumber": "L898902C3",
                    "dateOfBirth": "1974-08-12", "issuedDate": "2022-04-16", "placeOfBirth": "ZENITH",
                    "subdivision": "", "nationality": "UTO", "sex": "F", "documentType": "P", "documentFormat": "TD3",
                    "issuingState": "UTO",
                    "expiryDate": "2032-04-15"}
    assert body["passportVerification"]["confidence"] == 1


def test_an_image_without_an_mrz_asks_for_the_side_with_the_lines_and_counts_no_attempt(avatar_verified, s3):
    status, body = upload_passport(avatar_verified, s3, "blank.jpg")
    assert status == 200 and body["status"] == "avatar_verified"
    assert body["passportVerification"]["ocrSuccess"] is False and "passportData" not in body["passportVerification"]
    assert body["failureReason"]["reason"] == "passport_ocr_failed" and body["failureReason"]["retryable"] is True
    assert "send the side of the document with the lines" in body["failureReason"]["details"]
    _, progress = avatar_verified.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["passportVerified"]["attempts"] == 0


@pytest.mark.parametrize("name, words", [("altered-check-digit.jpg", "check digit"), ("expired.jpg", "expired")])
def test_an_invalid_mrz_is_an_invalid_format(avatar_verified, s3, name, words):
    status, body = upload_passport(avatar_verified, s3, name)
    assert status == 200 and body["status"] == "avatar_verified"
    assert body["failureReason"]["reason"] == "passport_invalid_format"
    assert words in body["passportVerification"]["errorMessage"]


def test_three_failed_pages_reject(avatar_verified, s3):
    for name in ["expired.jpg", "expired.jpg"]:
        _, body = upload_passport(avatar_verified, s3, name)
        assert body["status"] == "avatar_verified"
    status, body = upload_passport(avatar_verified, s3, "altered-check-digit.jpg")
    assert status == 200 and body["status"] == "rejected" and body["failureReason"]["retryable"] is False
    _, progress = avatar_verified.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["passportVerified"] == {"success": False, "attempts": 3}
    status, _ = upload_passport(avatar_verified, s3, "p00-clean.jpg")
    assert status == 409


def test_a_broken_file_counts_no_attempt(avatar_verified, s3):
    status, body = avatar_verified.invoke(
        "uploadPassport", passport_event(avatar_verified.upload(s3, TESTDATA / "corpus" / "truncated-half.jpg")))
    assert status == 400
    _, progress = avatar_verified.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["passportVerified"]["attempts"] == 0


@pytest.mark.parametrize("name", ["sliver-100x65500.jpg", "band-65500x120.jpg", "claims-60000x60000.jpg"])
def test_hostile_geometry_is_a_quick_400_within_the_memory_budget(avatar_verified, s3, name):
    key = avatar_verified.upload(s3, TESTDATA / "corpus" / name)
    started = time.monotonic()
    status, body = avatar_verified.invoke("uploadPassport", passport_event(key))
    assert status == 400 and body["errors"][0]["code"] == "validation", body
    assert time.monotonic() - started < 2
    assert avatar_verified.last_peak_rss_mb <= 400
    _, progress = avatar_verified.invoke("getVerificationStatus", load_event("getVerificationStatus"))
    assert progress["progress"]["passportVerified"]["attempts"] == 0


def test_logs_hold_no_passport_data(avatar_verified, s3):
    upload_passport(avatar_verified, s3, "p00-clean.jpg")
    logs = "\n".join(avatar_verified.stderr)
    for secret in ["ERIKSSON", "L898902C3", "1974-08-12", "ZENITH", "ANNA"]:
        assert secret not in logs
    for line in avatar_verified.stderr[-1].splitlines():
        json.loads(line)  # only JSON lines: Tesseract's own chatter is silenced

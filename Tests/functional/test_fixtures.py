"""Every fixture in events/ through its real executable; every response checked against openapi.yaml."""
import pytest

from conftest import COACH, EVENTS, ROOT, VID, load_event

# fixture -> (state of the seeded verification VID owned by COACH, or None; expected status)
CASES = {
    "createVerification": (None, 201),
    "createVerification.base64-body": (None, 201),
    "createVerification.missing-user-header": (None, 400),
    "createVerification.bad-user-header": (None, 400),
    "createVerification.no-claims": (None, 401),
    "createVerification.sub-mismatch": (None, 403),
    "createVerification.malformed-body": (None, 400),
    "createVerification.notes-too-long": (None, 400),
    "createVerification.status-injection": (None, 400),
    "createVerification.body-too-large": (None, 413),
    "listVerifications": ("pending", 200),
    "listVerifications.admin": ("pending", 200),
    "listVerifications.bad-limit": (None, 400),
    "listVerifications.other-coach": (None, 403),
    "getVerification": ("pending", 200),
    "getVerification.admin": ("pending", 200),
    "getVerification.bad-uuid": (None, 400),
    "getVerification.unknown-id": (None, 404),
    "getVerification.wrong-coach": ("pending", 404),
    "updatePassportData": ("admin_review_required", 204),
    "updatePassportData.mass-assignment": ("admin_review_required", 400),
    "updatePassportData.future-birth": ("admin_review_required", 400),
    "updatePassportData.wrong-coach": ("admin_review_required", 404),
    "uploadAvatar": ("pending", 200),
    "uploadAvatar.path-traversal": ("pending", 400),
    "uploadAvatar.url-file-key": ("pending", 400),
    "uploadPassport": ("avatar_verified", 200),
    "uploadPassport.missing-body": ("avatar_verified", 400),
    "getVerificationStatus": ("pending", 200),
    "getVerificationStatus.none": ("pending", 404),
    "adminManageVerification": ("admin_review_required", 200),
    "adminManageVerification.reject": ("admin_review_required", 200),
    "adminManageVerification.reject-without-reason": ("admin_review_required", 400),
    "adminManageVerification.non-admin": ("admin_review_required", 403),
    "getVerificationImages": ("admin_review_required", 200),
    "getVerificationImages.coach": ("admin_review_required", 403),
    "getVerificationImages.unknown-id": (None, 404),
    "deletePersonalData": ("approved", 204),
    "deletePersonalData.coach": ("approved", 403),
    "deletePersonalData.unknown-id": (None, 404),
    "listDeadLetters": (None, 200),
    "listDeadLetters.coach": (None, 403),
    "replayEvent.unknown-id": (None, 404),
    "replayEvent.coach": (None, 403),
    "createUploadSlot": ("pending", 201),
    "createUploadSlot.bad-purpose": ("pending", 400),
    "createUploadSlot.other-coach": ("pending", 404),
    "createCaptureSession": ("pending", 201),
    # Chip verification: the nonce, and a chip whose EF.SOD is no SOD (recorded as malformed).
    "createChipNonce": ("admin_review_required", 201),
    "verifyChip": ("admin_review_required", 200),
    "verifyChip.malformed-body": ("admin_review_required", 400),
    # The capture routes with a token of no session (even with an authorizer's context in the
    # event, the function checks the token itself).
    "getCaptureProgress.unknown-token": ("pending", 401),
    "createCaptureUpload.unknown-token": ("pending", 401),
    "uploadCaptureAvatar.unknown-token": ("pending", 401),
    "uploadCapturePassport.unknown-token": ("avatar_verified", 401),
    "createCaptureHandoff.unknown-token": ("pending", 401),
    # The frame check trusts the authorizer's context alone: without it, nothing.
    "checkCaptureFrame.no-authorizer": ("pending", 401),
    # Not an API operation (no schema in openapi.yaml): the review console's files.
    "serveConsole": (None, 200),
    "serveConsole.config": (None, 200),
    "serveConsole.traversal": (None, 404),
}


@pytest.fixture(autouse=True)
def fixture_images(s3):
    """The objects the upload fixtures name, as an app would have uploaded them (again for each
    case: the erasure case deletes everything under the verification's prefix)."""
    import os

    from conftest import TESTDATA

    for key, path in [(f"verifications/{VID}/avatar/selfie.jpg", "faces/obama.jpg"),
                      ("seed/avatar.jpg", "faces/obama.jpg"),
                      (f"verifications/{VID}/passport/page.jpg", "passports/p00-clean.jpg")]:
        s3.put_object(Bucket=os.environ["KYC_TEST_BUCKET"], Key=key, Body=(TESTDATA / path).read_bytes())


def test_every_fixture_has_a_case():
    assert {p.stem for p in EVENTS.glob("*.json")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture(functions, name):
    state, expected = CASES[name]
    if state:
        functions.seed(state=state, vid=VID)
    operation_id = name.split(".")[0]
    before = functions.invoke("getVerification", load_event("getVerification"), check=False) if state else None
    console = operation_id == "serveConsole"
    functions.env["KYC_CONSOLE_DIR"] = str(ROOT / "console")
    status, body = functions.invoke(operation_id, load_event(name), check=not console)
    assert status == expected, body
    if status >= 400:
        error = body["errors"][0]
        assert error["endpoint"] == load_event(name)["routeKey"]
        assert error["requestId"] == load_event(name)["requestContext"]["requestId"]
        assert error["message"]
        if state:  # a refused request changes nothing stored
            after = functions.invoke("getVerification", load_event("getVerification"), check=False)
            assert after == before


def test_admin_decision_records_the_authenticated_reviewer(functions):
    functions.seed(state="admin_review_required", vid=VID)
    status, body = functions.invoke("adminManageVerification", load_event("adminManageVerification"))
    assert status == 200 and body["status"] == "approved" and body["currentStep"] == "completed"
    assert "nextStep" not in body
    _, verification = functions.invoke("getVerification", load_event("getVerification.admin"))
    assert verification["adminApproval"]["reviewerId"] == load_event("adminManageVerification")["headers"]["x-current-user-id"]
    assert verification["completedAt"]
    # The coach learns the decision, not who made it.
    _, coach = functions.invoke("getVerification", load_event("getVerification"))
    assert coach["adminApproval"]["approved"] is True and "reviewerId" not in coach["adminApproval"]


def test_correction_is_kept_beside_the_ocr_result(functions):
    seeded = functions.seed(state="admin_review_required", vid=VID)
    status, _ = functions.invoke("updatePassportData", load_event("updatePassportData"))
    assert status == 204
    _, verification = functions.invoke("getVerification", load_event("getVerification"))
    assert verification["passportVerification"]["passportData"] == seeded["passportVerification"]["passportData"]
    assert verification["correctedPassportData"]["placeOfBirth"] == "Zenith, Utopia"
    assert verification["coachId"] == COACH

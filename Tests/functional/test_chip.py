"""Chip verification through the local runner (`kyc-local serve`) on chips made for the test
(Tests/support/chips.py): a test CSCA trusted through KYC_CSCA_TRUST, data groups from the seeded
identity and the test faces, each kind of tampering; Active Authentication with the server's
nonce. Every answer is held to openapi.yaml."""
import base64
import json
import os
import sys
import uuid

import pytest
from mrz.generator.td3 import TD3CodeGenerator

from conftest import ADMIN, ROOT, TESTDATA
from runner import LocalAPI

sys.path.insert(0, str(ROOT / "Tests" / "support"))
from chips import Authority, ChipKey, dg1, dg2, dg14  # noqa: E402

FACES = TESTDATA / "faces"
SELFIE = FACES / "obama3.jpg"

pytestmark = pytest.mark.skipif("KYC_TEST_S3_GATE_ENDPOINT" not in os.environ and
                                not os.environ.get("KYC_REQUIRE_INTEGRATION"), reason="no local S3")


def zone(birth="740812", number="L898902C3"):
    """The MRZ of kyc-seed's page (Anna Maria Eriksson), or one that differs from it."""
    return str(TD3CodeGenerator("P", "UTO", "ERIKSSON", "ANNA MARIA", number, "UTO", birth, "F", "320415",
                                "")).split("\n")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    root = tmp_path_factory.mktemp("pki")
    return {"trusted": Authority(root / "trusted"), "rogue": Authority(root / "rogue", name="Rogue"),
            # Valid through 2016 only: its chain has expired when the SOD is signed today.
            "expired": Authority(root / "expired", name="Old", when="2016-01-01", days=365)}


@pytest.fixture(scope="module")
def api(tmp_path_factory, s3, pki):
    local = LocalAPI(tmp_path_factory.mktemp("chip"))
    local.env["KYC_CSCA_TRUST"] = f"{pki['trusted'].csca}, {pki['expired'].csca}"
    with local.running() as running:
        yield running


def answer(contract, operation, status, headers, body):
    """The runner's answer held to the spec, as a response document."""
    lowered = {name.lower(): value for name, value in headers.items()}
    doc = {"statusCode": status, "headers": {"content-type": lowered.get("content-type")},
           "body": json.dumps(body), "isBase64Encoded": False}
    return contract.check(operation, doc)


def seeded(api):
    """A verification waiting on the admin, its page read as kyc-seed's identity; no selfie image."""
    coach = str(uuid.uuid4())
    vid = api.seed(coach, "admin_review_required")["id"]
    return vid, coach, api.token(coach)


def with_selfie(api):
    """A new verification whose selfie (obama3.jpg) passed, through an upload slot."""
    coach = str(uuid.uuid4())
    token = api.token(coach)
    status, _, created = api.request("POST", "/verifications", token, coach, {})
    assert status == 201, created
    key = api.upload(created["id"], token, coach, "avatar", SELFIE)
    status, _, body = api.request("POST", f"/verifications/{created['id']}/avatar", token, coach, {"fileKey": key})
    assert status == 200 and body["status"] == "avatar_verified", body
    api.selfie_key = key
    return created["id"], coach, token


def chip_body(authority, groups, signature=None, tamper=None):
    """verifyChip's body: the SOD signed over `groups` (with DG2 of obama.jpg unless given), then
    `tamper` applied to the groups sent."""
    groups = {2: dg2(FACES / "obama.jpg"), **groups}
    sod = authority.sod(groups)
    sent = dict(groups)
    if tamper:
        tamper(sent)
    body = {"sod": base64.b64encode(sod).decode()}
    body.update({f"dg{n}": base64.b64encode(data).decode() for n, data in sent.items()})
    if signature is not None:
        body["activeAuthenticationSignature"] = base64.b64encode(signature).decode()
    return body


def send(api, contract, vid, coach, token, body):
    status, headers, answered = api.request("POST", f"/verifications/{vid}/chip", token, coach, body)
    return status, answer(contract, "verifyChip", status, headers, answered)


def admin_view(api, contract, vid):
    admin = api.token(ADMIN, admin=True)
    status, headers, body = api.request("GET", f"/verifications/{vid}", admin, ADMIN)
    assert status == 200, body
    return answer(contract, "getVerification", status, headers, body)


def signals(view):
    return sorted(signal["code"] for signal in view["riskSignals"] if signal["code"].startswith("chip_"))


def test_a_genuine_chip_passes_and_its_mrz_matches_the_page(api, contract, pki):
    vid, coach, token = seeded(api)
    groups = {1: dg1(zone()), 2: dg2(FACES / "obama.jpg")}
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], groups))
    assert status == 200, body
    chip = body["chipVerification"]
    assert chip["passiveAuthentication"] == "passed" and "failureReason" not in chip
    assert chip["dataGroups"] == [1, 2] and chip["issuingCountry"] == "UT"
    assert "Test Document Signer" in chip["signer"] and "Test CSCA" in chip["csca"]
    assert chip["dataGroupHashAlgorithm"] == "SHA-256"
    assert chip["mrzComparison"] == "match" and chip["activeAuthentication"] == "not_performed"
    # The seeded verification has no selfie image: the portrait is not compared.
    assert chip["portraitMatch"] == "not_compared"
    # The status stays where it was: the admin decides.
    assert body["status"] == "admin_review_required" and "riskSignals" not in body
    view = admin_view(api, contract, vid)
    assert signals(view) == []
    assert view["history"][-1]["type"] == "verification.chip_checked"


def test_a_dg1_that_differs_from_the_page_is_flagged(api, contract, pki):
    vid, coach, token = seeded(api)
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], {1: dg1(zone(birth="750812"))}))
    assert status == 200, body
    chip = body["chipVerification"]
    assert chip["passiveAuthentication"] == "passed"
    assert chip["mrzComparison"] == "mismatch" and chip["mismatchedFields"] == ["dateOfBirth"]
    assert signals(admin_view(api, contract, vid)) == ["chip_data_mismatch"]


@pytest.mark.parametrize("jpeg2000", [False, True], ids=["jpeg", "jpeg2000"])
def test_the_portrait_matches_the_selfie_and_another_face_does_not(api, contract, pki, jpeg2000):
    vid, coach, token = with_selfie(api)
    groups = {1: dg1(zone()), 2: dg2(FACES / "obama.jpg", jpeg2000=jpeg2000)}
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], groups))
    assert status == 200, body
    chip = body["chipVerification"]
    assert chip["portraitFormat"] == ("jpeg2000" if jpeg2000 else "jpeg")
    assert chip["portraitMatch"] == "match" and "portraitMatchScore" not in chip  # the score is the admin's
    assert chip["mrzComparison"] == "not_compared"  # no page yet
    view = admin_view(api, contract, vid)
    assert view["chipVerification"]["portraitMatchScore"] >= 0.8
    groups = {1: dg1(zone()), 2: dg2(FACES / "biden.jpg", jpeg2000=jpeg2000)}
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], groups))
    assert status == 200, body
    assert body["chipVerification"]["portraitMatch"] == "mismatch"
    view = admin_view(api, contract, vid)
    assert view["chipVerification"]["portraitMatchScore"] < 0.8
    assert signals(view) == ["chip_data_mismatch"]


def dg1_changed(groups):
    groups[1] = dg1(zone(number="X12345678"))


@pytest.mark.parametrize("case, reason, signal", [
    ("rogue", "unknown_issuer", "chip_unknown_issuer"),
    ("expired", "certificate_expired", "chip_signature_invalid"),
    ("changed", "data_group_mismatch", "chip_signature_invalid"),
])
def test_an_untrusted_signer_an_expired_chain_and_a_changed_group_are_refused_with_their_reason(
        api, contract, pki, case, reason, signal):
    vid, coach, token = seeded(api)
    authority = pki["trusted"] if case == "changed" else pki[case]
    body = chip_body(authority, {1: dg1(zone())}, tamper=dg1_changed if case == "changed" else None)
    status, answered = send(api, contract, vid, coach, token, body)
    assert status == 200, answered
    chip = answered["chipVerification"]
    assert chip["passiveAuthentication"] == "failed" and chip["failureReason"] == reason
    if case == "changed":
        assert chip["failureDetails"] == "DG1 does not hash to the EF.SOD's value"
    assert signal in signals(admin_view(api, contract, vid))


def test_a_group_the_sod_does_not_list_is_refused(api, contract, pki):
    vid, coach, token = seeded(api)
    body = chip_body(pki["trusted"], {1: dg1(zone())}, tamper=lambda g: g.update({15: ChipKey().dg15()}))
    status, answered = send(api, contract, vid, coach, token, body)
    assert status == 200 and answered["chipVerification"]["failureReason"] == "data_group_not_listed"


@pytest.mark.parametrize("kind", ["rsa", "ecdsa"])
def test_active_authentication_passes_with_the_chips_key_and_fails_with_another(api, contract, pki, kind):
    vid, coach, token = seeded(api)
    chip, other = ChipKey(kind), ChipKey(kind)
    groups = {1: dg1(zone()), 15: chip.dg15()}
    for signer, expected in ((chip, "passed"), (other, "failed")):
        status, headers, nonce = api.request("POST", f"/verifications/{vid}/chip/nonce", token, coach)
        assert status == 201, nonce
        answer(contract, "createChipNonce", status, headers, nonce)
        challenge = base64.b64decode(nonce["nonce"])
        assert len(challenge) == 8
        status, body = send(api, contract, vid, coach, token,
                            chip_body(pki["trusted"], groups, signature=signer.sign(challenge)))
        assert status == 200, body
        assert body["chipVerification"]["passiveAuthentication"] == "passed"
        assert body["chipVerification"]["activeAuthentication"] == expected
    assert signals(admin_view(api, contract, vid)) == ["chip_signature_invalid"]


def test_a_chip_that_supports_active_authentication_not_asked_to_is_said_so(api, contract, pki):
    vid, coach, token = seeded(api)
    groups = {1: dg1(zone()), 15: ChipKey("rsa").dg15()}
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], groups))
    assert status == 200, body
    answered = body["chipVerification"]
    assert answered["passiveAuthentication"] == "passed" and answered["activeAuthentication"] == "not_performed"
    assert answered["activeAuthenticationSkipped"] is True
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], {1: dg1(zone())}))
    assert status == 200 and "activeAuthenticationSkipped" not in body["chipVerification"], body


def test_what_the_sod_does_not_vouch_for_is_neither_decoded_nor_trusted(api, contract, pki):
    """A chip signed under an untrusted CSCA: its portrait is not decoded or matched, and its DG15
    key, the client's own for all the server knows, does not make Active Authentication pass."""
    vid, coach, token = with_selfie(api)
    chip = ChipKey("ecdsa")
    _, _, nonce = api.request("POST", f"/verifications/{vid}/chip/nonce", token, coach)
    signature = chip.sign(base64.b64decode(nonce["nonce"]))
    groups = {1: dg1(zone()), 2: dg2(FACES / "obama.jpg", jpeg2000=True), 15: chip.dg15()}
    status, body = send(api, contract, vid, coach, token, chip_body(pki["rogue"], groups, signature=signature))
    assert status == 200, body
    answered = body["chipVerification"]
    assert answered["passiveAuthentication"] == "failed" and answered["failureReason"] == "unknown_issuer"
    assert answered["activeAuthentication"] == "not_performed"
    assert answered["portraitMatch"] == "not_compared" and "portraitFormat" not in answered


def test_a_nonce_is_used_once_and_a_signature_needs_one(api, contract, pki):
    vid, coach, token = seeded(api)
    chip = ChipKey("ecdsa")
    groups = {1: dg1(zone()), 15: chip.dg15()}
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], groups, signature=b"\x01" * 64))
    assert status == 409 and body["errors"][0]["code"] == "validation"
    _, _, nonce = api.request("POST", f"/verifications/{vid}/chip/nonce", token, coach)
    signature = chip.sign(base64.b64decode(nonce["nonce"]))
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], groups, signature=signature))
    assert status == 200 and body["chipVerification"]["activeAuthentication"] == "passed"
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], groups, signature=signature))
    assert status == 409, body


def test_malformed_input_is_a_400_in_the_errors_envelope_never_a_500(api, contract, pki):
    vid, coach, token = seeded(api)
    good = chip_body(pki["trusted"], {1: dg1(zone())})
    for change in ({"dg1": "not base64!"}, {"dg1": base64.b64encode(b"x" * 300).decode()}, {"dg2": ""},
                   {"status": "approved"}, {"sod": 5}):
        status, body = send(api, contract, vid, coach, token, {**good, **change})
        assert status == 400 and body["errors"][0]["code"] == "validation", (change, body)
    missing = {k: v for k, v in good.items() if k != "sod"}
    status, body = send(api, contract, vid, coach, token, missing)
    assert status == 400, body
    # Bytes that decode but are no SOD or data group: refused as malformed, recorded.
    junk = {"sod": base64.b64encode(b"\x77\x03abc").decode(), "dg1": base64.b64encode(b"\x61\x01x").decode(),
            "dg2": base64.b64encode(b"\x75\x00").decode()}
    status, body = send(api, contract, vid, coach, token, junk)
    assert status == 200 and body["chipVerification"]["failureReason"] == "malformed", body


def test_only_the_owning_coach_in_the_chip_states_may_send_a_chip(api, contract, pki):
    vid, coach, token = seeded(api)
    body = chip_body(pki["trusted"], {1: dg1(zone())})
    other = str(uuid.uuid4())
    status, _ = send(api, contract, vid, other, api.token(other), body)
    assert status == 404
    status, _ = send(api, contract, vid, ADMIN, api.token(ADMIN, admin=True), body)
    assert status == 403
    pending = str(uuid.uuid4())
    fresh = api.seed(pending, "pending")["id"]
    status, answered = send(api, contract, fresh, pending, api.token(pending), body)
    assert status == 409, answered
    status, _, answered = api.request("POST", f"/verifications/{fresh}/chip/nonce", api.token(pending), pending)
    assert status == 409, answered


def test_a_selfie_gone_since_its_check_leaves_the_portrait_uncompared(api, contract, pki, s3):
    vid, coach, token = with_selfie(api)
    # Every version: the bucket keeps the one analysed, which the check reads, past a plain delete.
    bucket = os.environ["KYC_TEST_BUCKET"]
    # (Listed by its first segment: moto refuses the signature of a listing whose prefix holds a `/`.)
    listed = s3.list_object_versions(Bucket=bucket, Prefix=api.selfie_key.split("/")[0]).get("Versions", [])
    for version in [v for v in listed if v["Key"] == api.selfie_key]:
        s3.delete_object(Bucket=bucket, Key=api.selfie_key, VersionId=version["VersionId"])
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], {1: dg1(zone())}))
    assert status == 200, body
    assert body["chipVerification"]["passiveAuthentication"] == "passed"
    assert body["chipVerification"]["portraitMatch"] == "not_compared"


def test_ef_card_security_is_checked_as_the_sod_is(api, contract, pki):
    vid, coach, token = seeded(api)
    body = chip_body(pki["trusted"], {1: dg1(zone())})
    status, answered = send(api, contract, vid, coach, token,
                            {**body, "cardSecurity": base64.b64encode(pki["trusted"].card_security()).decode()})
    assert status == 200 and answered["chipVerification"]["cardSecurity"] == "passed", answered
    status, answered = send(api, contract, vid, coach, token,
                            {**body, "cardSecurity": base64.b64encode(pki["rogue"].card_security()).decode()})
    chip = answered["chipVerification"]
    assert chip["passiveAuthentication"] == "passed" and chip["cardSecurity"] == "failed"
    assert chip["cardSecurityFailureReason"] == "unknown_issuer"
    assert signals(admin_view(api, contract, vid)) == ["chip_signature_invalid"]


@pytest.mark.parametrize("named, expected", [("sha256", "passed"), ("sha512", "failed")])
def test_dg14_names_the_ecdsa_hash_of_active_authentication(api, contract, pki, named, expected):
    """The chip signs with SHA-256: a DG14 naming it passes; one naming SHA-512 fails, though the
    signature would verify with another hash tried."""
    vid, coach, token = seeded(api)
    chip = ChipKey("ecdsa")
    _, _, nonce = api.request("POST", f"/verifications/{vid}/chip/nonce", token, coach)
    signature = chip.sign(base64.b64decode(nonce["nonce"]))
    groups = {1: dg1(zone()), 14: dg14(named), 15: chip.dg15()}
    status, body = send(api, contract, vid, coach, token, chip_body(pki["trusted"], groups, signature=signature))
    assert status == 200 and body["chipVerification"]["activeAuthentication"] == expected, body

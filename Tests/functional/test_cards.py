"""Identity cards end to end: the generated cards (Tests/support/cards.py) — TD1 backs and fronts,
TD2 fronts, visas and other refusals — read by the project's reader over every variant, and through
the real uploadPassport binary with one side or both."""
import collections
import copy
import json
import os
import subprocess

import pytest
import read_judge

from conftest import BIN, TESTDATA, VID, load_event

CARDS = TESTDATA / "cards"
TRUTH = json.loads((CARDS / "truth.json").read_text()) if (CARDS / "truth.json").exists() else {}

pytestmark = pytest.mark.skipif(not TRUTH and not os.environ.get("KYC_REQUIRE_INTEGRATION"),
                                reason="scripts/test generates the cards")


def test_every_variant_reads_and_nothing_is_accepted_wrong():
    """At least 95% of each variant with every MRZ field right; every visa, wrong composite and
    payment card refused as its kind; no card accepted with a wrong field."""
    names = [n for n in sorted(TRUTH) if TRUTH[n]["expect"] != "front"]
    run = subprocess.run([str(BIN / "kyc-bench"), "passport", os.environ["KYC_MODELS_DIR"],
                          *[str(CARDS / n) for n in names]], capture_output=True, text=True, timeout=900, check=True)
    right, total, wrong = collections.Counter(), collections.Counter(), []
    for name, line in zip(names, run.stdout.splitlines(), strict=True):
        truth, result = TRUTH[name], json.loads(line)
        total[truth["variant"]] += 1
        if truth["expect"] != "read":
            assert result["outcome"].startswith(truth["expect"]), (name, result["outcome"])
            right[truth["variant"]] += 1
            continue
        if result["outcome"] != "read":
            continue
        data, fields = result["data"], truth["fields"]
        # Names are judged as the MRZ writes them (read_judge): a printed spelling may replace the
        # MRZ's, and OCR may lower its case.
        read = {"passportNumber": data["passportNumber"], "dateOfBirth": data["dateOfBirth"],
                "expiryDate": data["expiryDate"], "lastName": data["lastName"],
                "givenNames": read_judge.given_names(data), "documentFormat": data["documentFormat"]}
        if not read_judge.not_right(read, {
                "passportNumber": fields["documentNumber"], "dateOfBirth": fields["birthDate"],
                "expiryDate": fields["expiryDate"], "lastName": fields["surname"], "givenNames": fields["givenNames"],
                "documentFormat": fields["format"]}):
            right[truth["variant"]] += 1
        else:
            wrong.append((name, read))
    assert not wrong
    assert all(right[v] >= 0.95 * total[v] for v in total), {v: f"{right[v]}/{total[v]}" for v in total}
    assert "visa" in total and total["visa"] == 4


def upload(functions, s3, face, keys):
    functions.seed(state="pending", vid=VID)
    avatar = copy.deepcopy(load_event("uploadAvatar"))
    avatar["body"] = json.dumps({"fileKey": functions.upload(s3, TESTDATA / "faces" / face)})
    status, body = functions.invoke("uploadAvatar", avatar)
    assert status == 200 and body["status"] == "avatar_verified"
    event = copy.deepcopy(load_event("uploadPassport"))
    event["body"] = json.dumps({k: functions.upload(s3, CARDS / name) for k, name in keys.items()})
    return functions.invoke("uploadPassport", event)


def test_both_sides_read_the_back_and_match_the_front(functions, s3):
    """The back's MRZ; the front's printed fields — place of birth and date of issue, which the
    MRZ does not carry — and its portrait, compared with a selfie of the same face: matched; the
    record says which format was read."""
    status, body = upload(functions, s3, "obama.jpg", {"fileKey": "c00-front.jpg", "backFileKey": "c00-back-300.jpg"})
    assert status == 200, body
    data, fields = body["passportVerification"]["passportData"], TRUTH["c00-back-300.jpg"]["fields"]
    assert "missingFields" not in body["passportVerification"]
    assert (data["placeOfBirth"], data["issuedDate"]) == (fields["placeOfBirth"], fields["issueDate"])
    assert (data["documentFormat"], data["documentType"], data["issuingState"]) == ("TD1", "ID", "D")
    assert (data["lastName"], data["firstName"], data["passportNumber"]) == ("MUSTERMANN", "ERIKA", "T22000129")
    assert body["imageMatchResult"]["isMatched"] is True, body["imageMatchResult"]


def test_a_long_document_number_is_read_whole(functions, s3):
    status, body = upload(functions, s3, "obama.jpg", {"fileKey": "c05-back-600.jpg"})
    assert status == 200 and body["passportVerification"]["passportData"]["passportNumber"] == "592000011734"


def test_a_td2_card_is_read_and_matched_on_its_front(functions, s3):
    status, body = upload(functions, s3, "obama2.jpg", {"fileKey": "c06-td2-600.jpg"})
    assert status == 200, body
    data, fields = body["passportVerification"]["passportData"], TRUTH["c06-td2-600.jpg"]["fields"]
    assert (data["documentFormat"], data["documentType"], data["passportNumber"]) == ("TD2", "I", "D23145890")
    assert (data["placeOfBirth"], data["issuedDate"]) == (fields["placeOfBirth"], fields["issueDate"])
    assert body["imageMatchResult"]["isMatched"] is True, body["imageMatchResult"]


@pytest.mark.parametrize("name, reason, message", [
    ("visa-a0.jpg", "passport_invalid_format", "a visa is not an identity document"),
    ("visa-b1.jpg", "passport_invalid_format", "a visa is not an identity document"),
    ("wrong-composite.jpg", "passport_invalid_format", "composite check digit"),
    ("payment-card.jpg", "passport_ocr_failed", "no machine readable zone"),
])
def test_what_is_not_an_identity_document_is_refused(functions, s3, name, reason, message):
    status, body = upload(functions, s3, "obama.jpg", {"fileKey": name})
    assert status == 200 and body["status"] == "avatar_verified"
    assert body["failureReason"]["reason"] == reason
    assert message in body["passportVerification"]["errorMessage"]

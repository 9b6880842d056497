"""Real documents from the wider world (../shared/real-world, with truth.json) through the real
uploadAvatar and uploadPassport binaries, each under Debian's faketime on a date its truth gives.

Every `expect` is checked: a `read` reads every MRZ field right, a `refuse` or `front-only` is
refused, and no printed value is ever wrong (Tests/support/read_judge.py): a field the page does not
settle is listed in missingFields. What the reader cannot do yet is listed in KNOWN_GAPS; the test
fails when a gap closes too, so the list stays true."""
import json
import os
import pathlib

import pytest
import read_judge

from conftest import ROOT

WORLD = pathlib.Path(os.environ.get("KYC_REAL_WORLD", ROOT.parent / "shared" / "real-world"))
TRUTH = json.loads((WORLD / "truth.json").read_text()) if (WORLD / "truth.json").exists() else {}

# What does not hold yet, per file: the next work on reading (issue "Read real documents as they come").
KNOWN_GAPS = {
    "regula_pass-deu-dienst-uv.jpg": "unread: an ultraviolet capture",
}

pytestmark = pytest.mark.skipif(not TRUTH and not os.environ.get("KYC_REQUIRE_INTEGRATION"),
                                reason="no shared real-world set beside the project")


def test_the_shared_set_is_there():
    assert len(TRUTH) == 18 and set(KNOWN_GAPS) <= set(TRUTH)


def problems(truth, body):
    """What the answer gets wrong against the truth, as short sentences; empty when it holds."""
    result = body.get("passportVerification") or {}
    if truth["expect"] != "read" and result.get("ocrSuccess") is not False:
        return ["accepted a document to refuse"]
    if truth["expect"] == "front-only" and "send the side of the document with the lines" not in result["errorMessage"]:
        return [f"a front not told which side to send: {result['errorMessage']}"]
    if truth["expect"] != "read":
        return []
    if not result.get("ocrSuccess"):
        return [f"unread: {result.get('errorMessage')}"]
    data, mrz, viz = result["passportData"], truth["mrzFields"], truth["viz"] or {}
    found = []
    for ours, theirs in [("passportNumber", "documentNumber"), ("dateOfBirth", "birthDate"),
                         ("expiryDate", "expiryDate")]:
        if data[ours] != mrz[theirs]:
            found.append(f"{ours} {data[ours]}")
    missing = set(result.get("missingFields") or [])
    for ours, theirs in [("placeOfBirth", "placeOfBirth"), ("issuedDate", "issueDate")]:
        reported = None if ours in missing else data[ours]
        if read_judge.field(ours, reported, viz.get(theirs)) == read_judge.WRONG:
            found.append(f"{ours} {reported!r} for {viz.get(theirs)!r}")
    return found


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_expectation_holds_and_no_printed_value_is_wrong(functions, s3, name):
    status, body = functions.read_document(s3, WORLD / name, TRUTH[name]["clock"])
    assert status == 200, body
    found = problems(TRUTH[name], body)
    if name in KNOWN_GAPS:
        assert found, f"{name} now holds: take it off KNOWN_GAPS ({KNOWN_GAPS[name]})"
    else:
        assert not found, found

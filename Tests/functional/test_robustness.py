"""Broken input never crashes a function: every invocation writes a response document and exits 0."""
import json
import os

import pytest

from conftest import VID, load_event

OPERATIONS = [
    "createVerification", "listVerifications", "getVerification", "updatePassportData",
    "uploadAvatar", "uploadPassport", "getVerificationStatus", "adminManageVerification",
]

GARBAGE = [
    b"", b"{", b"null", b"[]", b"42", b'"text"', b"\xff\xfe\x00", os.urandom(4096),
    b'{"version":"2.0"}', b'{"headers":{"x-current-user-id":7}}', b'{"requestContext":"nope"}',
]


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_garbage_events_get_an_error_envelope(functions, operation_id):
    for raw in GARBAGE:
        status, body = functions.invoke(operation_id, None, raw=raw)
        assert status in (400, 401), (raw, body)


WITH_BODY = ["createVerification", "updatePassportData", "adminManageVerification"]
ALL = WITH_BODY + ["listVerifications", "getVerification"]


@pytest.mark.parametrize(
    "mutate, names",
    [
        (lambda e: e.update(body="\u0000" * 10), WITH_BODY),
        (lambda e: e.update(body='{"notes": "' + "\ud7ff" * 600 + '"}'), WITH_BODY),
        (lambda e: e.update(body="[]"), WITH_BODY),
        (lambda e: e.update(isBase64Encoded=True, body="%%%"), WITH_BODY),
        (lambda e: e["requestContext"]["authorizer"]["jwt"]["claims"].update(sub=["a"]), ALL),
        (lambda e: e["requestContext"]["authorizer"]["jwt"].update(claims=None), ALL),
        (lambda e: e.update(headers=None), ALL),
        (lambda e: e.update(pathParameters={"verificationId": "../" * 50}), ["getVerification", "updatePassportData"]),
        (lambda e: e.update(queryStringParameters={"limit": "1e3", "number": "0x10"}), ["listVerifications"]),
    ],
)
def test_hostile_fields_are_refused(functions, mutate, names):
    functions.seed(state="admin_review_required", vid=VID)
    for name in names:
        e = load_event(name)
        mutate(e)
        status, _ = functions.invoke(name, e)
        assert 400 <= status < 500, name


def test_logs_are_json_lines_without_personal_data(functions):
    functions.seed(state="admin_review_required", vid=VID)
    functions.invoke("updatePassportData", load_event("updatePassportData"))
    functions.invoke("getVerification", load_event("getVerification"))
    lines = [line for chunk in functions.stderr for line in chunk.splitlines() if line]
    assert lines
    for line in lines:
        entry = json.loads(line)
        assert entry["level"] and entry["msg"] and entry["function"]
    text = "\n".join(lines)
    for secret in ["Eriksson", "L898902C3", "1974-08-12", "Zenith", "eyJhbGci"]:
        assert secret not in text


@pytest.mark.parametrize("field,value", [
    ("lastName", "Eriks\u202eson"), ("firstName", "An\u200bna"), ("placeOfBirth", "Zenith\ue000"),
    ("middleName", "Maria\u2066"),
])
def test_invisible_and_unassigned_characters_are_refused(functions, field, value):
    """A value that would look other than it is in the console: bidi overrides, zero-width and
    isolate characters, private use. 400, and the record stays as it was."""
    functions.seed(state="admin_review_required", vid=VID)
    before = functions.invoke("getVerification", load_event("getVerification"))
    e = load_event("updatePassportData")
    body = json.loads(e["body"])
    body[field] = value
    e["body"] = json.dumps(body)
    status, response = functions.invoke("updatePassportData", e)
    assert status == 400 and field in response["errors"][0]["message"], response
    assert functions.invoke("getVerification", load_event("getVerification")) == before


def test_names_are_stored_in_one_normal_form(functions):
    """A name typed with a combining accent (`u` + U+0308) is stored as the precomposed `ü`, so the
    console, the exports and any comparison see one spelling."""
    functions.seed(state="admin_review_required", vid=VID)
    e = load_event("updatePassportData")
    body = json.loads(e["body"])
    body.update(lastName="Mu\u0308ller", firstName="Joa\u0303o", placeOfBirth="Zu\u0308rich")
    e["body"] = json.dumps(body)
    assert functions.invoke("updatePassportData", e)[0] == 204
    stored = functions.invoke("getVerification", load_event("getVerification"))[1]["correctedPassportData"]
    assert (stored["lastName"], stored["firstName"], stored["placeOfBirth"]) == ("M\u00fcller", "Jo\u00e3o", "Z\u00fcrich")

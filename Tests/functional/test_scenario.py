"""A whole verification through the binaries, and the invariants that must hold under load."""
import copy
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor

from conftest import ADMIN, BIN, COACH, OTHER, as_user, load_event


def event(name, **changes):
    e = copy.deepcopy(load_event(name))
    for key, value in changes.items():
        if key == "user":
            as_user(e, value)
        elif key == "vid":
            e["pathParameters"]["verificationId"] = value
        else:
            e[key] = value
    return e


def test_create_get_list_status_admin(functions):
    status, created = functions.invoke("createVerification", event("createVerification"))
    assert status == 201
    assert created["status"] == "pending" and created["currentStep"] == "avatar_verification"
    assert created["coachId"] == COACH

    status, fetched = functions.invoke("getVerification", event("getVerification", vid=created["id"]))
    assert status == 200 and fetched == created

    status, page = functions.invoke("listVerifications", event("listVerifications"))
    assert status == 200 and page["total"] == 1 and page["count"] == 1 and page["data"][0]["id"] == created["id"]

    status, progress = functions.invoke("getVerificationStatus", event("getVerificationStatus"))
    assert status == 200 and progress["id"] == created["id"] and progress["nextStep"] == "passport_verification"
    assert progress["progress"] == {
        "avatarVerified": {"success": False, "attempts": 0},
        "passportVerified": {"success": False, "attempts": 0},
        "imagesMatched": False,
    }

    # The admin step needs a verification in admin_review_required: the rules' test path.
    review = functions.seed(coach=OTHER, state="admin_review_required", score=0.42)
    assert review["failureReason"]["details"] == "Match score 0.42 is below threshold 0.8"
    status, decided = functions.invoke(
        "adminManageVerification", event("adminManageVerification.reject", vid=review["id"])
    )
    assert status == 200 and decided["status"] == "rejected" and decided["currentStep"] == "completed"
    status, _ = functions.invoke("adminManageVerification", event("adminManageVerification", vid=review["id"]))
    assert status == 409

    status, everything = functions.invoke("listVerifications", event("listVerifications.admin", queryStringParameters={}))
    assert status == 200 and everything["total"] == 2
    assert [v["id"] for v in everything["data"]] == [review["id"], created["id"]]  # newest first

    # A finished verification lets its coach start again.
    status, again = functions.invoke("createVerification", event("createVerification", user=OTHER))
    assert status == 201


def test_twenty_processes_racing_to_create_give_one_verification(functions):
    payload = json.dumps(event("createVerification")).encode()
    functions.invoke("getVerificationStatus", event("getVerificationStatus.none"))  # the schema exists already
    processes = [
        subprocess.Popen([str(BIN / "createVerification")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=functions.env)
        for _ in range(20)
    ]

    def finish(process):
        out, err = process.communicate(payload, timeout=60)
        assert process.returncode == 0, err
        return json.loads(out)

    with ThreadPoolExecutor(max_workers=20) as pool:
        docs = list(pool.map(finish, processes))
    statuses = sorted(d["statusCode"] for d in docs)
    assert statuses == [201] + [409] * 19
    for doc in docs:
        functions.contract.check("createVerification", doc)
    status, page = functions.invoke("listVerifications", event("listVerifications"))
    assert page["total"] == 1


def test_twenty_processes_racing_on_a_fresh_database(tmp_path, contract):
    """No process may see a half-created schema or a locked database."""
    from conftest import Functions

    fresh = Functions(tmp_path / "fresh", contract)
    (tmp_path / "fresh").mkdir()
    users = [f"00000000-0000-4000-8000-{i:012d}" for i in range(20)]
    processes = []
    for user in users:
        payload = json.dumps(event("createVerification", user=user)).encode()
        p = subprocess.Popen([str(BIN / "createVerification")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=fresh.env)
        processes.append((p, payload))
    docs = []
    for p, payload in processes:
        out, err = p.communicate(payload, timeout=60)
        assert p.returncode == 0, err
        docs.append(json.loads(out))
    assert [d["statusCode"] for d in docs] == [201] * 20, [d.get("body") for d in docs if d["statusCode"] != 201]
    status, page = fresh.invoke("listVerifications", event("listVerifications.admin", queryStringParameters={}))
    assert page["total"] == 20


def test_admin_sees_all_but_coach_sees_own(functions):
    functions.seed(coach=COACH, state="pending")
    functions.seed(coach=OTHER, state="pending")
    _, mine = functions.invoke("listVerifications", event("listVerifications"))
    assert mine["total"] == 1 and mine["data"][0]["coachId"] == COACH
    _, everyone = functions.invoke("listVerifications", event("listVerifications.admin", queryStringParameters={}))
    assert everyone["total"] == 2
    admin_event = event("listVerifications.admin")
    assert admin_event["headers"]["x-current-user-id"] == ADMIN
    _, filtered = functions.invoke("listVerifications", admin_event)
    assert filtered["total"] == 1 and filtered["data"][0]["coachId"] == COACH


def test_an_admin_cannot_decide_their_own_verification(functions):
    own = functions.seed(coach=ADMIN, state="admin_review_required")
    before = functions.invoke("getVerification", event("getVerification.admin", vid=own["id"]))
    status, body = functions.invoke("adminManageVerification", event("adminManageVerification", vid=own["id"]))
    assert status == 403 and body["errors"][0]["code"] == "forbidden", body
    assert "created" in body["errors"][0]["message"]
    assert functions.invoke("getVerification", event("getVerification.admin", vid=own["id"])) == before


def test_a_decision_on_data_changed_since_it_was_read_is_refused(functions):
    """getVerification's ETag names the version the admin saw; a coach's correction made since
    turns a decision with that If-Match into a 412 that changes nothing. The correction was
    screened again: it changes the MRZ-protected number, which the reviewer is told."""
    review = functions.seed(coach=COACH, state="admin_review_required")
    read = event("getVerification.admin", vid=review["id"])
    status, seen = functions.invoke("getVerification", read)
    etag = functions.last_response["headers"]["etag"]
    assert status == 200 and seen["etag"] == etag and etag.startswith('"')
    correction = event("updatePassportData", vid=review["id"])
    body = json.loads(correction["body"])
    correction["body"] = json.dumps(body | {"passportNumber": "X99999999"})
    assert functions.invoke("updatePassportData", correction)[0] == 204
    decision = event("adminManageVerification", vid=review["id"])
    decision["headers"]["if-match"] = etag
    status, errors = functions.invoke("adminManageVerification", decision)
    assert status == 412 and "changed since it was read" in errors["errors"][0]["message"], errors
    _, now = functions.invoke("getVerification", read)
    assert now["status"] == "admin_review_required" and now["etag"] != etag
    assert any(s["code"] == "document_data_mismatch" and "correction" in s["details"] for s in now["riskSignals"])
    assert any("passportNumber" in (h.get("changedFields") or []) for h in now["history"])
    decision["headers"]["if-match"] = now["etag"]
    status, decided = functions.invoke("adminManageVerification", decision)
    assert status == 200 and decided["status"] == "approved"

"""The same functions on the cloud store: DynamoDB (moto's server mode, signatures checked)."""
import json
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ADMIN, BIN, COACH, VID, as_user, load_event


@pytest.fixture
def dynamo(functions):
    functions.env["KYC_STORE"] = f"dynamodb:kyc-{uuid.uuid4().hex[:10]}"
    subprocess.run([str(BIN / "kyc-seed"), "--create-table", "yes"], env=functions.env, check=True, timeout=60)
    return functions


def test_the_fixtures_behave_as_on_sqlite(dynamo):
    dynamo.seed(state="admin_review_required", vid=VID)
    for name, status in [("getVerification", 200), ("getVerification.wrong-coach", 404), ("listVerifications", 200),
                         ("getVerificationStatus", 200), ("updatePassportData", 204),
                         ("adminManageVerification", 200), ("createVerification", 201),
                         ("createVerification", 409)]:
        got, body = dynamo.invoke(name.split(".")[0], load_event(name))
        assert got == status, (name, body)
    _, page = dynamo.invoke("listVerifications", load_event("listVerifications"))
    assert page["total"] == 2 and page["data"][0]["status"] == "pending"  # newest first
    assert page["data"][1]["status"] == "approved"
    _, everyone = dynamo.invoke("listVerifications", load_event("listVerifications.admin") | {"queryStringParameters": {}})
    assert everyone["total"] == 2


def test_twenty_racing_creates_give_one_verification(dynamo):
    payload = json.dumps(load_event("createVerification")).encode()

    def create(_):
        out = subprocess.run([str(BIN / "createVerification")], input=payload, capture_output=True, env=dynamo.env,
                             timeout=60)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    with ThreadPoolExecutor(max_workers=20) as pool:
        docs = list(pool.map(create, range(20)))
    assert sorted(d["statusCode"] for d in docs) == [201] + [409] * 19, [d["body"] for d in docs]
    _, page = dynamo.invoke("listVerifications", load_event("listVerifications"))
    assert page["total"] == 1


def test_a_finished_verification_frees_the_coach(dynamo):
    dynamo.seed(state="admin_review_required", vid=VID)
    assert dynamo.invoke("createVerification", load_event("createVerification"))[0] == 409
    assert dynamo.invoke("adminManageVerification", load_event("adminManageVerification.reject"))[0] == 200
    assert dynamo.invoke("createVerification", load_event("createVerification"))[0] == 201


def test_racing_admin_decisions_apply_once(dynamo):
    dynamo.seed(state="admin_review_required", vid=VID)
    approve = json.dumps(dynamo.with_etag(load_event("adminManageVerification"))).encode()
    reject = json.dumps(dynamo.with_etag(load_event("adminManageVerification.reject"))).encode()

    def decide(payload):
        out = subprocess.run([str(BIN / "adminManageVerification")], input=payload, capture_output=True,
                             env=dynamo.env, timeout=60)
        return json.loads(out.stdout)["statusCode"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(decide, [approve, reject] * 4))
    # The losers read the record before the winner wrote (409) or after it (412: If-Match).
    assert statuses.count(200) == 1 and statuses.count(409) + statuses.count(412) == 7, statuses


def test_a_status_read_right_after_a_create_sees_it(dynamo):
    """Read-your-writes: the coach's latest verification is read with strong consistency."""
    for _ in range(50):
        coach = str(uuid.uuid4())
        status, created = dynamo.invoke("createVerification", as_user(load_event("createVerification"), coach))
        assert status == 201, created
        status, progress = dynamo.invoke("getVerificationStatus", as_user(load_event("getVerificationStatus"), coach))
        assert status == 200 and progress["id"] == created["id"], progress


def test_the_coachs_own_list_sees_a_create_and_a_change_at_once(dynamo, s3):
    """Read-your-writes for the coach's list: the ids come from an item read consistently, the
    records are read consistently by id (the byCoach index may lag on AWS)."""
    from conftest import TESTDATA, as_user

    def as_coach(name, coach, **changes):
        return as_user(load_event(name) | changes, coach)

    for _ in range(10):
        coach = str(uuid.uuid4())
        mine = {"coachId": coach}
        status, created = dynamo.invoke("createVerification", as_coach("createVerification", coach))
        assert status == 201, created
        _, page = dynamo.invoke("listVerifications", as_coach("listVerifications", coach, queryStringParameters=mine))
        assert page["total"] == 1 and page["data"][0]["id"] == created["id"]
        # The coach's change shows at once too, in the status filter as well.
        selfie = dynamo.upload(s3, TESTDATA / "faces" / "obama3.jpg", vid=created["id"])
        upload = as_coach("uploadAvatar", coach, body=json.dumps({"fileKey": selfie}))
        upload["pathParameters"]["verificationId"] = created["id"]
        assert dynamo.invoke("uploadAvatar", upload)[0] == 200
        _, page = dynamo.invoke("listVerifications", as_coach(
            "listVerifications", coach, queryStringParameters={**mine, "status": "avatar_verified"}))
        assert page["total"] == 1 and page["data"][0]["status"] == "avatar_verified"


def test_in_the_cloud_the_risk_index_refuses_the_development_key(dynamo):
    """A function that keeps the risk index will not start on DynamoDB without KYC_SIGNAL_KEY:
    corrections hashed with the published development key could be searched by trying numbers."""
    dynamo.seed(state="admin_review_required", vid=VID)
    dynamo.env.pop("KYC_SIGNAL_KEY")
    run = subprocess.run([str(BIN / "updatePassportData")], input=json.dumps(load_event("updatePassportData")).encode(),
                         env=dynamo.env, capture_output=True, timeout=60)
    assert run.returncode == 1 and run.stdout == b""
    line = json.loads(run.stderr)
    assert line["variable"] == "KYC_SIGNAL_KEY" and "KYC_SIGNAL_KEY must be set" in line["error"]
    # A function that never touches the index starts as before.
    assert dynamo.invoke("getVerification", load_event("getVerification"))[0] == 200

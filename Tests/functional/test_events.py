"""Status-change events: written with the change (SQLite table, DynamoDB transaction), delivered
to a webhook as Standard Webhooks say, at least once, in order per verification, retried with
backoff, dead-lettered and replayed; the audit history they come with."""
import contextlib
import copy
import json
import os
import signal
import sqlite3
import subprocess
import time
import uuid

import pytest

from conftest import ADMIN, BIN, COACH, TESTDATA, as_user, load_event
from test_lambda_runtime import RIE, emulated
from webhook_receiver import Receiver, new_secret

SCENARIO = ["verification.created", "verification.avatar_verified", "verification.passport_read",
            "verification.faces_compared", "verification.passport_corrected", "verification.approved"]
EVENT_KEYS = {"id", "type", "verificationId", "coachId", "status", "currentStep", "occurredAt"}


def on(name, vid, **changes):
    event = copy.deepcopy(load_event(name))
    event["pathParameters"]["verificationId"] = vid
    event.update(changes)
    return event


def scenario(functions, s3, coach=COACH):
    """A whole verification through the real binaries; its id and the passport data read."""
    status, created = functions.invoke("createVerification", as_user(load_event("createVerification"), coach))
    assert status == 201
    vid = created["id"]
    for step, path in [("uploadAvatar", "faces/obama3.jpg"), ("uploadPassport", "passports/p00-clean.jpg")]:
        event = as_user(on(step, vid, body=json.dumps({"fileKey": functions.upload(s3, TESTDATA / path, vid=vid)})), coach)
        status, body = functions.invoke(step, event)
        assert status == 200, body
    read = body["passportVerification"]["passportData"]
    assert functions.invoke("updatePassportData", as_user(on("updatePassportData", vid), coach))[0] == 204
    assert functions.invoke("adminManageVerification", on("adminManageVerification", vid))[0] == 200
    return vid, read


@contextlib.contextmanager
def dispatcher(functions, receiver, tmp_path, **env):
    """`kyc-local dispatch`: the same delivery passes AWS runs on the stream and the schedule."""
    log = open(tmp_path / f"dispatch-{uuid.uuid4().hex[:6]}.log", "wb")
    process = subprocess.Popen(
        [str(BIN / "kyc-local"), "dispatch"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=log,
        env={**functions.env, **webhook_env(receiver), **env})
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        log.close()


def webhook_env(receiver):
    return {"KYC_WEBHOOK_URL": receiver.url, "KYC_WEBHOOK_SECRET": receiver.secret, "KYC_WEBHOOK_BACKOFF_MS": "50"}


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request, functions):
    if request.param == "dynamodb":
        functions.env["KYC_STORE"] = f"dynamodb:kyc-{uuid.uuid4().hex[:10]}"
        subprocess.run([str(BIN / "kyc-seed"), "--create-table", "yes"], env=functions.env, check=True, timeout=60)
    return functions


def test_every_event_of_a_scenario_arrives_signed_and_in_order(store, s3, tmp_path):
    functions = store
    with Receiver(new_secret()).running() as receiver:
        first, read = scenario(functions, s3)
        second, _ = scenario(functions, s3, coach=str(uuid.uuid4()))
        with dispatcher(functions, receiver, tmp_path):
            events = receiver.wait_for(2 * len(SCENARIO))
    assert all(verified for _, verified, _ in receiver.requests)
    for vid in (first, second):
        mine = [e for e in events if e["verificationId"] == vid]
        assert [e["type"] for e in mine] == SCENARIO  # in order per verification
        assert [e["status"] for e in mine] == ["pending", "avatar_verified", "passport_verified",
                                               "admin_review_required", "admin_review_required", "approved"]
    for event in events:
        assert set(event) == EVENT_KEYS
    # No names, numbers or dates of birth in what subscribers receive.
    text = json.dumps(events)
    for value in (read["lastName"], read["firstName"], read["passportNumber"], read["dateOfBirth"]):
        assert value not in text
    # The admin's history tells the same story, with actors, and the correction's field names only.
    admin_view = on("getVerification.admin", first)
    _, verification = functions.invoke("getVerification", admin_view)
    history = verification["history"]
    assert [h["type"] for h in history] == SCENARIO
    assert [h["eventId"] for h in history] == [e["id"] for e in events if e["verificationId"] == first]
    assert history[0]["actor"] == {"type": "coach", "id": COACH} and "statusBefore" not in history[0]
    assert history[-1]["actor"] == {"type": "admin", "id": ADMIN}
    assert history[-1]["statusBefore"] == "admin_review_required" and history[-1]["status"] == "approved"
    correction = history[4]
    assert correction["changedFields"] and set(correction["changedFields"]) <= {
        "firstName", "lastName", "middleName", "passportNumber", "dateOfBirth", "issuedDate", "placeOfBirth",
        "subdivision"}
    assert read["lastName"] not in json.dumps(history)
    # Nor in any log line of the whole scenario: the functions' and the dispatcher's.
    logs = "".join(functions.stderr) + "".join(p.read_text() for p in tmp_path.glob("dispatch-*.log"))
    assert '"event delivered"' in logs
    for value in (read["lastName"], read["firstName"], read["passportNumber"], read["dateOfBirth"],
                  receiver.secret):
        assert value not in logs
    # A coach sees no history.
    _, own = functions.invoke("getVerification", on("getVerification", first))
    assert "history" not in own


def test_a_receiver_failing_five_times_gets_every_event_once_it_recovers(store, s3, tmp_path):
    functions = store
    vid, _ = scenario(functions, s3)
    with Receiver(new_secret(), fail_first=5).running() as receiver:
        with dispatcher(functions, receiver, tmp_path):
            events = receiver.wait_for(len(SCENARIO))
            # Acknowledged events leave the outbox; nothing is left pending or dead.
            deadline = time.monotonic() + 10
            while dead_or_pending(functions):
                assert time.monotonic() < deadline
                time.sleep(0.05)
    assert [e["type"] for e in events] == SCENARIO
    statuses = [status for _, _, status in receiver.requests]
    assert statuses[:5] == [500] * 5 and statuses.count(204) == len(SCENARIO)
    # The first event was retried until it went through, and nothing overtook it.
    assert [i for i, _, _ in receiver.requests[:6]] == [events[0]["id"]] * 6


def dead_or_pending(functions):
    if functions.env["KYC_STORE"].startswith("sqlite:"):
        return sqlite3.connect(functions.store).execute("SELECT COUNT(*) FROM events").fetchone()[0]
    return functions.invoke("listDeadLetters", load_event("listDeadLetters"))[1]["count"]


def test_a_dispatcher_killed_mid_delivery_loses_nothing(store, s3, tmp_path):
    functions = store
    vid, _ = scenario(functions, s3)
    with Receiver(new_secret()).running() as receiver:
        receiver.hold_seconds = 3  # acknowledges late: the dispatcher dies before it hears back
        with dispatcher(functions, receiver, tmp_path) as process:
            deadline = time.monotonic() + 30
            while not receiver.requests and time.monotonic() < deadline:
                time.sleep(0.02)
            process.send_signal(signal.SIGKILL)
        first_try = receiver.requests[0][0]
        receiver.hold_seconds = 0
        with dispatcher(functions, receiver, tmp_path):
            events = receiver.wait_for(len(SCENARIO))
    assert [e["type"] for e in events] == SCENARIO
    ids = [i for i, _, _ in receiver.requests]
    assert ids.count(first_try) >= 2  # sent again with the same id; the receiver keeps one
    assert len(receiver.events) == len(SCENARIO)


def test_dead_letters_are_listed_and_replayed(store, s3, tmp_path):
    functions = store
    vid, _ = scenario(functions, s3)
    local = {**functions.env, "KYC_WEBHOOK_MAX_ATTEMPTS": "2"}
    with Receiver(new_secret()).running() as receiver:
        receiver.failing = True
        env = {**local, **webhook_env(receiver)}
        for _ in range(30):
            subprocess.run([str(BIN / "kyc-local"), "dispatch", "--once"], env=env, cwd=tmp_path, check=True,
                           capture_output=True)
            letters = subprocess.run([str(BIN / "kyc-local"), "dead-letters"], env=env, cwd=tmp_path, check=True,
                                     capture_output=True, text=True).stdout.splitlines()
            if len(letters) == len(SCENARIO):
                break
            time.sleep(0.1)
        letters = [json.loads(line) for line in letters]
        assert sorted(l["type"] for l in letters) == sorted(SCENARIO)
        assert all(l["attempts"] == 2 and l["lastError"] == "HTTP 500" for l in letters)
        receiver.failing = False
        # An admin sees the same through the API, and replays one there; the rest with kyc-local.
        status, page = functions.invoke("listDeadLetters", load_event("listDeadLetters"))
        assert status == 200 and {l["event"]["id"] for l in page["data"]} >= {l["eventId"] for l in letters}
        replay = copy.deepcopy(load_event("replayEvent.unknown-id"))
        replay["pathParameters"]["eventId"] = letters[0]["eventId"]
        status, replayed = functions.invoke("replayEvent", replay)
        assert status == 202 and replayed["state"] == "pending" and replayed["attempts"] == 0
        assert functions.invoke("replayEvent", replay)[0] == 404  # no longer a dead letter
        for letter in letters[1:]:
            out = subprocess.run([str(BIN / "kyc-local"), "replay", letter["eventId"]], env=env, cwd=tmp_path,
                                 capture_output=True, text=True)
            assert out.returncode == 0, out.stderr
        subprocess.run([str(BIN / "kyc-local"), "dispatch", "--once"], env=env, cwd=tmp_path, check=True,
                       capture_output=True)
        assert len(receiver.wait_for(len(SCENARIO), seconds=10)) == len(SCENARIO)
        assert subprocess.run([str(BIN / "kyc-local"), "dead-letters"], env=env, cwd=tmp_path, check=True,
                              capture_output=True, text=True).stdout == ""
        # Replaying what is not a dead letter is refused.
        assert subprocess.run([str(BIN / "kyc-local"), "replay", letters[0]["eventId"]], env=env, cwd=tmp_path,
                              capture_output=True).returncode != 0


def test_a_refused_change_writes_no_event(functions, tmp_path):
    status, created = functions.invoke("createVerification", load_event("createVerification"))
    assert status == 201
    # The coach already has an active verification: 409, and no second "created" event.
    assert functions.invoke("createVerification", load_event("createVerification"))[0] == 409
    # A decision on a pending verification is refused: no event either.
    assert functions.invoke("adminManageVerification", on("adminManageVerification", created["id"]))[0] == 409
    db = sqlite3.connect(functions.store)
    rows = db.execute("SELECT verification_id, sequence, state, body FROM events").fetchall()
    assert [(r[0], r[1], r[2], json.loads(r[3])["type"]) for r in rows] == [
        (created["id"], 0, "pending", "verification.created")]


def test_dispatch_events_runs_under_the_lambda_emulator(functions, s3, tmp_path):
    assert RIE.exists()
    functions.env["KYC_STORE"] = f"dynamodb:kyc-{uuid.uuid4().hex[:10]}"
    subprocess.run([str(BIN / "kyc-seed"), "--create-table", "yes"], env=functions.env, check=True, timeout=60)
    vid, _ = scenario(functions, s3)
    stream_record = {"Records": [{"eventName": "INSERT", "eventSource": "aws:dynamodb",
                                  "dynamodb": {"Keys": {"id": {"S": "event#x"}}}}]}
    with Receiver(new_secret()).running() as receiver:
        with emulated(functions, "dispatchEvents", tmp_path / "rie.log", **webhook_env(receiver)) as invoke:
            status, summary = invoke(stream_record)
            assert status == 200 and summary["delivered"] == len(SCENARIO), summary
            assert invoke({"source": "aws.events", "detail-type": "Scheduled Event"})[1]["delivered"] == 0
    assert [e["type"] for e in receiver.events.values()] == SCENARIO
    log = (tmp_path / "rie.log").read_text()
    assert '"event delivered"' in log and receiver.secret not in log


def test_kyc_local_serve_delivers_as_it_goes(tmp_path):
    from runner import LocalAPI

    with Receiver(new_secret()).running() as receiver:
        api = LocalAPI(tmp_path)
        api.env.update(webhook_env(receiver))
        with api.running():
            coach = str(uuid.uuid4())
            status, _, created = api.request("POST", "/verifications", api.token(coach), coach, {})
            assert status == 201
            [event] = receiver.wait_for(1, seconds=20)
        assert "delivering events" in api.log.read_text()
    assert "history" not in created  # the coach's view
    assert event["verificationId"] == created["id"] and event["type"] == "verification.created"

"""Personal-data retention: `kyc-local purge` (the purgeExpired job) under a faked clock erases
exactly the listed fields and images of verifications completed KYC_RETENTION_DAYS ago and
nothing of the others; an admin's erasure endpoint; erased records still read, list and validate."""
import json
import os
import subprocess
import uuid

import pytest

from conftest import ADMIN, BIN, TESTDATA, as_user, load_event
from test_events import on, store  # noqa: F401 (the store fixture: SQLite and DynamoDB)

BUCKET = os.environ.get("KYC_TEST_BUCKET", "kyc-uploads")


def decided(functions, s3, day, page, approve=True):
    """A verification taken through the real upload flow and decided, all on `day`."""
    functions.clock = day
    coach = str(uuid.uuid4())
    status, created = functions.invoke("createVerification", as_user(load_event("createVerification"), coach))
    assert status == 201
    vid, keys = created["id"], []
    for step, path in [("uploadAvatar", "faces/obama3.jpg"), ("uploadPassport", f"passports/{page}")]:
        keys.append(functions.upload(s3, TESTDATA / path, vid=vid))
        event = as_user(on(step, vid, body=json.dumps({"fileKey": keys[-1]})), coach)
        assert functions.invoke(step, event)[0] == 200
    correction = as_user(on("updatePassportData", vid), coach)
    assert functions.invoke("updatePassportData", correction)[0] == 204
    if approve is not None:
        decision = "adminManageVerification" if approve else "adminManageVerification.reject"
        assert functions.invoke("adminManageVerification", on(decision, vid))[0] == 200
    return vid, keys


def read(functions, vid):
    status, body = functions.invoke("getVerification", on("getVerification.admin", vid))
    assert status == 200  # and valid against openapi.yaml (Functions.invoke checks)
    return body


def purge(functions, day, **env):
    functions.clock = day
    out = subprocess.run(functions.command(str(BIN / "kyc-local"), "purge"), env={**functions.env, **env},
                         capture_output=True, text=True, timeout=120, cwd=functions.store.parent)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), out.stderr


def exists(s3, key):
    try:
        s3.head_object(Bucket=BUCKET, Key=key)
        return True
    except s3.exceptions.ClientError:
        return False


def test_retention_erases_exactly_the_listed_data_past_the_limit(store, s3):
    functions = store
    old, old_keys = decided(functions, s3, "2026-01-01", "p01-clean.jpg")
    recent, recent_keys = decided(functions, s3, "2026-01-20", "p02-clean.jpg", approve=False)
    active, active_keys = decided(functions, s3, "2026-01-01", "p03-clean.jpg", approve=None)
    before = {vid: read(functions, vid) for vid in (old, recent, active)}

    summary, log = purge(functions, "2026-02-01")  # 31 days after the first, 12 after the second
    # The prefix of what it erased is swept again too: a late upload would not outlive the run.
    assert summary == {"abandoned": 0, "erased": 1, "skipped": 0, "swept": 1}
    erased = read(functions, old)
    was = before[old]
    assert erased["redactedAt"].startswith("2026-02-01")
    # Erased: the data read and corrected, free texts, the match score.
    assert "passportData" not in erased["passportVerification"] and "correctedPassportData" not in erased
    assert "notes" not in erased and "notes" not in erased["adminApproval"]
    assert "matchScore" not in erased["imageMatchResult"]
    assert all(s["details"] == "erased" for s in erased.get("riskSignals", []))
    # Kept: status, decision, timestamps, the rest of the history.
    for field in ("id", "coachId", "status", "currentStep", "createdAt", "updatedAt", "completedAt",
                  "passportDataCorrectedAt"):
        assert erased[field] == was[field], field
    assert erased["adminApproval"]["approved"] is True and erased["adminApproval"]["reviewerId"] == ADMIN
    assert erased["passportVerification"]["ocrSuccess"] is True
    assert erased["imageMatchResult"]["isMatched"] == was["imageMatchResult"]["isMatched"]
    assert erased["history"][:-1] == was["history"]
    assert erased["history"][-1]["type"] == "verification.redacted"
    assert erased["history"][-1]["actor"] == {"type": "system"}
    assert not any(exists(s3, key) for key in old_keys)
    # The others are untouched, images included.
    for vid in (recent, active):
        assert read(functions, vid) == before[vid]
    assert all(exists(s3, key) for key in recent_keys + active_keys)
    # Nothing personal in the job's log.
    last = was["passportVerification"]["passportData"]["lastName"]
    assert last not in log and old_keys[0] not in log

    # An erased verification still lists; its document is no longer in the risk index: a new
    # coach using the same page is not told it was seen before.
    _, page = functions.invoke("listVerifications", load_event("listVerifications.admin") | {"queryStringParameters": {}})
    assert old in [v["id"] for v in page["data"]]
    again, _ = decided(functions, s3, "2026-02-02", "p01-clean.jpg", approve=None)
    assert not [s for s in read(functions, again)["riskSignals"] if s["code"] == "duplicate_document"]
    reused, _ = decided(functions, s3, "2026-02-02", "p02-clean.jpg", approve=None)
    assert [s for s in read(functions, reused)["riskSignals"] if s["code"] == "duplicate_document"]

    # Later the second is due as well; a run with nothing due changes nothing.
    assert purge(functions, "2026-02-20")[0] == {"abandoned": 0, "erased": 1, "skipped": 0, "swept": 1}
    assert "passportData" not in read(functions, recent)["passportVerification"]
    after = read(functions, old)
    # The day after, the erasure of the day before is still swept; the record does not change.
    assert purge(functions, "2026-02-21")[0] == {"abandoned": 0, "erased": 0, "skipped": 0, "swept": 1}
    assert read(functions, old) == after


def left(functions, s3, day, steps):
    """A verification its coach took `steps` uploads into and then left, all on `day`."""
    functions.clock = day
    coach = str(uuid.uuid4())
    status, created = functions.invoke("createVerification", as_user(load_event("createVerification"), coach))
    assert status == 201
    vid, keys = created["id"], []
    for step, path in [("uploadAvatar", "faces/obama3.jpg"), ("uploadPassport", "passports/p06-clean.jpg")][:steps]:
        keys.append(functions.upload(s3, TESTDATA / path, vid=vid))
        assert functions.invoke(step, as_user(on(step, vid, body=json.dumps({"fileKey": keys[-1]})), coach))[0] == 200
    return vid, coach, keys


def test_a_verification_left_unfinished_is_closed_then_erased(store, s3):
    """Waiting on the coach KYC_ABANDONED_DAYS without a change: closed as rejected with
    `abandonedAt` and a `verification.abandoned` entry, the coach free to start again; erased
    KYC_RETENTION_DAYS later like any completed verification. One waiting on the admins stays."""
    functions = store
    pending, coach, _ = left(functions, s3, "2026-01-01", 0)
    with_avatar, _, avatar_keys = left(functions, s3, "2026-01-01", 1)
    review, _, _ = left(functions, s3, "2026-01-01", 2)  # admin_review_required: the admins' turn
    recent, _, _ = left(functions, s3, "2026-01-20", 1)
    before = read(functions, review)

    summary, log = purge(functions, "2026-02-01")  # 31 days after the first three
    assert summary == {"abandoned": 2, "erased": 0, "skipped": 0, "swept": 0}, summary
    for vid in (pending, with_avatar):
        closed = read(functions, vid)
        assert closed["status"] == "rejected" and closed["currentStep"] == "completed"
        assert closed["abandonedAt"].startswith("2026-02-01") and closed["completedAt"] == closed["abandonedAt"]
        assert closed["history"][-1]["type"] == "verification.abandoned"
        assert closed["history"][-1]["actor"] == {"type": "system"}
        assert "adminApproval" not in closed
    assert read(functions, review) == before and read(functions, recent)["status"] == "avatar_verified"
    assert all(exists(s3, key) for key in avatar_keys)  # not erased yet: the retention period runs now
    # The coach may start a new verification.
    functions.clock = "2026-02-02"
    assert functions.invoke("createVerification", as_user(load_event("createVerification"), coach))[0] == 201

    summary, _ = purge(functions, "2026-03-10")  # 37 days after closing, 36 after the new one
    # `recent` and the coach's new verification are left by now too.
    assert summary["erased"] == 2 and summary["abandoned"] == 2, summary
    assert "avatarVerification" in read(functions, with_avatar)
    assert read(functions, with_avatar)["redactedAt"] and not any(exists(s3, key) for key in avatar_keys)


def test_the_abandonment_period_is_configured(functions, s3):
    vid, _, _ = left(functions, s3, "2026-01-01", 1)
    assert purge(functions, "2026-01-05", KYC_ABANDONED_DAYS="7")[0]["abandoned"] == 0
    assert purge(functions, "2026-01-09", KYC_ABANDONED_DAYS="7")[0]["abandoned"] == 1
    assert read(functions, vid)["status"] == "rejected"


def test_the_retention_period_is_configured(functions, s3):
    old, _ = decided(functions, s3, "2026-01-01", "p04-clean.jpg")
    assert purge(functions, "2026-01-05", KYC_RETENTION_DAYS="7")[0]["erased"] == 0
    assert purge(functions, "2026-01-09", KYC_RETENTION_DAYS="7")[0]["erased"] == 1


def test_an_admin_erases_at_once_idempotently(functions, s3):
    vid, keys = decided(functions, s3, None, "p05-clean.jpg")
    coach_call = on("deletePersonalData.coach", vid)
    assert functions.invoke("deletePersonalData", coach_call)[0] == 403
    assert "passportData" in read(functions, vid)["passportVerification"]
    assert functions.invoke("deletePersonalData", on("deletePersonalData", vid)) == (204, None)
    first = read(functions, vid)
    assert "passportData" not in first["passportVerification"] and first["redactedAt"]
    assert first["history"][-1]["actor"] == {"type": "admin", "id": ADMIN}
    assert not any(exists(s3, key) for key in keys)
    # Again: 204, and nothing changes (no second history entry).
    assert functions.invoke("deletePersonalData", on("deletePersonalData", vid)) == (204, None)
    assert read(functions, vid) == first
    # The coach still reads their verification, without the data.
    status, own = functions.invoke("getVerification", as_user(on("getVerification", vid), first["coachId"]))
    assert status == 200 and own["redactedAt"] == first["redactedAt"] and "history" not in own


def test_a_verification_under_way_is_not_erased(functions, s3):
    vid, keys = decided(functions, s3, None, "p06-clean.jpg", approve=None)
    status, body = functions.invoke("deletePersonalData", on("deletePersonalData", vid))
    assert status == 409 and "approve or reject" in body["errors"][0]["message"]
    assert all(exists(s3, key) for key in keys)

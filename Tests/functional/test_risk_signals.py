"""Risk signals for the reviewer, through the real uploadAvatar and uploadPassport binaries on the
local S3: a selfie that is the passport photo, reused documents and selfies, under-age holders, and
data that disagrees. Signals never decide; only admins see them; the lookup index keeps nothing in
clear."""
import copy
import datetime
import json
import random
import sqlite3
import subprocess
import sys
import uuid

import pytest
from PIL import Image

from conftest import ADMIN, BIN, COACH, OTHER, ROOT, TESTDATA, VID, as_user, load_event

PAGES = TESTDATA / "passports"
FACES = TESTDATA / "faces"
TRUTH = json.loads((PAGES / "truth.json").read_text()) if (PAGES / "truth.json").exists() else {}


def as_coach(name, coach, vid):
    """A fixture event as another coach, on another verification."""
    event = as_user(load_event(name), coach)
    if event.get("pathParameters"):
        event["pathParameters"]["verificationId"] = vid
        event["rawPath"] = event["rawPath"].replace(VID, vid)
        event["requestContext"]["http"]["path"] = event["rawPath"]
    return event


def upload(functions, s3, step, path, coach=COACH, vid=VID):
    operation = "uploadAvatar" if step == "avatar" else "uploadPassport"
    event = as_coach(operation, coach, vid)
    event["body"] = json.dumps({"fileKey": functions.upload(s3, path, vid=vid)})
    status, body = functions.invoke(operation, event)
    assert status == 200, body
    return body


def verify(functions, s3, selfie, page, coach=COACH, vid=VID):
    """A new verification: selfie, then passport page. Returns the admin's view of it."""
    functions.seed(coach=coach, state="pending", vid=vid)
    avatar = upload(functions, s3, "avatar", selfie, coach, vid)
    assert avatar["status"] == "avatar_verified", avatar
    assert "riskSignals" not in avatar  # a coach sees that review is pending, not the signals
    passport = upload(functions, s3, "passport", page, coach, vid)
    assert passport["status"] == "admin_review_required", passport
    assert "riskSignals" not in passport
    return admin_view(functions, vid)


def admin_view(functions, vid):
    event = copy.deepcopy(load_event("getVerification.admin"))
    event["pathParameters"]["verificationId"] = vid
    status, body = functions.invoke("getVerification", event)
    assert status == 200, body
    return body


def codes(verification, step=None):
    return sorted(s["code"] for s in verification["riskSignals"] if step is None or s["step"] == step)


def jpeg(image, path, quality=92):
    image.convert("RGB").save(path, "JPEG", quality=quality)
    return path


def test_a_verification_with_nothing_to_flag_has_an_empty_list(functions, s3):
    view = verify(functions, s3, FACES / "obama3.jpg", PAGES / "p00-clean.jpg")
    assert view["riskSignals"] == []
    # The coach's own read shows no signals field at all.
    _, own = functions.invoke("getVerification", load_event("getVerification"))
    assert "riskSignals" not in own


def test_a_selfie_cut_from_the_passport_portrait(functions, s3, tmp_path):
    page = Image.open(PAGES / "p00-clean.jpg")
    selfie = jpeg(page.crop((45, 130, 315, 480)).resize((540, 700)), tmp_path / "cut.jpg", quality=85)
    view = verify(functions, s3, selfie, PAGES / "p00-clean.jpg")
    assert codes(view, "passport_verification") == ["selfie_matches_document_photo"]
    signal = view["riskSignals"][0]
    assert "portrait itself" in signal["details"] and signal["detectedAt"] == view["passportVerification"]["processedAt"]
    # Signals never decide: the verification waits for an admin as any other.
    assert view["status"] == "admin_review_required" and view["imageMatchResult"]["isMatched"] is True


def test_a_photo_of_the_whole_page_as_the_selfie(functions, s3):
    view = verify(functions, s3, PAGES / "p00-clean.jpg", PAGES / "p00-clean.jpg")
    assert codes(view, "avatar_verification") == ["selfie_matches_document_photo"]
    assert "machine readable zone" in view["riskSignals"][0]["details"]
    assert codes(view, "passport_verification") == ["selfie_matches_document_photo"]


@pytest.mark.parametrize("selfie, page", [
    ("obama3.jpg", "p00-clean.jpg"),                                   # the page's portrait is obama.jpg
    ("obama.jpg", "p02-clean.jpg"),                                    # ... obama2.jpg
    ("obama2.jpg", "p03-clean.jpg"),                                   # ... obama3.jpg
    ("johns/John_Simm/000300_00470148.jpg", "p05-clean.jpg"),          # ... John_Simm/000288
    ("johns/John_Shimkus/000375_03227651.jpg", "p09-clean.jpg"),       # ... John_Shimkus/000373
])
def test_two_photos_of_one_person_are_no_signal(functions, s3, selfie, page):
    view = verify(functions, s3, FACES / selfie, PAGES / page)
    assert view["imageMatchResult"]["isMatched"] is True
    assert "selfie_matches_document_photo" not in codes(view)


def test_the_same_document_by_a_second_coach(functions, s3):
    first = verify(functions, s3, FACES / "obama3.jpg", PAGES / "p00-clean.jpg")
    assert "duplicate_document" not in codes(first)
    second_vid = str(uuid.uuid4())
    second = verify(functions, s3, FACES / "obama2.jpg", PAGES / "p00-jpeg-q40.jpg", coach=OTHER, vid=second_vid)
    assert codes(second, "passport_verification") == ["duplicate_document"]
    details = second["riskSignals"][0]["details"]
    assert "another coach" in details and first["passportVerification"]["processedAt"][:10] in details
    assert COACH not in json.dumps(second["riskSignals"]) and VID not in json.dumps(second["riskSignals"])
    # The first verification is not changed by the second.
    assert "duplicate_document" not in codes(admin_view(functions, VID))


def test_the_same_identity_card_by_a_second_coach(functions, s3):
    """Cards are screened like passports: the same card's back (another scan of it) in a second
    coach's verification raises duplicate_document, keyed on its state and number."""
    cards = TESTDATA / "cards"
    first = verify(functions, s3, FACES / "obama3.jpg", cards / "c03-back-600.jpg")
    assert first["passportVerification"]["passportData"]["documentFormat"] == "TD1"
    assert "duplicate_document" not in codes(first)
    second = verify(functions, s3, FACES / "obama2.jpg", cards / "c03-back-250.jpg", coach=OTHER, vid=str(uuid.uuid4()))
    assert codes(second, "passport_verification") == ["duplicate_document"]


def test_the_same_selfie_reencoded_by_another_coach(functions, s3, tmp_path):
    original = Image.open(FACES / "obama3.jpg")
    smaller = jpeg(original.resize((original.width * 3 // 4, original.height * 3 // 4)), tmp_path / "again.jpg",
                   quality=60)
    first = verify(functions, s3, FACES / "obama3.jpg", PAGES / "p00-clean.jpg")
    assert codes(first) == []
    second_vid = str(uuid.uuid4())
    functions.seed(coach=OTHER, state="pending", vid=second_vid)
    avatar = upload(functions, s3, "avatar", smaller, OTHER, second_vid)
    assert avatar["status"] == "avatar_verified"
    view = admin_view(functions, second_vid)
    assert codes(view, "avatar_verification") == ["duplicate_selfie"]
    assert COACH not in view["riskSignals"][0]["details"]


def test_other_selfies_are_not_duplicates(functions, s3):
    verify(functions, s3, FACES / "obama3.jpg", PAGES / "p00-clean.jpg")
    for index, selfie in enumerate(["obama.jpg", "obama2.jpg", "biden.jpg", "johns/John_Simm/000300_00470148.jpg"]):
        vid = str(uuid.uuid4())
        coach = str(uuid.uuid4())
        functions.seed(coach=coach, state="pending", vid=vid)
        upload(functions, s3, "avatar", FACES / selfie, coach, vid)
        assert "duplicate_selfie" not in codes(admin_view(functions, vid)), selfie


def generated_page(tmp_path, birth):
    """A page from the test generator for a holder born on `birth`."""
    sys.path.insert(0, str(ROOT / "Tests" / "support"))
    import passports

    identity = ("YOUNG", "ALEX", "YA1234567", "UTO", "UTOPIAN", birth.isoformat(), "F", "ZENITH",
                (datetime.date.today() - datetime.timedelta(days=30)).isoformat(),
                (datetime.date.today() + datetime.timedelta(days=5 * 365)).isoformat(), "obama.jpg")
    return jpeg(passports.page(identity, FACES, random.Random(1)), tmp_path / "young.jpg")


def test_a_holder_born_seventeen_years_ago_is_underage(functions, s3, tmp_path):
    today = datetime.date.today()
    birth = today.replace(year=today.year - 17) if not (today.month == 2 and today.day == 29) else today.replace(
        year=today.year - 17, day=28)
    view = verify(functions, s3, FACES / "obama3.jpg", generated_page(tmp_path, birth))
    assert view["passportVerification"]["passportData"]["dateOfBirth"] == birth.isoformat()
    assert codes(view, "passport_verification") == ["underage"]
    assert "younger than 18" in view["riskSignals"][0]["details"]


def test_printed_data_that_contradicts_the_mrz(functions, s3, tmp_path):
    sys.path.insert(0, str(ROOT / "Tests" / "support"))
    import passports

    identity = passports.IDENTITIES[0]
    # The MRZ of the real identity, the printed zone with another expiry.
    printed = identity[:9] + ("2033-01-01",) + identity[10:]
    page = jpeg(passports.page(printed, FACES, random.Random(1), mrz=passports.mrz_lines(identity)),
                tmp_path / "mismatch.jpg")
    view = verify(functions, s3, FACES / "obama3.jpg", page)
    assert view["passportVerification"]["mismatchedFields"] == ["expiryDate"]
    assert codes(view, "passport_verification") == ["document_data_mismatch"]
    assert "expiryDate" in view["riskSignals"][0]["details"]


SECRETS = ["L898902C3", "ERIKSSON", "ANNA", "1974-08-12", "UTOL898902C3"]


def test_the_sqlite_index_holds_nothing_in_clear(functions, s3):
    verify(functions, s3, FACES / "obama3.jpg", PAGES / "p00-clean.jpg")
    db = sqlite3.connect(functions.store)
    rows = db.execute("SELECT key, verification_id, coach_id, recorded_at FROM signal_index").fetchall()
    assert len(rows) == 5  # four selfie chunks, one document
    selfie_bytes = (FACES / "obama3.jpg").read_bytes()
    for key, vid, coach, _ in rows:
        assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)
        assert (vid, coach) == (VID, COACH)
        assert all(secret.lower() not in key for secret in SECRETS)
    dump = "\n".join(db.iterdump())
    index_dump = "\n".join(line for line in dump.splitlines() if "signal_index" in line)
    assert not any(secret in index_dump for secret in SECRETS)
    assert selfie_bytes[:64].hex() not in index_dump


def test_the_dynamodb_index_holds_nothing_in_clear(functions, s3):
    import boto3

    table = f"kyc-{uuid.uuid4().hex[:10]}"
    functions.env["KYC_STORE"] = f"dynamodb:{table}"
    subprocess.run([str(BIN / "kyc-seed"), "--create-table", "yes"], env=functions.env, check=True, timeout=60)
    first = verify(functions, s3, FACES / "obama3.jpg", PAGES / "p00-clean.jpg")
    assert first["riskSignals"] == []
    second = verify(functions, s3, FACES / "obama2.jpg", PAGES / "p00-clean.jpg", coach=OTHER, vid=str(uuid.uuid4()))
    assert "duplicate_document" in codes(second)
    env = functions.env
    dynamo = boto3.client("dynamodb", endpoint_url=env["AWS_ENDPOINT_URL_DYNAMODB"], region_name=env["AWS_REGION"],
                          aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    items = dynamo.scan(TableName=table)["Items"]
    index = [item for item in items if item["id"]["S"].startswith("signal#")]
    # The shared document's items (its two entries may fall in two shards), and each selfie's four
    # chunk items (chunks may coincide).
    assert 5 <= len(index) <= 10
    assert sum(len(item["entries"]["SS"]) for item in index) == 2 + 4 + 4
    text = json.dumps(index)
    assert not any(secret in text for secret in SECRETS)
    for item in index:
        assert set(item) == {"id", "entries"}

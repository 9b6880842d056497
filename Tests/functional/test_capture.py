"""Capture sessions (an addition): a coach's capture link with its QR code, and the capture routes
its token opens — through the local runner, which runs the `authorizeCapture` authorizer as API
Gateway would, and straight at the function executables, which check the token again and answer
in the Errors envelope. Scoped, replaced, expired (Debian's faketime on the binaries) and spent
tokens are refused; the token is stored only as its SHA-256 and never logged."""
import base64
import copy
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import time
import urllib.parse
import uuid

import pytest

from conftest import ADMIN, BIN, COACH, OTHER, ROOT, TESTDATA, load_event
from runner import LocalAPI

CAPTURE_ROUTES = {
    "getCaptureProgress": ("GET", ""),
    "createCaptureHandoff": ("POST", "/handoff"),
    "checkCaptureFrame": ("POST", "/frame-check"),
    "createCaptureUpload": ("POST", "/uploads"),
    "uploadCaptureAvatar": ("POST", "/avatar"),
    "uploadCapturePassport": ("POST", "/passport"),
}


@pytest.fixture(scope="module")
def api(tmp_path_factory, s3):
    with LocalAPI(tmp_path_factory.mktemp("capture")).running() as api:
        yield api


def new_coach(api):
    coach = str(uuid.uuid4())
    return coach, api.token(coach)


def session(api, vid, token, user):
    status, _, body = api.request("POST", f"/verifications/{vid}/capture-sessions", token, user)
    return status, body


def fragment(url):
    """(page, verification id, capture token) of a capture link."""
    page, _, rest = url.partition("#")
    values = dict(urllib.parse.parse_qsl(rest))
    return page, values["verification"], values["token"]


def capture(api, name, vid, token, body=None):
    """A capture route of `vid`, with `Authorization: Capture <token>` (or none)."""
    method, suffix = CAPTURE_ROUTES[name]
    headers = {"authorization": f"Capture {token}"} if token is not None else {}
    return api.request(method, f"/capture/verifications/{vid}{suffix}", body=body, headers=headers)


def capture_upload(api, vid, token, purpose, path):
    status, _, slot = capture(api, "createCaptureUpload", vid, token, {"purpose": purpose})
    assert status == 201, slot
    status, text = LocalAPI.post_form(slot, path.read_bytes())
    assert status == 204, text
    return slot["fileKey"]


def test_a_capture_link_carries_a_fresh_token_in_its_fragment_and_its_qr_code_decodes_to_it(api, contract):
    coach, jwt = new_coach(api)
    vid = api.seed(coach, "pending")["id"]
    before = time.time()
    status, body = session(api, vid, jwt, coach)
    assert status == 201, body
    contract.validate(contract.schema("CaptureSession"), body)
    page, linked, token = fragment(body["url"])
    assert page == f"http://127.0.0.1:{api.port}/console/capture.html" and linked == vid
    # 256 random bits as base64url; a second session gets another.
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    expires = time.mktime(time.strptime(body["expiresAt"][:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
    assert before + 900 - 5 <= expires <= time.time() + 900 + 5  # KYC_CAPTURE_TTL's default, 15 minutes
    # The QR code, drawn by libqrencode as SVG, rendered by librsvg and read by zbar, is the link.
    assert body["qrCode"].startswith("<svg") and "<script" not in body["qrCode"]
    png = subprocess.run(["rsvg-convert", "--width", "600", "--background-color", "white"],
                         input=body["qrCode"].encode(), capture_output=True, check=True, timeout=30).stdout
    read = subprocess.run(["zbarimg", "--quiet", "--raw", "-"], input=png, capture_output=True, timeout=30)
    assert read.returncode == 0, read.stderr
    assert read.stdout.decode().strip() == body["url"]
    # Stored only as its SHA-256.
    stored = sqlite3.connect(api.store).execute("SELECT record FROM verifications WHERE id = ?", (vid,)).fetchone()[0]
    assert token not in stored
    assert json.loads(stored)["captureSession"]["tokenHash"] == hashlib.sha256(token.encode()).hexdigest()
    status, again = session(api, vid, jwt, coach)
    assert status == 201 and fragment(again["url"])[2] != token


def test_only_the_owning_coach_gets_a_link_while_a_selfie_or_document_is_awaited(api):
    coach, jwt = new_coach(api)
    vid = api.seed(coach, "pending")["id"]
    other, other_jwt = new_coach(api)
    assert session(api, vid, other_jwt, other)[0] == 404  # ids do not leak
    assert session(api, vid, api.token(ADMIN, admin=True), ADMIN)[0] == 403
    assert session(api, vid, None, coach)[0] == 401
    reviewed, reviewed_jwt = new_coach(api)  # one active verification per coach
    done = api.seed(reviewed, "admin_review_required")["id"]
    status, body = session(api, done, reviewed_jwt, reviewed)
    assert status == 409 and body["errors"][0]["code"] == "validation", body
    status, body = session(api, "not-a-uuid", jwt, coach)
    assert status == 400 and body["errors"][0]["code"] == "validation"


def test_the_phone_flow_with_the_token_alone_records_live_capture_and_spends_the_token(api, contract):
    coach, jwt = new_coach(api)
    vid = api.request("POST", "/verifications", jwt, coach, {"notes": "capture"})[2]["id"]
    _, _, token = fragment(session(api, vid, jwt, coach)[1]["url"])

    status, _, progress = capture(api, "getCaptureProgress", vid, token)
    assert status == 200, progress
    contract.validate(contract.schema("CaptureProgress"), progress)
    assert progress["status"] == "pending" and progress["retentionDays"] == 30
    assert progress["progress"]["avatarVerified"] == {"success": False, "attempts": 0}

    selfie = capture_upload(api, vid, token, "avatar", TESTDATA / "faces" / "obama3.jpg")
    # The capture routes want to know how the image was taken.
    status, _, body = capture(api, "uploadCaptureAvatar", vid, token, {"fileKey": selfie})
    assert status == 400 and "captureMethod" in body["errors"][0]["message"], body
    status, _, body = capture(api, "uploadCaptureAvatar", vid, token, {"fileKey": selfie, "captureMethod": "camera"})
    assert status == 400, body
    status, _, body = capture(api, "uploadCaptureAvatar", vid, token, {"fileKey": selfie, "captureMethod": "live"})
    assert status == 200 and body["status"] == "avatar_verified", body
    assert "history" not in body and "riskSignals" not in body  # the coach's view

    page = capture_upload(api, vid, token, "passport", TESTDATA / "passports" / "p00-clean.jpg")
    status, _, body = capture(api, "uploadCapturePassport", vid, token, {"fileKey": page, "captureMethod": "live"})
    assert status == 200 and body["status"] == "admin_review_required", body

    # The reviewer sees how each image was taken.
    status, _, images = api.request("GET", f"/verifications/{vid}/images", api.token(ADMIN, admin=True), ADMIN)
    assert status == 200, images
    contract.validate(contract.schema("VerificationImages"), images)
    assert images["avatar"]["captureMethod"] == "live" and images["passport"]["captureMethod"] == "live"

    # The flow is complete: the token is spent, on every capture route, and the session dropped.
    for name in CAPTURE_ROUTES:
        status, _, body = capture(api, name, vid, token, {"purpose": "avatar"} if name == "createCaptureUpload"
                                  else {"fileKey": page, "captureMethod": "live"} if name.startswith("upload") else None)
        assert status == 403 and body == {"message": "Forbidden"}, (name, status, body)
    stored = sqlite3.connect(api.store).execute("SELECT record FROM verifications WHERE id = ?", (vid,)).fetchone()[0]
    assert "captureSession" not in json.loads(stored)
    # And a new link is refused: nothing is left to capture.
    assert session(api, vid, jwt, coach)[0] == 409
    log = (api.directory / "runner.log").read_text()
    assert token not in log and hashlib.sha256(token.encode()).hexdigest() not in log


def test_a_token_opens_only_the_capture_routes_of_its_own_verification(api):
    coach, jwt = new_coach(api)
    mine = api.seed(coach, "pending")["id"]
    other, other_jwt = new_coach(api)
    theirs = api.seed(other, "pending")["id"]
    _, _, token = fragment(session(api, mine, jwt, coach)[1]["url"])
    _, _, their_token = fragment(session(api, theirs, other_jwt, other)[1]["url"])
    assert capture(api, "getCaptureProgress", mine, token)[0] == 200
    # Another verification's routes, with this token, or with theirs on mine.
    assert capture(api, "getCaptureProgress", theirs, token)[0] == 403
    assert capture(api, "createCaptureUpload", theirs, token, {"purpose": "avatar"})[0] == 403
    assert capture(api, "getCaptureProgress", mine, their_token)[0] == 403
    assert capture(api, "getCaptureProgress", str(uuid.uuid4()), token)[0] == 403
    # No header: 401; a JWT is no capture token, nor a guess, nor a malformed one.
    assert capture(api, "getCaptureProgress", mine, None)[0] == 401
    for header in (f"Bearer {jwt}", "Capture " + "A" * 43, "Capture", f"Capture {token}x", f"capture  {token[:-1]}"):
        status, _, body = api.request("GET", f"/capture/verifications/{mine}", headers={"authorization": header})
        assert status == 403 and body == {"message": "Forbidden"}, header
    # The token is no key to the JWT routes.
    for method, path in (("GET", f"/verifications/{mine}"), ("GET", "/verifications/status"),
                         ("POST", f"/verifications/{mine}/uploads"), ("POST", f"/verifications/{mine}/capture-sessions")):
        status, _, _ = api.request(method, path, user=coach, body={"purpose": "avatar"},
                                   headers={"authorization": f"Capture {token}"})
        assert status == 401, (method, path)
    # A newer session replaces the older one.
    _, _, newer = fragment(session(api, mine, jwt, coach)[1]["url"])
    assert capture(api, "getCaptureProgress", mine, token)[0] == 403
    assert capture(api, "getCaptureProgress", mine, newer)[0] == 200
    # So does a hand-off to a phone, made with the token itself: the caller's token stops working.
    _, _, before = capture(api, "getCaptureProgress", mine, newer)
    status, _, handoff = capture(api, "createCaptureHandoff", mine, newer)
    assert status == 201, handoff
    # It ends when the session it replaces would have: a token cannot lengthen its own life.
    assert handoff["expiresAt"] == before["expiresAt"]
    _, linked, phone = fragment(handoff["url"])
    assert linked == mine and phone != newer
    assert capture(api, "getCaptureProgress", mine, newer)[0] == 403
    assert capture(api, "getCaptureProgress", mine, phone)[0] == 200
    assert capture(api, "createCaptureHandoff", theirs, phone)[0] == 403


def event(name, vid, token):
    """A capture route's event as API Gateway passes it on, with the capture token."""
    method, suffix = CAPTURE_ROUTES[name]
    base = copy.deepcopy(load_event("getVerification"))
    route = f"/capture/verifications/{{verificationId}}{suffix}"
    base["routeKey"] = base["requestContext"]["routeKey"] = f"{method} {route}"
    base["rawPath"] = base["requestContext"]["http"]["path"] = f"/v1/capture/verifications/{vid}{suffix}"
    base["requestContext"]["http"]["method"] = method
    del base["headers"]["x-current-user-id"]
    base["requestContext"].pop("authorizer")
    if token is None:
        del base["headers"]["authorization"]
    else:
        base["headers"]["authorization"] = f"Capture {token}"
    base["pathParameters"] = {"verificationId": vid}
    return base


def authorize(functions, vid, token, offset=None):
    """The authorizer executable's decision on a capture request, `offset` later (faketime)."""
    request = event("getCaptureProgress", vid, token)
    request |= {"type": "REQUEST", "identitySource": [f"Capture {token}"]}
    command = [str(BIN / "authorizeCapture")]
    if offset:
        command = ["faketime", "-f", offset, *command]
    out = subprocess.run(command, input=json.dumps(request).encode(), capture_output=True, env=functions.env,
                         timeout=60)
    assert out.returncode == 0, out.stderr.decode()
    assert token not in out.stderr.decode()
    return json.loads(out.stdout)


def progress(functions, vid, token, offset=None):
    """getCaptureProgress straight at the executable, `offset` later (faketime): (status, body)."""
    command = [str(BIN / "getCaptureProgress")]
    if offset:
        command = ["faketime", "-f", offset, *command]
    out = subprocess.run(command, input=json.dumps(event("getCaptureProgress", vid, token)).encode(),
                         capture_output=True, env=functions.env, timeout=60)
    assert out.returncode == 0 and (not token or token not in out.stderr.decode())
    doc = json.loads(out.stdout)
    return doc["statusCode"], functions.contract.check("getCaptureProgress", doc)


def new_session(functions, vid, coach=COACH):
    """createCaptureSession straight at the executable, as `coach`: the new token."""
    request = copy.deepcopy(load_event("createUploadSlot"))
    request["routeKey"] = "POST /verifications/{verificationId}/capture-sessions"
    request["pathParameters"] = {"verificationId": vid}
    request["headers"]["x-current-user-id"] = coach
    request["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = coach
    request.pop("body", None)
    status, body = functions.invoke("createCaptureSession", request)
    assert status == 201, body
    # Through API Gateway the link is the API's own console, at the request's domain and stage.
    assert body["url"].startswith("https://kyc-dev.le-ko.example/v1/console/capture.html#verification=")
    return fragment(body["url"])[2]


def test_an_expired_token_is_refused_by_the_authorizer_and_the_functions(functions):
    vid = functions.seed(state="pending")["id"]
    token = new_session(functions, vid)
    decision = authorize(functions, vid, token)
    assert decision == {"isAuthorized": True, "context": {"verificationId": vid, "coachId": COACH}}
    assert progress(functions, vid, token)[0] == 200
    assert authorize(functions, vid, token, "+14m")["isAuthorized"] is True
    # Past KYC_CAPTURE_TTL (15 minutes by default).
    assert authorize(functions, vid, token, "+16m") == {"isAuthorized": False}
    status, body = progress(functions, vid, token, "+16m")
    assert status == 401 and body["errors"][0]["code"] == "unauthorized" and "expired" in body["errors"][0]["message"]
    assert body["errors"][0]["endpoint"] == "GET /capture/verifications/{verificationId}"


def test_the_functions_answer_a_refused_token_in_the_errors_envelope(functions):
    vid = functions.seed(state="pending")["id"]
    token = new_session(functions, vid)
    other = functions.seed(coach=OTHER, state="pending")["id"]
    their_token = new_session(functions, other, OTHER)
    for target, presented, expected in ((vid, None, 401), (vid, "A" * 43, 401), (vid, their_token, 401),
                                        (other, token, 401), (vid, token, 200)):
        status, body = progress(functions, target, presented)
        assert status == expected, (target, body)
        if status == 401:
            assert body["errors"][0]["code"] == "unauthorized"
    # A verification whose capture is complete while its session is still on record: 403.
    third = str(uuid.uuid4())  # one active verification per coach
    done = functions.seed(coach=third, state="pending")["id"]
    spent = new_session(functions, done, third)
    store = sqlite3.connect(functions.store)
    record = json.loads(store.execute("SELECT record FROM verifications WHERE id = ?", (done,)).fetchone()[0])
    record["verification"]["status"] = "admin_review_required"
    store.execute("UPDATE verifications SET record = ? WHERE id = ?", (json.dumps(record), done))
    store.commit()
    status, body = progress(functions, done, spent)
    assert status == 403 and body["errors"][0]["code"] == "forbidden", body
    assert authorize(functions, done, spent) == {"isAuthorized": False}


def test_the_qr_tools_are_installed_by_setup():
    setup = (ROOT / "scripts" / "setup").read_text()
    for package in ("libqrencode-dev", "zbar-tools", "librsvg2-bin"):
        assert package in setup
    assert shutil.which("zbarimg") and shutil.which("rsvg-convert")


def frame(path, width=640, quality=70, background=None, share=0.7):
    """A small camera frame as the page sends one: the picture centred on a table in a 16:9 frame
    `width` px wide (composed at that size: a full-size frame would swell the test process)."""
    import io

    from PIL import Image

    height = width * 9 // 16
    canvas = Image.new("RGB", (width, height), background or (70, 52, 38))
    picture = Image.open(path).convert("RGB")
    w = int(width * share)
    h = int(w * picture.height / picture.width)
    if h > height * 0.86:
        h = int(height * 0.86)
        w = int(h * picture.width / picture.height)
    canvas.paste(picture.resize((w, h), Image.LANCZOS), ((width - w) // 2, (height - h) // 2))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=quality)
    return base64.b64encode(out.getvalue()).decode()


def frame_check(functions, vid, body, context=True, coach=COACH):
    request = event("checkCaptureFrame", vid, None)
    request["body"] = json.dumps(body)
    if context:
        request["requestContext"]["authorizer"] = {"lambda": {"verificationId": context if isinstance(
            context, str) else vid, "coachId": coach}}
    return functions.invoke("checkCaptureFrame", request)


def test_the_frame_check_finds_the_face_and_the_mrz_band_on_small_frames(functions):
    vid = functions.seed(state="pending")["id"]
    grey = (200, 200, 200)
    status, body = frame_check(functions, vid, {"kind": "selfie", "image": frame(
        TESTDATA / "faces" / "obama.jpg", background=grey, share=0.45)})
    assert status == 200 and body["faces"] == 1 and (body["width"], body["height"]) == (640, 360), body
    face = body["face"]
    assert 250 < (face["left"] + face["right"]) / 2 < 390 and face["right"] - face["left"] > 40  # centred, not tiny
    # A real specimen page: the MRZ band at its bottom; the bare table and a shaken page show none.
    real = ROOT.parent / "shared" / "real-passports"
    for name in ("62_pass-pol.jpg", "100_pass-fin.jpg"):
        status, body = frame_check(functions, vid, {"kind": "document", "image": frame(real / name)})
        assert status == 200 and body["mrz"]["lines"] == 2 and 0.6 < body["mrz"]["top"] < 0.9, (name, body)
        assert body["mrz"]["width"] > 0.6
    status, body = frame_check(functions, vid, {"kind": "document", "image": frame(
        TESTDATA / "faces" / "obama.jpg", background=grey, share=0.45)})
    assert status == 200 and "mrz" not in body, body
    # Bad input: 400 in the Errors envelope; too large; not a JPEG.
    for bad in ({"kind": "selfie", "image": base64.b64encode(b"GIF89a" + bytes(100)).decode()},
                {"kind": "selfie", "image": "not base64!"},
                {"kind": "selfie", "image": base64.b64encode(bytes(42 * 1024)).decode()},  # over 40 KiB
                {"kind": "passport", "image": frame(TESTDATA / "faces" / "obama.jpg")},
                {"kind": "selfie"}):
        status, body = frame_check(functions, vid, bad)
        assert status == 400 and body["errors"][0]["code"] == "validation", (bad.get("kind"), body)
    # A body over the API's JSON limit is refused before it is read.
    status, body = frame_check(functions, vid, {"kind": "selfie", "image": frame(
        TESTDATA / "faces" / "obama.jpg", width=1600, quality=95)})
    assert status == 413 and body["errors"][0]["code"] == "validation"
    # Only with the authorizer's word, for this path's verification.
    image = frame(TESTDATA / "faces" / "obama.jpg")
    assert frame_check(functions, vid, {"kind": "selfie", "image": image}, context=False)[0] == 401
    assert frame_check(functions, vid, {"kind": "selfie", "image": image}, context=str(uuid.uuid4()))[0] == 401


def test_the_frame_check_through_the_runner_takes_the_capture_token(api):
    coach, jwt = new_coach(api)
    vid = api.seed(coach, "pending")["id"]
    _, _, token = fragment(session(api, vid, jwt, coach)[1]["url"])
    body = {"kind": "document", "image": frame(ROOT.parent / "shared" / "real-passports" / "62_pass-pol.jpg")}
    status, _, check = capture(api, "checkCaptureFrame", vid, token, body)
    assert status == 200 and check["mrz"]["lines"] == 2, check
    assert capture(api, "checkCaptureFrame", vid, "A" * 43, body)[0] == 403
    assert capture(api, "checkCaptureFrame", vid, None, body)[0] == 401


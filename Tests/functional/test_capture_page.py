"""The capture page in a real browser: Debian's Chromium at a phone's size with a fake camera
(`--use-fake-device-for-media-stream --use-fake-ui-for-media-stream
--use-file-for-fake-video-capture=<clip.y4m>`), through kyc-local and the signature-checking
local S3. The clips are made here (Tests/support/capture_clips.py) from a real face photo and real
specimen pages (../shared/real-passports, read from there): moving in, blurred by a shaking hand,
then still; blurred throughout; still with a glare patch. Screenshots of each step go to
docs/capture/."""
import json
import os
import pathlib
import subprocess
import sys
import time
import uuid

import pytest

from conftest import ADMIN, ROOT, TESTDATA
from runner import LocalAPI

pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

REAL = pathlib.Path(os.environ.get("KYC_REAL_PASSPORTS", ROOT.parent / "shared" / "real-passports"))
SHOTS = ROOT / "docs" / "capture"
FACE = TESTDATA / "faces" / "obama.jpg"


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    if "KYC_TEST_S3_GATE_ENDPOINT" not in os.environ:
        pytest.fail("the local AWS peers are not running: use scripts/test")
    local = LocalAPI(tmp_path_factory.mktemp("capture-page"))
    local.env["AWS_ENDPOINT_URL_S3"] = os.environ["KYC_TEST_S3_GATE_ENDPOINT"]
    with local.running():
        yield local


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """The fake cameras' clips, made once, in a process of their own (their frames would swell
    this one, and every process it starts after): {name: (path, None)}."""
    if not (REAL / "62_pass-pol.jpg").exists():
        pytest.fail(f"the shared real specimen pages are not in {REAL}")
    folder = tmp_path_factory.mktemp("clips")
    subprocess.run([sys.executable, str(ROOT / "Tests" / "support" / "capture_clips.py"), str(folder), str(TESTDATA),
                    str(REAL)], check=True, timeout=600)
    names = ("face", "page", "real", "blurred", "glare", "cover", "licence", "card")
    return {name: (folder / f"{name}.y4m", None) for name in names}


def phone(clip, lang="en-US", mobile=True):
    """Chromium the size of a phone with a touch screen (or, `mobile=False`, a desktop's), its
    camera playing `clip`."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    size = "390,844" if mobile else "1280,800"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={size}", f"--lang={lang}", "--use-fake-device-for-media-stream",
                 "--use-fake-ui-for-media-stream", f"--use-file-for-fake-video-capture={clip}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    if mobile:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 1.0, "touch": True}})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def wait(driver, condition, seconds=20):
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)


def step(driver):
    return driver.find_element(By.TAG_NAME, "body").get_attribute("data-step")


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def capture_link(api, state="pending"):
    """A new coach's verification in `state`, and its capture link: (coach, jwt, id, url)."""
    coach = str(uuid.uuid4())
    jwt = api.token(coach)
    vid = api.seed(coach, state)["id"]
    status, _, body = api.request("POST", f"/verifications/{vid}/capture-sessions", jwt, coach)
    assert status == 201, body
    return coach, jwt, vid, body["url"]


def start_document(driver, url, screenshots=False):
    """Opens the link, agrees, chooses a passport: the document's camera step."""
    driver.get(url)
    wait(driver, lambda d: step(d) == "consent")
    if screenshots:
        shot(driver, "1-consent")
    driver.find_element(By.ID, "consent-agree").click()
    wait(driver, lambda d: step(d) == "type")
    if screenshots:
        shot(driver, "2-document-type")
    driver.find_element(By.ID, "type-passport").click()
    wait(driver, lambda d: step(d) == "camera")


def csp_errors(driver):
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_the_phone_takes_the_selfie_and_the_passport_live_and_the_flow_ends_in_review(api, clips):
    coach, jwt, vid, url = capture_link(api)
    # The selfie: the front camera shows a real face photo, held still.
    driver = phone(clips["face"][0])
    try:
        start_document(driver, url, screenshots=True)
        assert driver.find_element(By.ID, "camera-title").text == "Your face"
        # "Hold still" until the server's frame check has found the face, then "good".
        wait(driver, lambda d: d.find_element(By.ID, "guidance").get_attribute("data-verdict") == "good")
        shot(driver, "3-selfie-camera")
        wait(driver, lambda d: step(d) == "review", 15)
        body = driver.find_element(By.TAG_NAME, "body")
        assert body.get_attribute("data-auto-captures") == "1"
        image = driver.find_element(By.CSS_SELECTOR, '#review-images img')
        wait(driver, lambda d: d.execute_script("return arguments[0].naturalWidth", image) > 0)
        # At the camera's full resolution, not the guidance's 320 px.
        assert driver.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", image) == [1920, 1080]
        assert image.get_attribute("data-method") == "live"
        shot(driver, "4-selfie-review")
        driver.find_element(By.ID, "review-send").click()
        # Accepted: on to the document, on the rear camera (the same fake clip here).
        wait(driver, lambda d: step(d) in ("camera", "result") and d.find_element(By.ID, "camera-title").text != "Your face", 60)
        assert step(driver) == "camera", (driver.find_element(By.ID, "result-message").text, driver.get_log("browser"))
        assert driver.find_element(By.ID, "camera-title").text == "Your passport"
        assert not csp_errors(driver)
    finally:
        driver.quit()
    status, _, progress = api.request("GET", f"/capture/verifications/{vid}",
                                      headers={"authorization": "Capture " + url.split("token=")[1]})
    assert status == 200 and progress["status"] == "avatar_verified", progress

    # The passport: the page moves in, shakes, then holds still; the same link opened again.
    driver = phone(clips["page"][0])
    try:
        start_document(driver, url)
        assert driver.find_element(By.ID, "camera-title").text == "Your passport"
        wait(driver, lambda d: d.find_element(By.ID, "guidance").get_attribute("data-verdict") in ("blurry", "holdStill"), 10)
        shot(driver, "5-document-camera-blurred")
        wait(driver, lambda d: step(d) == "review", 20)
        body = driver.find_element(By.TAG_NAME, "body")
        assert body.get_attribute("data-auto-captures") == "1"
        image = driver.find_element(By.CSS_SELECTOR, '#review-images img')
        wait(driver, lambda d: d.execute_script("return arguments[0].naturalWidth", image) > 0)
        assert driver.execute_script("return arguments[0].naturalWidth", image) == 1920
        shot(driver, "6-document-review")
        driver.find_element(By.ID, "review-send").click()
        wait(driver, lambda d: step(d) == "result", 60)
        assert body.get_attribute("data-outcome") == "done", driver.find_element(By.ID, "result-message").text
        shot(driver, "7-result-done")
        assert not csp_errors(driver)
        # The link is spent: opened again (a new page, not a jump to its fragment), it says so.
        driver.get("about:blank")
        driver.get(url)
        wait(driver, lambda d: step(d) == "result" and d.find_element(By.TAG_NAME, "body").get_attribute("data-outcome") == "invalid")
        shot(driver, "8-link-spent")
    finally:
        driver.quit()

    admin = api.token(ADMIN, admin=True)
    status, _, verification = api.request("GET", f"/verifications/{vid}", admin, ADMIN)
    assert verification["status"] == "admin_review_required", verification
    status, _, images = api.request("GET", f"/verifications/{vid}/images", admin, ADMIN)
    assert images["avatar"]["captureMethod"] == "live" and images["passport"]["captureMethod"] == "live", images
    # The page as analysed: the full frame (the selfie is analysed scaled down, so its width says less).
    assert images["passport"]["width"] == 1920
    status, _, _ = api.request("GET", f"/capture/verifications/{vid}",
                               headers={"authorization": "Capture " + url.split("token=")[1]})
    assert status == 403


def test_a_card_is_taken_back_first_then_front_and_ends_in_review(api, clips):
    """The MRZ side, then, once the card was turned, its front: both live, sent together."""
    _, _, vid, url = capture_link(api, "avatar_verified")
    driver = phone(clips["card"][0])
    try:
        driver.get(url)
        wait(driver, lambda d: step(d) == "consent")
        driver.find_element(By.ID, "consent-agree").click()
        wait(driver, lambda d: step(d) == "type")
        driver.find_element(By.ID, "type-card").click()
        wait(driver, lambda d: step(d) == "camera")
        assert driver.find_element(By.ID, "camera-title").text == "Back of your card"
        shot(driver, "card-back-camera")
        wait(driver, lambda d: d.find_element(By.ID, "camera-title").text == "Front of your card", 15)
        wait(driver, lambda d: step(d) == "review", 20)
        body = driver.find_element(By.TAG_NAME, "body")
        assert body.get_attribute("data-auto-captures") == "2"
        images = driver.find_elements(By.CSS_SELECTOR, "#review-images img")
        assert len(images) == 2
        wait(driver, lambda d: all(d.execute_script("return arguments[0].naturalWidth", i) == 1920 for i in images))
        shot(driver, "card-review")
        driver.find_element(By.ID, "review-send").click()
        wait(driver, lambda d: step(d) == "result", 60)
        assert body.get_attribute("data-outcome") == "done", driver.find_element(By.ID, "result-message").text
    finally:
        driver.quit()
    admin = api.token(ADMIN, admin=True)
    status, _, verification = api.request("GET", f"/verifications/{vid}", admin, ADMIN)
    assert verification["status"] == "admin_review_required", verification
    assert verification["passportVerification"]["passportData"]["documentFormat"] == "TD1"
    _, _, images = api.request("GET", f"/verifications/{vid}/images", admin, ADMIN)
    assert images["passport"]["captureMethod"] == "live" and images["passportBack"]["captureMethod"] == "live"


def test_a_desktop_hands_over_to_the_phone_by_qr_code_and_follows_it_to_the_end(api, clips, tmp_path):
    import base64

    _, _, vid, url = capture_link(api, "avatar_verified")
    first_token = url.split("token=")[1]
    desktop = phone(clips["face"][0], mobile=False)
    try:
        desktop.get(url)
        wait(desktop, lambda d: step(d) == "handoff")
        qr = desktop.find_element(By.ID, "handoff-qr")
        wait(desktop, lambda d: d.execute_script("return arguments[0].naturalWidth", qr) > 0)
        desktop.save_screenshot(str(SHOTS / "desktop-handoff.png"))
        # The QR code as the page draws it, read by zbar as a phone's camera app would read it.
        png = desktop.execute_script("""
            const canvas = document.createElement("canvas");
            canvas.width = canvas.height = 600;
            const context = canvas.getContext("2d");
            context.imageSmoothingEnabled = false;
            context.drawImage(arguments[0], 0, 0, 600, 600);
            return canvas.toDataURL("image/png").split(",")[1];""", qr)
        read = subprocess.run(["zbarimg", "--quiet", "--raw", "-"], input=base64.b64decode(png), capture_output=True,
                              timeout=30)
        phone_url = read.stdout.decode().strip()
        assert phone_url.startswith(url.split("#")[0] + f"#verification={vid}&token="), phone_url
        assert phone_url.split("token=")[1] != first_token
        # The desktop's first token was replaced by the fresh session's.
        status, _, _ = api.request("GET", f"/capture/verifications/{vid}", headers={"authorization": f"Capture {first_token}"})
        assert status == 403
        handset = phone(clips["page"][0])
        try:
            start_document(handset, phone_url)
            wait(handset, lambda d: step(d) == "review", 20)
            handset.find_element(By.ID, "review-send").click()
            wait(handset, lambda d: step(d) == "result", 60)
            assert handset.find_element(By.TAG_NAME, "body").get_attribute("data-outcome") == "done"
        finally:
            handset.quit()
        # The desktop follows the phone to the end.
        wait(desktop, lambda d: step(d) == "result", 15)
        assert desktop.find_element(By.TAG_NAME, "body").get_attribute("data-outcome") == "done"
        assert "phone has finished" in desktop.find_element(By.ID, "result-message").text
        desktop.save_screenshot(str(SHOTS / "desktop-finished.png"))
    finally:
        desktop.quit()


@pytest.mark.parametrize("clip, verdicts, required", [
    ("blurred", {"blurry", "holdStill"}, {"blurry"}), ("glare", {"glare"}, {"glare"}),
    # Sharp and still, but the server's frame check finds no MRZ band: said, and never captured.
    ("cover", {"blurry", "holdStill", "showMrz"}, {"showMrz"}),
    # A real driving licence: a document, but no MRZ on it; its white card may read as glare
    # first. Whatever the guidance says, it is never captured.
    ("licence", {"blurry", "holdStill", "showMrz", "glare"}, set())])
def test_auto_capture_never_fires_on_blurred_or_glaring_frames_or_without_an_mrz(api, clips, clip, verdicts,
                                                                                   required):
    _, _, _, url = capture_link(api, "avatar_verified")
    driver = phone(clips[clip][0])
    try:
        start_document(driver, url)
        seen = set()
        deadline = time.monotonic() + 9
        while time.monotonic() < deadline:
            seen.add(driver.find_element(By.ID, "guidance").get_attribute("data-verdict"))
            assert step(driver) == "camera", "auto-capture fired"
            time.sleep(0.2)
        assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-auto-captures") is None
        assert seen - {"", None} <= verdicts and seen >= required, seen
        # After a few seconds the shutter is offered instead.
        assert driver.find_element(By.ID, "shutter").is_displayed()
        shot(driver, f"guidance-{clip}")
    finally:
        driver.quit()


def test_auto_capture_fires_within_seconds_of_sharp_frames_and_a_refusal_offers_a_retake(api, clips):
    """A real specimen page: its blurred seconds are never captured, its still ones within a few
    seconds. The specimen expired long ago, so the server refuses it: the reason becomes guidance
    and a retake."""
    _, _, vid, url = capture_link(api, "avatar_verified")
    driver = phone(clips["real"][0])
    try:
        start_document(driver, url)
        wait(driver, lambda d: step(d) == "review", 20)
        body = driver.find_element(By.TAG_NAME, "body")
        # The clip's first three seconds move and shake; it is still from then on.
        assert 2500 <= int(body.get_attribute("data-capture-ms")) <= 8000, body.get_attribute("data-capture-ms")
        image = driver.find_element(By.CSS_SELECTOR, '#review-images img')
        wait(driver, lambda d: d.execute_script("return arguments[0].naturalWidth", image) == 1920)
        driver.find_element(By.ID, "review-send").click()
        wait(driver, lambda d: step(d) == "result", 60)
        assert body.get_attribute("data-outcome") == "refused"
        assert driver.find_element(By.ID, "result-message").text
        retake = driver.find_element(By.ID, "result-retake")
        assert retake.is_displayed()
        shot(driver, "9-refused-retake")
        retake.click()
        wait(driver, lambda d: step(d) == "camera")
    finally:
        driver.quit()


@pytest.mark.parametrize("lang, title, agree", [("de-DE", "Bevor Sie beginnen", "Einverstanden"),
                                                ("fr-FR", "Avant de commencer", "J’accepte")])
def test_the_page_speaks_the_browsers_language(api, clips, lang, title, agree):
    _, _, _, url = capture_link(api)
    driver = phone(clips["face"][0], lang)
    try:
        driver.get(url)
        wait(driver, lambda d: step(d) == "consent")
        assert driver.find_element(By.ID, "consent-title").text == title
        assert driver.find_element(By.ID, "consent-agree").text.startswith(agree)
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang[:2]
        assert "30" in driver.find_element(By.ID, "consent-retention").text
    finally:
        driver.quit()


def test_every_catalog_has_every_string_and_no_serious_accessibility_violation(api, clips):
    catalogs = {}
    for lang in ("en", "de", "fr"):
        text = (ROOT / "console" / "js" / "capture" / f"strings-{lang}.js").read_text()
        catalogs[lang] = {line.split(":")[0].strip() for line in text.splitlines() if line.startswith("  ") and ":" in line}
    assert catalogs["en"] == catalogs["de"] == catalogs["fr"] and len(catalogs["en"]) > 40
    from axe_selenium_python import Axe

    _, _, _, url = capture_link(api)
    driver = phone(clips["face"][0])
    try:
        driver.get(url)
        wait(driver, lambda d: step(d) == "consent")
        for reach in ("consent", "type", "camera"):
            if reach == "type":
                driver.find_element(By.ID, "consent-agree").click()
            if reach == "camera":
                driver.find_element(By.ID, "type-passport").click()
            wait(driver, lambda d: step(d) == reach)
            axe = Axe(driver)
            axe.inject()
            serious = [(v["id"], v["impact"]) for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]
            assert not serious, (reach, serious)
    finally:
        driver.quit()


def test_the_capture_page_is_served_with_the_camera_and_a_strict_policy(api):
    import urllib.request

    with urllib.request.urlopen(api.url.replace("/v1", "/console/capture.html"), timeout=10) as response:
        headers = dict(response.headers)
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert f"connect-src 'self' {os.environ['KYC_TEST_S3_GATE_ENDPOINT']}" in policy
    assert headers["permissions-policy"].startswith("camera=(self)")
    with urllib.request.urlopen(api.url.replace("/v1", "/console/index.html"), timeout=10) as response:
        assert dict(response.headers)["permissions-policy"].startswith("camera=()")

"""The admin review console in a real browser: Debian's Chromium driven by Selenium, through
kyc-local, with images loaded through presigned links from the signature-checking local S3
(moto behind the front that checks presigned requests, Tests/support/presigned_gate.py)."""
import base64
import json
import os
import pathlib
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from conftest import ADMIN, ROOT, TESTDATA
from runner import LocalAPI

sys.path.insert(0, str(ROOT / "Tests" / "support"))
from chips import Authority, dg1, dg2  # noqa: E402

pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

DEV_ADMIN = "a0000000-0000-4000-8000-00000000ad01"
SCREENSHOTS = pathlib.Path(os.environ.get("KYC_SCREENSHOT_DIR", ROOT / ".build-testdata" / "screenshots"))


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    if "KYC_TEST_S3_GATE_ENDPOINT" not in os.environ:
        pytest.fail("the local AWS peers are not running: use scripts/test")
    local = LocalAPI(tmp_path_factory.mktemp("console"))
    local.env["AWS_ENDPOINT_URL_S3"] = os.environ["KYC_TEST_S3_GATE_ENDPOINT"]
    # A test CSCA for the chip the review shows.
    local.authority = Authority(local.directory / "pki")
    local.env["KYC_CSCA_TRUST"] = str(local.authority.csca)
    with local.running():
        yield local


def chrome(width=1280, height=800):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}", "--lang=en-US"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = chrome()
    driver.set_script_timeout(20)
    yield driver
    driver.quit()


def console_url(api):
    return api.url.replace("/v1", "/console/")


def wait(driver, condition, seconds=20):
    return WebDriverWait(driver, seconds).until(condition)


def by_testid(driver, testid):
    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def waiting_for_review(api, selfie, page):
    """A verification the real flow puts in admin_review_required: create, selfie, passport."""
    coach = str(uuid.uuid4())
    token = api.token(coach)
    status, _, created = api.request("POST", "/verifications", token=token, user=coach, body={})
    assert status == 201, created
    for step, path in [("avatar", selfie), ("passport", page)]:
        status, _, body = api.request("POST", f"/verifications/{created['id']}/{step}", token=token, user=coach,
                                      body={"fileKey": api.upload(created["id"], token, coach, step, path)})
        assert status == 200, body
    assert body["status"] == "admin_review_required", body
    return created["id"], coach


def sign_in(driver, api):
    driver.get(console_url(api))
    driver.execute_script("sessionStorage.clear()")
    driver.refresh()
    wait(driver, lambda d: by_testid(d, "dev-sign-in").is_displayed())
    by_testid(driver, "dev-sign-in").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="queue-item"]'))


def queue_ids(driver):
    return [e.get_attribute("data-verification-id")
            for e in driver.find_elements(By.CSS_SELECTOR, '[data-testid="queue-item"]')]


def images_loaded(driver):
    return driver.execute_script(
        "return ['avatar-image', 'passport-image'].map(id => document.getElementById(id))"
        ".every(img => img.complete && img.naturalWidth > 0)")


def axe_violations(driver):
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in axe.run()["violations"]]


def csp_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def test_an_admin_reviews_and_decides_in_the_browser(api, browser):
    page = TESTDATA / "passports" / "p00-clean.jpg"
    first, _ = waiting_for_review(api, TESTDATA / "faces" / "obama3.jpg", page)
    second, _ = waiting_for_review(api, TESTDATA / "faces" / "obama3.jpg", page)
    sign_in(browser, api)
    assert browser.execute_script("return localStorage.length") == 0  # the token is not kept there
    assert browser.execute_script("return sessionStorage.length") == 1
    assert {first, second} <= set(queue_ids(browser))
    # Oldest waiting first: j selects the first, which is the first one created.
    ids = queue_ids(browser)
    assert ids.index(first) < ids.index(second)
    browser.find_element(By.TAG_NAME, "body").send_keys("j" * (ids.index(first) + 1))
    wait(browser, lambda d: first in d.find_element(By.ID, "review-title").text)
    wait(browser, images_loaded)
    for testid in ("avatar-image", "passport-image"):
        src = by_testid(browser, testid).get_attribute("src")
        assert src.startswith(os.environ["KYC_TEST_S3_GATE_ENDPOINT"]) and "X-Amz-Signature=" in src
    assert browser.find_element(By.CSS_SELECTOR, "#avatar-stage .box").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "#passport-stage .box").is_displayed()
    assert not browser.find_element(By.ID, "passport-back-figure").is_displayed()  # a passport has one side
    facts = browser.find_element(By.ID, "facts").text
    assert "threshold 0.80" in facts and "selfie 1, passport 1" in facts
    admin = api.token(ADMIN, admin=True)
    read = api.request("GET", f"/verifications/{first}", token=admin, user=ADMIN)[2]["passportVerification"]["passportData"]
    rows = browser.find_element(By.ID, "passport-rows").text
    assert f"Passport number {read['passportNumber']}" in rows and f"Last name {read['lastName']}" in rows
    history = browser.find_element(By.ID, "history").text
    assert "created by coach" in history and "faces compared by coach" in history
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "console-review.png"))
    assert not axe_violations(browser)

    by_testid(browser, "notes").send_keys("Selfie and portrait agree; MRZ valid.")
    by_testid(browser, "approve").click()
    wait(browser, lambda d: "approved" in by_testid(d, "decision-status").text)

    # The next one, rejected from the keyboard with a reason.
    browser.find_element(By.TAG_NAME, "body").send_keys("j" * (ids.index(second) - ids.index(first)))
    wait(browser, lambda d: second in d.find_element(By.ID, "review-title").text)
    browser.find_element(By.TAG_NAME, "body").send_keys("r")  # no reason chosen: nothing is sent
    wait(browser, lambda d: "Choose a reason" in by_testid(d, "decision-status").text)
    assert api.request("GET", f"/verifications/{second}", token=admin, user=ADMIN)[2]["status"] == "admin_review_required"
    Select(by_testid(browser, "reject-reason")).select_by_value("document_unclear")
    browser.find_element(By.TAG_NAME, "body").click()
    browser.find_element(By.TAG_NAME, "body").send_keys("r")
    wait(browser, lambda d: "rejected" in by_testid(d, "decision-status").text)
    browser.save_screenshot(str(SCREENSHOTS / "console-rejected.png"))
    # The page shows the record as it now stands: the decision, and the data it was made on.
    assert "rejected: document unclear by " + DEV_ADMIN in browser.find_element(By.ID, "facts").text
    assert "Passport number" in browser.find_element(By.ID, "passport-rows").text
    assert "rejected by admin" in browser.find_element(By.ID, "history").text
    assert not csp_errors(browser)

    _, _, approved = api.request("GET", f"/verifications/{first}", token=admin, user=ADMIN)
    assert approved["status"] == "approved" and approved["adminApproval"]["reviewerId"] == DEV_ADMIN
    assert approved["adminApproval"]["notes"] == "Selfie and portrait agree; MRZ valid."
    _, _, rejected = api.request("GET", f"/verifications/{second}", token=admin, user=ADMIN)
    assert rejected["status"] == "rejected" and rejected["adminApproval"]["reason"] == "document_unclear"
    assert rejected["adminApproval"]["reviewerId"] == DEV_ADMIN


def test_both_sides_of_an_identity_card_are_shown(api, browser):
    """A card sent as its back (fileKey) and front (backFileKey): both sides in the review, the
    portrait's box on the side that shows the face."""
    cards = TESTDATA / "cards"
    coach = str(uuid.uuid4())
    token = api.token(coach)
    vid = api.request("POST", "/verifications", token=token, user=coach, body={})[2]["id"]
    avatar = api.upload(vid, token, coach, "avatar", TESTDATA / "faces" / "obama.jpg")
    assert api.request("POST", f"/verifications/{vid}/avatar", token=token, user=coach,
                       body={"fileKey": avatar, "captureMethod": "live"})[0] == 200
    keys = {"fileKey": api.upload(vid, token, coach, "passport", cards / "c00-back-300.jpg"),
            "backFileKey": api.upload(vid, token, coach, "passport_back", cards / "c00-front.jpg"),
            "captureMethod": "file"}
    status, _, body = api.request("POST", f"/verifications/{vid}/passport", token=token, user=coach, body=keys)
    assert status == 200 and body["status"] == "admin_review_required", body
    assert body["imageMatchResult"]["isMatched"] is True, body["imageMatchResult"]
    sign_in(browser, api)
    browser.execute_script(f"document.querySelector('[data-verification-id=\"{vid}\"]').click()")
    wait(browser, lambda d: vid in d.find_element(By.ID, "review-title").text)
    wait(browser, lambda d: d.execute_script(
        "return ['passport-image', 'passport-back-image'].map(id => document.getElementById(id))"
        ".every(img => img.complete && img.naturalWidth > 0)"))
    assert browser.find_element(By.ID, "passport-back-figure").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "#passport-back-stage .box").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "#passport-stage .box").is_displayed()
    # How each image was taken (an addition: captureMethod).
    assert "live with the camera" in by_testid(browser, "avatar-method").text
    assert "from a file" in by_testid(browser, "passport-method").text
    assert "from a file" in by_testid(browser, "passport-back-method").text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "review-card-both-sides.png"))


def test_a_decision_someone_else_made_first_is_shown_plainly(api, browser):
    verification = api.seed(str(uuid.uuid4()), "admin_review_required")
    sign_in(browser, api)
    browser.find_element(By.ID, "search-input").send_keys(verification["id"])
    browser.find_element(By.CSS_SELECTOR, "#search button[type=submit]").click()
    wait(browser, lambda d: verification["id"] in d.find_element(By.ID, "review-title").text)
    wait(browser, lambda d: by_testid(d, "approve").is_enabled())
    # Another admin rejects it in the meantime.
    status, _, _ = api.request("PUT", f"/verifications/{verification['id']}/admin", token=api.token(ADMIN, admin=True),
                               user=ADMIN,
                               body={"approved": False, "reason": "fake_document"})
    assert status == 200
    by_testid(browser, "approve").click()
    wait(browser, lambda d: "someone decided first" in by_testid(d, "decision-status").text)
    assert "rejected" in by_testid(browser, "decision-status").text
    assert not by_testid(browser, "approve").is_enabled()
    assert "fake document" in browser.find_element(By.ID, "facts").text


def test_a_correction_made_while_the_record_was_open_stops_the_decision(api, browser):
    """The decision carries the ETag of the record as shown: a coach's correction made since
    answers 412, and the console shows the record as it now stands instead of deciding blind."""
    coach = str(uuid.uuid4())
    verification = api.seed(coach, "admin_review_required")
    sign_in(browser, api)
    browser.find_element(By.ID, "search-input").send_keys(verification["id"])
    browser.find_element(By.CSS_SELECTOR, "#search button[type=submit]").click()
    wait(browser, lambda d: verification["id"] in d.find_element(By.ID, "review-title").text)
    wait(browser, lambda d: by_testid(d, "approve").is_enabled())
    correction = {"firstName": "Anna", "lastName": "Eriksson", "passportNumber": "L898902C3",
                  "dateOfBirth": "1974-08-12", "issuedDate": "2022-04-16", "placeOfBirth": "Zenith",
                  "middleName": "Maria", "subdivision": ""}
    status, _, _ = api.request("PUT", f"/verifications/{verification['id']}", api.token(coach), coach, correction)
    assert status == 204
    by_testid(browser, "approve").click()
    wait(browser, lambda d: "changed while you were reviewing" in by_testid(d, "decision-status").text)
    _, _, now = api.request("GET", f"/verifications/{verification['id']}", api.token(ADMIN, admin=True), ADMIN)
    assert now["status"] == "admin_review_required"
    by_testid(browser, "approve").click()  # on the record as it now stands
    wait(browser, lambda d: "Approved" in by_testid(d, "decision-status").text)


def test_a_coach_token_gets_no_data(api, browser):
    coach = str(uuid.uuid4())
    browser.get(console_url(api))
    # Let the page finish starting (signed in from the tests before, it fetches the queue) before
    # its storage is changed under it.
    wait(browser, lambda d: d.find_element(By.ID, "sign-in").is_displayed()
         or d.find_element(By.ID, "workspace").is_displayed(), seconds=40)
    browser.execute_script("sessionStorage.clear(); sessionStorage.setItem('kyc-console.token', arguments[0])",
                           api.token(coach))
    browser.get(console_url(api))
    wait(browser, lambda d: "not a reviewer" in d.find_element(By.ID, "sign-in-message").text, seconds=40)
    assert not queue_ids(browser)
    assert browser.execute_script("return sessionStorage.length") == 0
    # And the API itself refuses the coach an admin's view.
    any_id = api.seed(str(uuid.uuid4()), "admin_review_required")["id"]
    assert api.request("GET", f"/verifications/{any_id}/images", token=api.token(coach), user=coach)[0] == 403
    status, _, page = api.request("GET", "/verifications?status=admin_review_required", token=api.token(coach),
                                  user=coach)
    assert status == 200 and page["total"] == 0


def test_usable_at_tablet_width_and_accessible_when_signed_out(api):
    driver = chrome(768, 1024)
    try:
        driver.get(console_url(api))
        wait(driver, lambda d: by_testid(d, "dev-sign-in").is_displayed())
        assert not axe_violations(driver)
        by_testid(driver, "dev-sign-in").click()
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="queue-item"]'))
        driver.find_element(By.TAG_NAME, "body").send_keys("j")
        wait(driver, lambda d: not d.find_element(By.ID, "review-body").get_attribute("hidden"))
        # Nothing runs off the side at tablet width.
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        assert not axe_violations(driver)
    finally:
        driver.quit()


def test_pkce_follows_rfc_7636(api, browser):
    browser.get(console_url(api))
    # RFC 7636, appendix B: the S256 challenge of the example verifier.
    challenge = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import(new URL('js/pkce.js', document.baseURI)).then(m => m.challengeFor("
        "'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).then(done, e => done(String(e)))")
    assert challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    url = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import(new URL('js/pkce.js', document.baseURI)).then(m => done(m.authorizeUrl({domain: 'https://auth.example.com',"
        " clientId: 'abc', redirectUri: 'https://api.example.com/v1/console/index.html', scopes: 'openid email',"
        " challenge: 'XYZ', state: 'S'})))")
    assert url.startswith("https://auth.example.com/oauth2/authorize?response_type=code&client_id=abc")
    assert "code_challenge=XYZ&code_challenge_method=S256&state=S" in url
    assert "redirect_uri=https%3A%2F%2Fapi.example.com%2Fv1%2Fconsole%2Findex.html" in url


def fetch(url, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def test_the_console_is_static_small_and_locked_down(api):
    root = console_url(api)
    status, headers, html = fetch(root)
    assert status == 200 and headers["content-type"].startswith("text/html")
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy and "unsafe-eval" not in policy
    assert f"img-src 'self' {os.environ['KYC_TEST_S3_GATE_ENDPOINT']}" in policy
    assert "frame-ancestors 'none'" in policy and headers["referrer-policy"] == "no-referrer"
    # No inline script or style anywhere; nothing fetched from another origin.
    files = [p for p in (ROOT / "console").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 150 * 1024
    for path in files:
        text = path.read_text()
        assert not re.search(r"https?://(?!auth\.example)", text.replace("http://www.w3.org/2000/svg", "")), path
        if path.suffix == ".html":
            assert not re.search(r"<script(?![^>]*\bsrc=)", text) and " style=" not in text and " on" + "click=" not in text
    status, _, config = fetch(root + "config.json")
    config = json.loads(config)
    assert config["signIn"] == "development" and config["apiBase"] == "/v1" and config["matchThreshold"] == 0.8
    assert config["rejectionReasons"][0] == "document_unclear" and "cognito" not in config
    assert fetch(root + "js/main.js")[1]["content-type"].startswith("text/javascript")
    for bad in ["nothing.js", "..%2Fopenapi.yaml", "js/../../openapi.yaml", ".env", "config.json.bak"]:
        status, headers, body = fetch(root + bad)
        assert status == 404, bad
        assert json.loads(body)["errors"][0]["code"] == "notFound"
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(root.rstrip("/"))
        raise AssertionError("no redirect")
    except urllib.error.HTTPError as error:
        assert error.code == 302 and error.headers["location"] == "console/index.html"
    # The development sign-in: same-origin only, and only POST.
    assert fetch(root + "dev-sign-in", "POST", {"sec-fetch-site": "cross-site"})[0] == 403
    assert fetch(root + "dev-sign-in")[0] == 405
    # A rebound name (evil.example resolving to 127.0.0.1) is same-origin to itself: refused.
    assert fetch(root + "dev-sign-in", "POST", {"host": "evil.example:3000"})[0] == 403
    assert fetch(root + "dev-sign-in", "POST", {"origin": "http://evil.example:3000"})[0] == 403
    assert fetch(root + "dev-sign-in", "POST", {"host": "localhost", "origin": "http://[::1]:3000"})[0] == 200
    status, _, body = fetch(root + "dev-sign-in", "POST", {"sec-fetch-site": "same-origin"})
    assert status == 200 and json.loads(body)["sub"] == DEV_ADMIN


def test_a_replaced_image_is_shown_as_analysed_and_cannot_be_approved(api, browser):
    """Someone with write access to the bucket swaps the checked selfie: the review says so, still
    shows the selfie as analysed (its version), and the approval is refused with the reason."""
    import boto3

    vid, _ = waiting_for_review(api, TESTDATA / "faces" / "obama3.jpg", TESTDATA / "passports" / "p00-clean.jpg")
    admin = api.token(ADMIN, admin=True)
    _, _, images = api.request("GET", f"/verifications/{vid}/images", admin, ADMIN)
    key = urllib.parse.urlsplit(images["avatar"]["url"]).path.split(f"/{os.environ['KYC_TEST_BUCKET']}/", 1)[1]
    s3 = boto3.client("s3", endpoint_url=os.environ["KYC_TEST_S3_ENDPOINT"], region_name=os.environ["KYC_TEST_REGION"],
                      aws_access_key_id=os.environ["KYC_TEST_ACCESS_KEY_ID"],
                      aws_secret_access_key=os.environ["KYC_TEST_SECRET_ACCESS_KEY"])
    s3.put_object(Bucket=os.environ["KYC_TEST_BUCKET"], Key=key,
                  Body=(TESTDATA / "faces" / "biden.jpg").read_bytes())
    sign_in(browser, api)
    browser.find_element(By.ID, "search-input").send_keys(vid)
    browser.find_element(By.CSS_SELECTOR, "#search button[type=submit]").click()
    wait(browser, lambda d: vid in d.find_element(By.ID, "review-title").text)
    wait(browser, lambda d: "replaced after its check" in d.find_element(By.ID, "avatar-state").text)
    wait(browser, images_loaded)
    wait(browser, lambda d: by_testid(d, "approve").is_enabled())
    by_testid(browser, "approve").click()
    wait(browser, lambda d: "selfie was replaced after its check" in by_testid(d, "decision-status").text)
    _, _, now = api.request("GET", f"/verifications/{vid}", admin, ADMIN)
    assert now["status"] == "admin_review_required"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("document.getElementById('review-title').scrollIntoView()")
    browser.save_screenshot(str(SCREENSHOTS / "review-replaced-selfie.png"))


def test_the_chip_is_shown_beside_the_page(api, browser):
    """A genuine chip of the page's identity (p00 is the ICAO specimen) whose portrait is the
    selfie's person: the review shows each finding and the history entry, and no chip signal."""
    vid, coach = waiting_for_review(api, TESTDATA / "faces" / "obama3.jpg", TESTDATA / "passports" / "p00-clean.jpg")
    groups = {1: dg1(["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                      "L898902C36UTO7408122F3204153<<<<<<<<<<<<<<04"]), 2: dg2(TESTDATA / "faces" / "obama.jpg")}
    body = {"sod": base64.b64encode(api.authority.sod(groups)).decode()}
    body.update({f"dg{n}": base64.b64encode(data).decode() for n, data in groups.items()})
    status, _, answered = api.request("POST", f"/verifications/{vid}/chip", token=api.token(coach), user=coach,
                                      body=body)
    assert status == 200, answered
    sign_in(browser, api)
    browser.execute_script(f"document.querySelector('[data-verification-id=\"{vid}\"]').click()")
    wait(browser, lambda d: vid in d.find_element(By.ID, "review-title").text)
    chip = wait(browser, lambda d: by_testid(d, "chip").text if "Passive authentication" in by_testid(d, "chip").text
                else None)
    assert "Passive authentication\npassed" in chip and "Test Document Signer" in chip
    assert "MRZ vs page\nmatch" in chip and "Portrait vs selfie\nmatch (" in chip and "jpeg" in chip
    assert "Active authentication\nnot performed" in chip
    assert "chip" not in browser.find_element(By.ID, "signals").text
    assert "chip checked by coach" in browser.find_element(By.ID, "history").text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "review-chip.png"))
    assert not axe_violations(browser)

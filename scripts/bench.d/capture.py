"""The capture page: its weight, the browser's cost per analysed frame, and auto-capture on the
fake-camera clips of Tests/support/capture_clips.py (real specimen pages and a real face; the
page moving in, shaking, then still; blurred throughout; with glare; a card turned over), in
Debian's Chromium at a phone's size, served by kyc-local.

Usage: capture.py <bin-dir>   (with the local AWS peers' environment, as scripts/bench sets it)
"""
import gzip
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import uuid

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "support"))
import capture_clips  # noqa: E402

bin_dir = pathlib.Path(sys.argv[1]).resolve()
testdata = pathlib.Path(os.environ.get("KYC_TESTDATA", ROOT / ".build-testdata"))
real = pathlib.Path(os.environ.get("KYC_REAL_PASSPORTS", ROOT.parent / "shared" / "real-passports"))
WATCH_S = 12

# The page's weight: what a phone downloads (the HTML, its stylesheet, its modules, the catalogs).
page = [ROOT / "console" / "capture.html", ROOT / "console" / "capture.css", *sorted(
    (ROOT / "console" / "js" / "capture").glob("*.js"))]
raw = sum(p.stat().st_size for p in page)
packed = sum(len(gzip.compress(p.read_bytes(), 9)) for p in page)
print(f"page weight: {len(page)} files, {raw / 1024:.1f} KiB ({packed / 1024:.1f} KiB gzipped), nothing from elsewhere")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


work = pathlib.Path(tempfile.mkdtemp())
clips = {
    "generated passport page: in, shaking, still": capture_clips.document_clip(
        work / "page.y4m", testdata / "passports" / "p00-clean.jpg")[0],
    **{f"real {name}: in, shaking, still": capture_clips.document_clip(work / f"{name}.y4m", real / name)[0]
       for name in ("62_pass-pol.jpg", "100_pass-fin.jpg", "100_pass-hrv.jpg", "100_pass-lux.jpg")},
    "real 62_pass-pol.jpg: blurred throughout": capture_clips.document_clip(
        work / "blurred.y4m", real / "62_pass-pol.jpg", blur_only=True)[0],
    "real 62_pass-pol.jpg: still, glare patch": capture_clips.document_clip(
        work / "glare.y4m", real / "62_pass-pol.jpg", glare=True)[0],
}
port = free_port()
env = {**os.environ, "KYC_STORE": f"sqlite:{work / 'kyc.sqlite'}", "KYC_PORT": str(port),
       "KYC_BIN_DIR": str(bin_dir), "KYC_CONSOLE_DIR": str(ROOT / "console"),
       "AWS_ENDPOINT_URL_S3": os.environ["KYC_TEST_S3_GATE_ENDPOINT"], "AWS_REGION": os.environ["KYC_TEST_REGION"],
       "AWS_ACCESS_KEY_ID": os.environ["KYC_TEST_ACCESS_KEY_ID"],
       "AWS_SECRET_ACCESS_KEY": os.environ["KYC_TEST_SECRET_ACCESS_KEY"], "KYC_BUCKET": os.environ["KYC_TEST_BUCKET"]}
log = open(work / "kyc-local.log", "wb")
server = subprocess.Popen([bin_dir / "kyc-local", "serve"], env=env, stderr=log, cwd=work)


def link():
    """A verification waiting on its document, and its capture link."""
    import json
    import urllib.request

    coach = str(uuid.uuid4())
    vid = json.loads(subprocess.run([bin_dir / "kyc-seed", "--coach", coach, "--state", "avatar_verified"],
                                    env=env, check=True, capture_output=True).stdout)["id"]
    token = subprocess.run([bin_dir / "kyc-local", "token", "--sub", coach], env=env, check=True,
                           capture_output=True, text=True).stdout.strip()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/verifications/{vid}/capture-sessions",
                                     method="POST", headers={"authorization": f"Bearer {token}",
                                                             "x-current-user-id": coach})
    return json.loads(urllib.request.urlopen(request, timeout=30).read())["url"]


try:
    deadline = time.monotonic() + 30
    while b"serving" not in (work / "kyc-local.log").read_bytes():
        assert server.poll() is None and time.monotonic() < deadline, "kyc-local did not start"
        time.sleep(0.05)
    print(f"auto-capture on the clips (watched {WATCH_S} s each; six good frames in a row at 8 frames/s):")
    print(f"  {'clip':52} {'fired':>6} {'after':>8} {'frame cost':>11} {'captured':>10}")
    for name, clip in clips.items():
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                     f"--use-file-for-fake-video-capture={clip}"]:
            options.add_argument(flag)
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 1.0, "touch": True}})
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.get(link())
            step = "return document.body.dataset.step"
            WebDriverWait(driver, 20).until(lambda d: d.execute_script(step) == "consent")
            driver.find_element(By.ID, "consent-agree").click()
            driver.find_element(By.ID, "type-passport").click()
            WebDriverWait(driver, 20).until(lambda d: d.execute_script(step) == "camera")
            cost = None
            deadline = time.monotonic() + WATCH_S
            while time.monotonic() < deadline and driver.execute_script(step) == "camera":
                cost = driver.find_element(By.ID, "guidance").get_attribute("data-frame-ms") or cost
                time.sleep(0.2)
            fired = driver.execute_script(step) == "review"
            after = driver.execute_script("return document.body.dataset.captureMs") if fired else None
            size = driver.execute_script(
                "const i = document.querySelector('#review-images img'); return i && i.complete ? "
                "i.naturalWidth + 'x' + i.naturalHeight : null") if fired else None
            print(f"  {name:52} {'yes' if fired else 'no':>6} {(after + ' ms') if after else '-':>8} "
                  f"{(cost + ' ms') if cost else '-':>11} {size or '-':>10}")
        finally:
            driver.quit()
finally:
    server.terminate()
    server.wait(timeout=30)

"""First render of the review console's queue with 100 verifications waiting, in Debian's
Chromium (headless, driven by Selenium), served by kyc-local running the release binaries.

The figure is the page's own `queue-rendered` mark: milliseconds from the start of navigation
until the first page of the queue is on screen (config, sign-in state, the API call, the list).

Usage: console.py <release-bin-dir> [reloads]
"""
import os
import pathlib
import socket
import statistics
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
GOAL_MS = 300
WAITING = 100
bin_dir = pathlib.Path(sys.argv[1]).resolve()
reloads = int(sys.argv[2]) if len(sys.argv) > 2 else 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


work = pathlib.Path(tempfile.mkdtemp())
port = free_port()
env = {**os.environ, "KYC_STORE": f"sqlite:{work / 'kyc.sqlite'}", "KYC_PORT": str(port),
       "KYC_BIN_DIR": str(bin_dir), "KYC_CONSOLE_DIR": str(ROOT / "console"),
       "AWS_ENDPOINT_URL_S3": os.environ["KYC_TEST_S3_GATE_ENDPOINT"], "AWS_REGION": os.environ["KYC_TEST_REGION"],
       "AWS_ACCESS_KEY_ID": os.environ["KYC_TEST_ACCESS_KEY_ID"],
       "AWS_SECRET_ACCESS_KEY": os.environ["KYC_TEST_SECRET_ACCESS_KEY"], "KYC_BUCKET": os.environ["KYC_TEST_BUCKET"]}
for _ in range(WAITING):
    subprocess.run([bin_dir / "kyc-seed", "--coach", str(uuid.uuid4()), "--state", "admin_review_required"],
                   env=env, check=True, capture_output=True)

log = open(work / "kyc-local.log", "wb")
server = subprocess.Popen([bin_dir / "kyc-local", "serve"], env=env, stderr=log, cwd=work)
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,800"]:
    options.add_argument(flag)
driver = None
try:
    deadline = time.monotonic() + 30
    while b"serving" not in (work / "kyc-local.log").read_bytes():
        assert server.poll() is None and time.monotonic() < deadline, "kyc-local did not start"
        time.sleep(0.05)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    url = f"http://127.0.0.1:{port}/console/"
    driver.get(url)
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "dev-sign-in").is_displayed())
    driver.find_element(By.ID, "dev-sign-in").click()
    mark = "return performance.getEntriesByName('queue-rendered')[0]?.startTime ?? null"
    samples = []
    for _ in range(reloads + 1):  # the first load warms the page cache
        driver.get(url)
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(mark) is not None)
        shown = len(driver.find_elements(By.CSS_SELECTOR, '[data-testid="queue-item"]'))
        samples.append(driver.execute_script(mark))
    total = driver.find_element(By.ID, "queue-total").text
    samples = sorted(samples[1:])
    median = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)))]
    print(f"queue first render, {WAITING} waiting {total}, {shown} on the first page, {reloads} loads:")
    print(f"  median {median:6.0f} ms   p95 {p95:6.0f} ms   goal <= {GOAL_MS} ms   "
          f"{'meets the goal' if median <= GOAL_MS else 'MISSES the goal'}")
finally:
    if driver:
        driver.quit()
    server.terminate()
    server.wait(timeout=30)

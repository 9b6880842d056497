"""schemathesis against the running local API: generated requests for every operation, with a
coach's and an admin's token; no server error, every response as the spec describes."""
import subprocess
import sys

import pytest

from conftest import ADMIN, COACH, OTHER, ROOT
from runner import LocalAPI


@pytest.fixture(scope="module")
def api(tmp_path_factory, s3):
    with LocalAPI(tmp_path_factory.mktemp("contract")).running() as api:
        api.seed(OTHER, "admin_review_required")  # something for the admin to decide on
        yield api


@pytest.mark.parametrize("who, admin", [(COACH, False), (ADMIN, True)], ids=["coach", "admin"])
def test_schemathesis_finds_no_failure(api, who, admin):
    token = api.token(who, admin=admin)
    result = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", str(ROOT / "openapi.yaml"), "--url", api.url,
         "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
         "--max-examples", "100", "--seed", "9303", "--header", f"Authorization: Bearer {token}",
         "--header", f"x-current-user-id: {who}", "--workers", "1"],
        capture_output=True, text=True, timeout=900)
    summary = result.stdout[-3000:]
    assert result.returncode == 0, summary
    assert " passed" in summary and "failed" not in summary.split("Test cases:")[-1], summary

"""template.yaml deploys exactly the operations of openapi.yaml, and passes cfn-lint (SAM transform applied offline)."""
import pathlib
import shutil
import subprocess
import sys

import yaml

from conftest import ROOT


class Loader(yaml.SafeLoader):
    pass


# CloudFormation short forms (!Ref, !Sub, ...) as plain values.
Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_one_function_per_operation_with_the_spec_route(contract):
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)
    routes = {}
    for name, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        api = resource["Properties"]["Events"]["Api"]["Properties"]
        operation = resource["Properties"]["CodeUri"].strip("/").split("/")[-1]
        routes[operation] = (api["Method"], api["Path"])
        assert resource["Properties"].get("Handler", template["Globals"]["Function"]["Handler"]) == "bootstrap"
    expected = {op: (method, path) for op, (method, path, _) in contract.operations.items()}
    assert routes == expected
    assert template["Globals"]["Function"]["Runtime"] == "provided.al2023"


def test_cfn_lint_is_clean():
    lint = shutil.which("cfn-lint", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("cfn-lint")
    result = subprocess.run([lint, str(ROOT / "template.yaml")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

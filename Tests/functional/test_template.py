"""template.yaml deploys exactly the operations of openapi.yaml, and passes cfn-lint (SAM transform applied offline)."""
import pathlib
import re
import shutil
import subprocess
import sys

import yaml

from conftest import BIN, ROOT


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
        properties = resource["Properties"]
        if name in ("ServeConsoleFunction", "DispatchEventsFunction", "PurgeExpiredFunction"):
            continue  # not API operations: see the tests below
        api = properties["Events"]["Api"]["Properties"]
        if properties.get("PackageType") == "Image":
            # The image functions: a container image built from their dist/ folder.
            operation = resource["Metadata"]["DockerContext"].strip("/").split("/")[-1]
            assert operation.startswith("upload") and resource["Metadata"]["Dockerfile"] == "Dockerfile"
        else:
            operation = properties["CodeUri"].strip("/").split("/")[-1]
            assert properties["Runtime"] == "provided.al2023" and properties["Handler"] == "bootstrap"
        routes[operation] = (api["Method"], api["Path"])
    expected = {op: (method, path) for op, (method, path, _) in contract.operations.items()}
    assert routes == expected


def registry(*flags):
    """The service's functions as the one registry lists them (`kyc-local functions`)."""
    return subprocess.run([str(BIN / "kyc-local"), "functions", *flags], capture_output=True, text=True,
                          check=True, timeout=30).stdout.split()


def test_the_package_and_the_template_build_exactly_the_registered_functions():
    functions = registry()
    assert len(functions) == len(set(functions)) and {"serveConsole", "dispatchEvents", "purgeExpired"} <= set(functions)
    package = (ROOT / "Package.swift").read_text()
    lists = re.findall(r"^let (?:operations|jobs) = \[(.*?)\]", package, re.S | re.M)
    declared = set(re.findall(r'"(\w+)"', " ".join(lists)))
    assert 'name: "serveConsole"' in package
    assert declared | {"serveConsole"} == set(functions)
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)
    deployed = set()
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            location = resource.get("Metadata", {}).get("DockerContext") or resource["Properties"]["CodeUri"]
            deployed.add(location.strip("/").split("/")[-1])
    assert deployed == set(functions)
    # What kyc-local serves: everything but the jobs.
    assert set(registry("--served")) == set(functions) - {"dispatchEvents", "purgeExpired"}


def test_the_console_is_served_without_an_authorizer_and_without_rights():
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)
    console = template["Resources"]["ServeConsoleFunction"]["Properties"]
    routes = {(e["Properties"]["Method"], e["Properties"]["Path"]) for e in console["Events"].values()}
    assert routes == {("GET", "/console"), ("GET", "/console/{proxy+}")}
    assert all(e["Properties"]["Auth"] == {"Authorizer": "NONE"} for e in console["Events"].values())
    assert "Policies" not in console and console["CodeUri"] == "dist/serveConsole/"
    assert set(console["Environment"]["Variables"]) == {"KYC_COGNITO_DOMAIN", "KYC_COGNITO_CLIENT_ID"}


def test_events_are_dispatched_from_the_stream_and_on_a_schedule_and_data_purged_daily():
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)
    dispatch = template["Resources"]["DispatchEventsFunction"]
    assert dispatch["Condition"] == "HasWebhook"
    events = dispatch["Properties"]["Events"]
    stream = events["Stream"]["Properties"]
    assert events["Stream"]["Type"] == "DynamoDB" and stream["DestinationConfig"]["OnFailure"]["Type"] == "SQS"
    assert '"prefix": "event#"' in stream["FilterCriteria"]["Filters"][0]["Pattern"]
    assert events["Retries"]["Type"] == "ScheduleV2"
    # Least privilege: the outbox index and event items only. That the statements suffice, and
    # what they allow, test_least_privilege.py shows by running the job under them.
    statements = dispatch["Properties"]["Policies"][0]["Statement"]
    assert statements[1]["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"] == ["event#*"]
    # Without a webhook no function writes events: nobody would take them out of the outbox.
    assert "KYC_EVENTS" in template["Globals"]["Function"]["Environment"]["Variables"]
    assert set(dispatch["Properties"]["Environment"]["Variables"]) == {
        "KYC_WEBHOOK_URL", "KYC_WEBHOOK_SECRET", "KYC_WEBHOOK_MAX_ATTEMPTS"}
    purge = template["Resources"]["PurgeExpiredFunction"]["Properties"]
    assert purge["Events"]["Daily"]["Properties"]["ScheduleExpression"] == "rate(1 day)"
    assert template["Parameters"]["WebhookSecret"]["NoEcho"] is True


def test_the_table_has_the_indexes_the_store_queries():
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)
    table = template["Resources"]["VerificationsTable"]["Properties"]
    indexes = {i["IndexName"]: [k["AttributeName"] for k in i["KeySchema"]] for i in table["GlobalSecondaryIndexes"]}
    assert indexes == {"byCoach": ["coachId", "createdAt"], "byCreated": ["entity", "createdAt"],
                       "byOutbox": ["outbox", "nextAttemptAt"]}
    assert table["StreamSpecification"]["StreamViewType"] == "KEYS_ONLY"
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True


def test_cfn_lint_is_clean():
    lint = shutil.which("cfn-lint", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("cfn-lint")
    result = subprocess.run([lint, str(ROOT / "template.yaml")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

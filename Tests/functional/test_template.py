"""template.yaml deploys exactly the operations of openapi.yaml, and passes cfn-lint (SAM transform applied offline)."""
import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
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
        if name in ("ServeConsoleFunction", "DispatchEventsFunction", "PurgeExpiredFunction",
                    "AuthorizeCaptureFunction"):
            continue  # not API operations: see the tests below
        api = properties["Events"]["Api"]["Properties"]
        if properties.get("PackageType") == "Image":
            # The image functions: a container image built from their dist/ folder.
            operation = resource["Metadata"]["DockerContext"].strip("/").split("/")[-1]
            assert (operation.startswith("upload") or operation in ("checkCaptureFrame", "verifyChip")) \
                and resource["Metadata"]["Dockerfile"] == "Dockerfile"
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
    lists = re.findall(r"^let (?:operations|jobs|authorizers) = \[(.*?)\]", package, re.S | re.M)
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
    # The signing secret comes from Secrets Manager (see test_secrets_are_dynamic_references...).
    assert "WebhookSecret" not in template["Parameters"] and "WebhookSecretName" in template["Parameters"]


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


# --- Hardening II: logs, throttling, concurrency, origins, secrets, versioned evidence, narrowed rights.

class Intrinsics(yaml.SafeLoader):
    """The template with its short forms as CloudFormation's long forms (!Ref X: {"Ref": "X"})."""


def _intrinsic(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


Intrinsics.add_multi_constructor("!", _intrinsic)

# The retention periods CloudWatch Logs accepts.
LOG_RETENTIONS = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                  3288, 3653}
UPLOAD_FUNCTIONS = ("UploadAvatarFunction", "UploadPassportFunction", "UploadCaptureAvatarFunction",
                    "UploadCapturePassportFunction")


@pytest.fixture(scope="module")
def cfn():
    return yaml.load((ROOT / "template.yaml").read_text(), Loader=Intrinsics)


def functions_of(template):
    return {name: r for name, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}


def evaluate(expression, parameters):
    """A Rules assertion (Fn::Not, Fn::And, Fn::Or, Fn::Equals, Fn::Contains, Ref) for parameter values."""
    (kind, argument), = expression.items()
    if kind == "Ref":
        return parameters[argument]
    if kind == "Fn::Not":
        return not evaluate(argument[0], parameters)
    if kind == "Fn::And":
        return all(evaluate(a, parameters) for a in argument)
    if kind == "Fn::Or":
        return any(evaluate(a, parameters) for a in argument)
    values = [evaluate(a, parameters) if isinstance(a, dict) else a for a in argument]
    if kind == "Fn::Equals":
        return values[0] == values[1]
    if kind == "Fn::Contains":
        return values[1] in values[0]
    raise AssertionError(f"no such rule function in this test: {kind}")


def rules_hold(template, parameters):
    """Whether CloudFormation would accept these parameter values under the template's Rules."""
    for rule in template.get("Rules", {}).values():
        if "RuleCondition" in rule and not evaluate(rule["RuleCondition"], parameters):
            continue
        if not all(evaluate(a["Assert"], parameters) for a in rule["Assertions"]):
            return False
    return True


def test_every_function_logs_to_its_own_group_kept_log_retention_days(cfn):
    parameter = cfn["Parameters"]["LogRetentionDays"]
    assert parameter["Default"] == 30 and set(parameter["AllowedValues"]) <= LOG_RETENTIONS
    groups = {name: r for name, r in cfn["Resources"].items() if r["Type"] == "AWS::Logs::LogGroup"}
    for name, function in functions_of(cfn).items():
        properties = function["Properties"]
        suffix = properties["FunctionName"]["Fn::Sub"]  # ${AWS::StackName}-operation
        wanted = {"Fn::Sub": f"/aws/lambda/{suffix}"}
        named = [g for g, r in groups.items() if r["Properties"]["LogGroupName"] == wanted]
        assert len(named) == 1, name
        group = groups[named[0]]
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name
        assert group.get("Condition") == function.get("Condition"), name  # exists exactly with its function
        assert properties["LoggingConfig"]["LogGroup"] == {"Ref": named[0]}, name


def test_the_api_writes_access_logs_without_credentials_or_bodies(cfn):
    settings = cfn["Resources"]["Api"]["Properties"]["AccessLogSettings"]
    group, attribute = settings["DestinationArn"]["Fn::GetAtt"]
    assert attribute == "Arn" and cfn["Resources"][group]["Type"] == "AWS::Logs::LogGroup"
    assert cfn["Resources"][group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert group not in {f"{name[:-len('Function')]}LogGroup" for name in functions_of(cfn)}
    fields = json.loads(settings["Format"])
    assert {"requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "routeKey": "$context.routeKey",
            "status": "$context.status", "responseLength": "$context.responseLength",
            "integrationError": "$context.integrationErrorMessage"}.items() <= fields.items()
    assert all(isinstance(v, str) and v.startswith("$context.") for v in fields.values())
    lowered = settings["Format"].lower()
    assert "authorization" not in lowered and "header" not in lowered and "body" not in lowered


def test_the_api_throttles_every_route_and_the_image_analysis_routes_lower(cfn):
    api = cfn["Resources"]["Api"]["Properties"]
    parameters = cfn["Parameters"]
    assert api["DefaultRouteSettings"] == {"ThrottlingBurstLimit": {"Ref": "ApiBurstLimit"},
                                           "ThrottlingRateLimit": {"Ref": "ApiRateLimit"}}
    uploads = set()
    for name in UPLOAD_FUNCTIONS:
        event = cfn["Resources"][name]["Properties"]["Events"]["Api"]["Properties"]
        uploads.add(f"{event['Method']} {event['Path']}")
    assert uploads == {"POST /verifications/{verificationId}/avatar", "POST /verifications/{verificationId}/passport",
                       "POST /capture/verifications/{verificationId}/avatar",
                       "POST /capture/verifications/{verificationId}/passport"}
    # The chip check decodes a portrait and matches faces too.
    uploads.add("POST /verifications/{verificationId}/chip")
    assert api["RouteSettings"] == {route: {"ThrottlingBurstLimit": {"Ref": "UploadBurstLimit"},
                                            "ThrottlingRateLimit": {"Ref": "UploadRateLimit"}} for route in uploads}
    assert (parameters["ApiBurstLimit"]["Default"], parameters["ApiRateLimit"]["Default"]) == (50, 25)
    assert (parameters["UploadBurstLimit"]["Default"], parameters["UploadRateLimit"]["Default"]) == (10, 5)


def test_the_image_analysis_functions_have_reserved_concurrency(cfn):
    for name in UPLOAD_FUNCTIONS:
        assert cfn["Resources"][name]["Properties"]["ReservedConcurrentExecutions"] == {"Ref": "UploadConcurrency"}
    assert cfn["Parameters"]["UploadConcurrency"]["Default"] == 10
    assert cfn["Parameters"]["UploadConcurrency"]["MinValue"] == 1


def test_upload_origins_are_required_and_never_any_origin(cfn):
    parameter = cfn["Parameters"]["UploadAllowedOrigins"]
    assert parameter["Type"] == "CommaDelimitedList" and "Default" not in parameter
    cors = cfn["Resources"]["UploadsBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    assert [rule["AllowedOrigins"] for rule in cors] == [{"Ref": "UploadAllowedOrigins"}]
    base = {"WebhookUrl": "", "WebhookSecretName": ""}
    for origins in (["*"], ["https://app.example.com", "*"], ["https://*"], [""]):
        assert not rules_hold(cfn, {**base, "UploadAllowedOrigins": origins}), origins
    for origins in (["https://app.example.com"], ["https://app.example.com", "https://admin.example.com"]):
        assert rules_hold(cfn, {**base, "UploadAllowedOrigins": origins}), origins


def test_secrets_are_dynamic_references_to_secrets_manager_never_parameter_values(cfn):
    parameters = cfn["Parameters"]
    assert not [name for name, p in parameters.items() if p.get("NoEcho")]
    assert "SignalKey" not in parameters and "WebhookSecret" not in parameters
    expected = {"KYC_SIGNAL_KEY": "SignalKeySecretName", "KYC_WEBHOOK_SECRET": "WebhookSecretName"}
    seen = set()
    for name, function in functions_of(cfn).items():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        for variable, parameter in expected.items():
            if variable in variables:
                seen.add(variable)
                assert variables[variable] == {
                    "Fn::Sub": f"{{{{resolve:secretsmanager:${{{parameter}}}:SecretString}}}}"}, (name, variable)
                assert parameters[parameter]["Type"] == "String"
    assert seen == set(expected)
    assert "Default" not in parameters["SignalKeySecretName"] and parameters["WebhookSecretName"]["Default"] == ""
    # A webhook needs its secret; without a webhook the secret is not asked for.
    origins = {"UploadAllowedOrigins": ["https://app.example.com"]}
    assert not rules_hold(cfn, {**origins, "WebhookUrl": "https://hooks.example.com/kyc", "WebhookSecretName": ""})
    assert rules_hold(cfn, {**origins, "WebhookUrl": "https://hooks.example.com/kyc", "WebhookSecretName": "kyc/w"})
    assert rules_hold(cfn, {**origins, "WebhookUrl": "", "WebhookSecretName": ""})
    assert cfn["Resources"]["DispatchEventsFunction"]["Condition"] == "HasWebhook"


def test_corrections_are_screened_with_the_risk_key_and_the_age_limit(cfn):
    resources = cfn["Resources"]
    update = resources["UpdatePassportDataFunction"]["Properties"]["Environment"]["Variables"]
    for name in UPLOAD_FUNCTIONS:
        upload = resources[name]["Properties"]["Environment"]["Variables"]
        assert update["KYC_SIGNAL_KEY"] == upload["KYC_SIGNAL_KEY"]
        assert update["KYC_MIN_AGE"] == upload["KYC_MIN_AGE"] == {"Ref": "MinAge"}


def test_the_bucket_is_versioned_and_no_rule_expires_an_image(cfn):
    bucket = cfn["Resources"]["UploadsBucket"]["Properties"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = bucket["LifecycleConfiguration"]["Rules"]
    expiring = {"ExpirationInDays", "ExpirationDate", "NoncurrentVersionExpiration",
                "NoncurrentVersionExpirationInDays", "Transitions", "Transition", "NoncurrentVersionTransitions",
                "NoncurrentVersionTransition"}
    assert not [rule["Id"] for rule in rules if expiring & set(rule)]
    assert any(rule.get("ExpiredObjectDeleteMarker") is True and rule["Status"] == "Enabled" for rule in rules)
    assert any(rule.get("AbortIncompleteMultipartUpload") for rule in rules)
    assert "UploadRetentionDays" not in cfn["Parameters"]


@pytest.fixture(scope="module")
def roles():
    """{function logical id: its role's inline statements and managed policies}, after the SAM
    transform (policy templates such as S3ReadPolicy expanded), intrinsics unresolved."""
    from cfnlint.decode import cfn_yaml
    from cfnlint.template.transforms._sam import Transform

    path = ROOT / "template.yaml"
    transform = Transform(str(path), cfn_yaml.loads(path.read_text()), "us-east-1")
    transform.transform_template()
    resources = transform._template["Resources"]
    out = {}
    for name, resource in resources.items():
        if resource["Type"] == "AWS::Lambda::Function" and "Role" in resource["Properties"]:
            role = resources[resource["Properties"]["Role"]["Fn::GetAtt"][0]]["Properties"]
            statements = [s for p in role.get("Policies", []) for s in p["PolicyDocument"]["Statement"]]
            out[name] = (statements, list(role.get("ManagedPolicyArns", [])))
    return out


def allowed(statements, service):
    """{action: [resource, ...]} of the service's actions the statements allow, with their conditions."""
    out = {}
    for statement in statements:
        assert statement["Effect"] == "Allow" and "NotAction" not in statement and "NotResource" not in statement
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        for action in actions:
            if action.split(":")[0] == service or action == "*":
                out.setdefault(action, []).extend((json.dumps(r, sort_keys=True), json.dumps(
                    statement.get("Condition"), sort_keys=True)) for r in resources)
    return out


def test_the_image_analysis_functions_hold_only_the_narrowed_rights(roles):
    table = {"Fn::GetAtt": ["VerificationsTable", "Arn"]}
    indexes = {"Fn::Sub": "${VerificationsTable.Arn}/index/*"}
    uploads = {"Fn::Sub": "${UploadsBucket.Arn}/verifications/*"}
    for name in UPLOAD_FUNCTIONS:
        statements, managed = roles[name]
        assert managed == ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"], name
        services = {a.split(":")[0] for s in statements for a in (s["Action"] if isinstance(s["Action"], list)
                                                                  else [s["Action"]])}
        assert services == {"dynamodb", "s3"}, name
        dynamodb = allowed(statements, "dynamodb")
        # What the store calls (BatchGetItem: the risk-signal index); a TransactWriteItems is
        # authorised by the actions it contains (Put, Update, Delete, ConditionCheck).
        assert set(dynamodb) == {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                                 "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:Query"}, name
        # On the table and its indexes, every action (none on another table).
        for grants in dynamodb.values():
            assert sorted(r for r, _ in grants) == sorted(json.dumps(x, sort_keys=True) for x in (table, indexes)), name
        s3 = allowed(statements, "s3")
        assert set(s3) == {"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"}, name
        # Objects only under verifications/; listing only so a missing key answers 404, not 403.
        assert all(json.loads(r) == uploads for action in ("s3:GetObject", "s3:GetObjectVersion")
                   for r, _ in s3[action]), name
        assert [json.loads(r) for r, _ in s3["s3:ListBucket"]] == [{"Fn::GetAtt": ["UploadsBucket", "Arn"]}], name


def test_the_capture_routes_take_the_capture_authorizer_which_reads_one_record(contract, roles):
    """The capture page's routes (an addition) are opened by its token's Lambda authorizer, never
    by the JWT; the authorizer itself may only read a verification record."""
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)
    api = template["Resources"]["Api"]["Properties"]["Auth"]
    capture = api["Authorizers"]["Capture"]
    assert capture["AuthorizerPayloadFormatVersion"] == "2.0" and capture["EnableSimpleResponses"] is True
    assert capture["Identity"] == {"Headers": ["Authorization"], "ReauthorizeEvery": 0}  # no cached decision
    routes = {}
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            for event in resource["Properties"].get("Events", {}).values():
                if event["Type"] == "HttpApi":
                    properties = event["Properties"]
                    routes[properties["Path"]] = properties.get("Auth", {}).get("Authorizer")
    capture_paths = {path for _, path, _ in contract.operations.values() if path.startswith("/capture/")}
    assert len(capture_paths) == 6
    assert {path: routes[path] for path in capture_paths} == {path: "Capture" for path in capture_paths}
    assert not [path for path, authorizer in routes.items() if authorizer == "Capture" and path not in capture_paths]
    statements, _ = roles["AuthorizeCaptureFunction"]
    assert [s["Action"] for s in statements] == ["dynamodb:GetItem"]
    assert statements[0]["Resource"] == {"Fn::GetAtt": ["VerificationsTable", "Arn"]}
    # The frame check decodes a client's JPEG: it holds no right at all beyond logging.
    statements, managed = roles["CheckCaptureFrameFunction"]
    assert statements == [] and managed == ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]


def test_review_and_erasure_reach_every_version(roles):
    statements, _ = roles["GetVerificationImagesFunction"]
    assert {"s3:GetObject", "s3:GetObjectVersion"} <= set(allowed(statements, "s3"))
    for name in ("DeletePersonalDataFunction", "PurgeExpiredFunction"):
        s3 = allowed(roles[name][0], "s3")
        assert {"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"} <= set(s3)
        # Listing, of versions too, only under verifications/.
        for action in ("s3:ListBucket", "s3:ListBucketVersions"):
            assert [json.loads(c) for _, c in s3[action]] == [{"StringLike": {"s3:prefix": ["verifications/*"]}}]
        assert s3["s3:DeleteObjectVersion"] == s3["s3:DeleteObject"]


def test_every_function_gets_each_variable_its_code_reads_and_secrets_only_where_read():
    """`kyc-local settings` is the code's one list of what each function reads; the template must
    supply each one the template is the source of, and give a secret to no other function."""
    settings = json.loads(subprocess.run([str(BIN / "kyc-local"), "settings"], capture_output=True, text=True,
                                         check=True, timeout=30).stdout)
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)
    common = set(template["Globals"]["Function"]["Environment"]["Variables"])
    image = (ROOT / "functions" / "image.Dockerfile").read_text()
    checked = set()
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        location = resource.get("Metadata", {}).get("DockerContext") or resource["Properties"]["CodeUri"]
        name = location.strip("/").split("/")[-1]
        if name not in settings:
            continue  # serveConsole: the console's own settings, tested above
        given = common | set(resource["Properties"].get("Environment", {}).get("Variables", {}))
        for setting in settings[name]:
            if setting["source"] == "template":
                assert setting["name"] in given, (name, setting["name"])
            if setting["source"] == "image":
                assert f"{setting['name']}=" in image, (name, setting["name"])
        secrets = {s["name"] for s in settings[name] if s["secret"]}
        everyone_secret = {s["name"] for values in settings.values() for s in values if s["secret"]}
        assert not (given & everyone_secret) - secrets, (name, "holds a secret it does not read")
        checked.add(name)
    assert checked == set(settings)
    assert {s["name"] for s in settings["updatePassportData"]} >= {"KYC_SIGNAL_KEY", "KYC_MIN_AGE"}


def test_the_chip_check_reads_its_trust_sources_and_its_verification_only(cfn, roles):
    """verifyChip: KYC_CSCA_TRUST from its parameter; its record, the analysed selfie by version, and
    the trust bucket's objects when CscaTrustBucket is set (a statement under that condition only)."""
    function = cfn["Resources"]["VerifyChipFunction"]["Properties"]
    assert function["Environment"]["Variables"] == {"KYC_CSCA_TRUST": {"Ref": "CscaTrust"}}
    assert cfn["Parameters"]["CscaTrust"]["Default"] == "" and cfn["Parameters"]["CscaTrustBucket"]["Default"] == ""
    assert function["ReservedConcurrentExecutions"] == {"Ref": "UploadConcurrency"}
    statements, managed = roles["VerifyChipFunction"]
    assert managed == ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
    conditional = [s for s in statements if "Fn::If" in s]
    assert conditional == [{"Fn::If": ["HasCscaTrustBucket", {
        "Effect": "Allow", "Action": "s3:GetObject",
        "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${CscaTrustBucket}/*"}}, {"Ref": "AWS::NoValue"}]}]
    plain = [s for s in statements if "Fn::If" not in s]
    assert set(allowed(plain, "dynamodb")) == {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                                              "dynamodb:ConditionCheckItem"}
    s3 = allowed(plain, "s3")
    assert set(s3) == {"s3:GetObject", "s3:GetObjectVersion"}
    assert {r for r, _ in s3["s3:GetObject"]} == {json.dumps({"Fn::Sub": "${UploadsBucket.Arn}/verifications/*"})}
    assert cfn["Conditions"]["HasCscaTrustBucket"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "CscaTrustBucket"}, ""]}]}

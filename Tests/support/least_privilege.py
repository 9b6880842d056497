"""Each function's IAM policy as template.yaml grants it, for running the function's real code
path under exactly those rights against moto.

The template goes through the SAM transform offline (cfn-lint's, as the template test lints it),
which expands the policy templates (`DynamoDBCrudPolicy`, `SQSSendMessagePolicy`, …) into each
function role's inline statements; the intrinsics (`Ref`, `Fn::GetAtt`, `Fn::Sub`) are resolved to
the local resources. Two things moto 5.2 cannot check are left out, and said so: it authorises
DynamoDB actions against the resource `*` (a statement naming the table's ARN would deny
everything), so DynamoDB statements keep their actions with `Resource: *`; and it evaluates no
condition keys (`dynamodb:LeadingKeys`, `s3:prefix`), so conditions are dropped. And AWS
authorises a `TransactWriteItems` by the actions it contains (PutItem, UpdateItem, DeleteItem,
ConditionCheckItem), where moto asks for `dynamodb:TransactWriteItems` itself: a statement that
allows the contained actions is given that name too. The managed
policies (logging, stream reading) are Lambda's own and left out too: the code must work without.
"""
import pathlib

ACCOUNT = "123456789012"


def function_policies(template_path, region, table, bucket):
    """{function name (the operationId or job): IAM policy document}."""
    from cfnlint.decode import cfn_yaml
    from cfnlint.template.transforms._sam import Transform

    source = cfn_yaml.loads(pathlib.Path(template_path).read_text())
    transform = Transform(str(template_path), source, region)
    transform.transform_template()
    resources = transform._template["Resources"]
    names = {"VerificationsTable": table, "UploadsBucket": bucket, "AWS::Region": region, "AWS::AccountId": ACCOUNT,
             "AWS::Partition": "aws", "AWS::StackName": "kyc",
             # verifyChip's trust sources, in the suite's bucket.
             "CscaTrustBucket": bucket}
    arns = {"VerificationsTable": f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{table}",
            "UploadsBucket": f"arn:aws:s3:::{bucket}"}

    def resolve(value, local=None):
        local = local or {}
        if isinstance(value, dict) and len(value) == 1:
            (kind, argument), = value.items()
            if kind == "Ref":
                return local.get(argument, names.get(argument, argument))
            if kind == "Fn::GetAtt":
                resource, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
                return arns.get(resource, f"arn:aws:local:{region}:{ACCOUNT}:{resource}") if attribute == "Arn" \
                    else f"{resource}-{attribute}"
            if kind == "Fn::If":
                # The deployment the suite proves sets every optional parameter: the true branch.
                return resolve(argument[1], local)
            if kind == "Fn::Sub":
                text, variables = (argument, {}) if isinstance(argument, str) else argument
                variables = {k: resolve(v) for k, v in variables.items()}
                while "${" in text:
                    start = text.index("${")
                    end = text.index("}", start)
                    name = text[start + 2:end]
                    if name in variables:
                        replacement = variables[name]
                    elif name.endswith(".Arn"):
                        replacement = resolve({"Fn::GetAtt": [name[:-4], "Arn"]})
                    else:
                        replacement = resolve({"Ref": name})
                    text = text[:start] + str(replacement) + text[end + 1:]
                return text
        if isinstance(value, dict):
            return {k: resolve(v, local) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v, local) for v in value]
        return value

    policies = {}
    for logical, resource in resources.items():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        name = resolve(resource["Properties"]["FunctionName"]).split("-", 1)[1]
        role = resources[resource["Properties"]["Role"]["Fn::GetAtt"][0]]
        statements = []
        for policy in role["Properties"].get("Policies", []):
            for statement in resolve(policy["PolicyDocument"]["Statement"]):
                statement = {k: v for k, v in statement.items() if k != "Condition"}
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                if all(action.startswith("dynamodb:") for action in actions):
                    statement["Resource"] = "*"
                    if {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"} <= set(actions):
                        statement["Action"] = actions + ["dynamodb:TransactWriteItems"]
                statements.append(statement)
        policies[name] = {"Version": "2012-10-17", "Statement": statements}
    return policies

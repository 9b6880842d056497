"""Checks function response documents against the project's openapi.yaml.

Test tooling only: the functions never load Python.
"""
import json
import pathlib

import yaml
from openapi_schema_validator import OAS30Validator

# Statuses docs/identity-and-errors.md adds to the spec's per-operation lists; their bodies are `Errors`.
CONTRACT_ERROR_STATUSES = {400, 401, 403, 404, 409, 413, 429, 500}


class Contract:
    def __init__(self, path):
        self.spec = yaml.safe_load(pathlib.Path(path).read_text())
        self.operations = {}
        for route, item in self.spec["paths"].items():
            for method, op in item.items():
                self.operations[op["operationId"]] = (method.upper(), route, op)

    def _inline(self, node):
        """The spec has no recursive schemas, so references can simply be inlined."""
        if isinstance(node, dict):
            if "$ref" in node:
                target = self.spec
                for part in node["$ref"].lstrip("#/").split("/"):
                    target = target[part]
                return self._inline(target)
            return {k: self._inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self._inline(v) for v in node]
        return node

    def schema(self, name):
        return self._inline(self.spec["components"]["schemas"][name])

    def validate(self, schema, value):
        OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER).validate(value)

    def check(self, operation_id, doc):
        """Asserts that `doc` is a well-formed response document that the spec allows.

        Returns the decoded JSON body (or None)."""
        assert set(doc) <= {"statusCode", "headers", "body", "isBase64Encoded"}, doc
        status = doc["statusCode"]
        assert isinstance(status, int)
        assert doc.get("isBase64Encoded") is False
        headers = doc.get("headers") or {}
        _, _, op = self.operations[operation_id]
        response = op["responses"].get(str(status))
        if response is not None:
            response = self._inline(response)  # a shared response (components/responses)
        if response is None:
            assert status in CONTRACT_ERROR_STATUSES, f"{operation_id}: undocumented status {status}"
            schema = self.schema("Errors")
        elif "content" in response:
            schema = self._inline(response["content"]["application/json"]["schema"])
        else:
            assert not doc.get("body"), f"{operation_id}: {status} must have no body"
            assert "content-type" not in headers
            return None
        assert headers.get("content-type") == "application/json", headers
        body = json.loads(doc["body"])
        self.validate(schema, body)
        if status >= 400:
            self.validate(self.schema("Errors"), body)
        return body

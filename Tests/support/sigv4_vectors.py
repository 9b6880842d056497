"""Generates SigV4 reference vectors with botocore, the signer AWS's own SDK uses.

Usage: python sigv4_vectors.py OUT.json

Each vector gives the inputs the project's signer takes (method, wire path, raw query pairs,
headers before signing, payload hash, credentials, time) and what botocore produced: the
canonical request, the string to sign, and the Authorization header.
"""
import datetime
import hashlib
import json
import sys
import types
from urllib.parse import quote

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

FIXED = datetime.datetime(2026, 11, 27, 16, 30, 5)
botocore.auth.get_current_datetime = lambda: FIXED

KEY = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
TEMP = Credentials("ASIAEXAMPLE", "tmpSecret/with+chars=", "FwoGZXIvYXdzEExampleSessionToken//+==")

ADDED = {"authorization", "x-amz-date", "x-amz-security-token"}


def s3_path(bucket, key):
    return f"/{bucket}/{quote(key, safe='/~')}" if bucket else "/" + quote(key, safe="/~")


def vector(name, service, method, host, path, params=(), headers=(), body=b"", creds=KEY,
           region="us-east-1", scheme="https", unsigned=False):
    url = f"{scheme}://{host}{path}"
    request = AWSRequest(method=method, url=url, data=body, params=list(params) or None, headers={"Host": host})
    for header, value in headers:
        request.headers[header] = value  # appends: a repeated name gives a repeated header
    if service == "s3":
        auth = botocore.auth.S3SigV4Auth(creds, service, region)
        if unsigned:
            request.context["client_config"] = types.SimpleNamespace(s3={"payload_signing_enabled": False})
    else:
        auth = botocore.auth.SigV4Auth(creds, service, region)
        if unsigned:
            request.context["payload_signing_enabled"] = False
    # Record what add_auth computes on the way (afterwards the request carries Authorization).
    seen = {}
    canonical_request, string_to_sign_of = auth.canonical_request, auth.string_to_sign
    auth.canonical_request = lambda r: seen.setdefault("canonical", canonical_request(r))
    auth.string_to_sign = lambda r, c: seen.setdefault("sts", string_to_sign_of(r, c))
    auth.add_auth(request)
    canonical, string_to_sign = seen["canonical"], seen["sts"]
    added = set(ADDED) | ({"x-amz-content-sha256"} if service == "s3" else set())
    inputs = [[k, v] for k, v in request.headers.items() if k.lower() not in added]
    return {
        "name": name, "service": service, "region": region, "method": method, "path": path,
        "query": [list(p) for p in params], "headers": inputs, "payloadHash": canonical.rsplit("\n", 1)[1],
        "accessKeyId": creds.access_key, "secretAccessKey": creds.secret_key, "sessionToken": creds.token,
        "amzDate": FIXED.strftime("%Y%m%dT%H%M%SZ"),
        "canonicalRequest": canonical, "stringToSign": string_to_sign,
        "authorization": request.headers["Authorization"],
        "sha256": hashlib.sha256(body).hexdigest(),
    }


S3 = "s3.us-east-1.amazonaws.com"
DDB_BODY = json.dumps({"TableName": "kyc", "Key": {"id": {"S": "5e0c1d2a"}}}).encode()
VECTORS = [
    vector("s3 get simple key", "s3", "GET", S3, s3_path("kyc-uploads", "uploads/selfie.jpg")),
    vector("s3 key with spaces", "s3", "GET", S3, s3_path("kyc-uploads", "my photos/selfie 1.jpg")),
    vector("s3 key with unicode", "s3", "GET", S3, s3_path("kyc-uploads", "fotos/Müller/日本.jpg")),
    vector("s3 key with reserved characters", "s3", "GET", S3, s3_path("kyc-uploads", "a+b=c&d;e~f!g'h(i)j*k.jpg")),
    vector("s3 key with plus and percent", "s3", "GET", S3, s3_path("kyc-uploads", "100% real+face.jpg")),
    vector("s3 key with double slash", "s3", "GET", S3, s3_path("kyc-uploads", "a//b.jpg")),
    vector("s3 key with dot segments kept", "s3", "GET", S3, s3_path("kyc-uploads", "a/./b/../c.jpg")),
    vector("s3 key with trailing slash", "s3", "GET", S3, s3_path("kyc-uploads", "folder/")),
    vector("s3 head", "s3", "HEAD", S3, s3_path("kyc-uploads", "uploads/passport.jpg")),
    vector("s3 session token", "s3", "GET", S3, s3_path("kyc-uploads", "uploads/selfie.jpg"), creds=TEMP),
    vector("s3 unsigned payload", "s3", "GET", S3, s3_path("kyc-uploads", "u.jpg"), unsigned=True),
    vector("s3 put with body", "s3", "PUT", S3, s3_path("kyc-uploads", "p.jpg"), body=b"\xff\xd8\xff\xe0 jpeg bytes",
           headers=[("Content-Type", "image/jpeg")]),
    vector("s3 list with query", "s3", "GET", S3, "/kyc-uploads",
           params=[("list-type", "2"), ("prefix", "a b/ü"), ("delimiter", "/")]),
    vector("s3 empty query value", "s3", "GET", S3, "/kyc-uploads", params=[("acl", "")]),
    vector("s3 repeated query key", "s3", "GET", S3, "/kyc-uploads", params=[("k", "b"), ("k", "a"), ("j", "z")]),
    vector("s3 query reserved characters", "s3", "GET", S3, "/kyc-uploads",
           params=[("x-id", "a+b=c&d;e"), ("~t", "*!'()"), ("Über", "naïve")]),
    vector("s3 virtual hosted", "s3", "GET", "kyc-uploads.s3.eu-west-1.amazonaws.com", "/uploads/a%20b.jpg",
           region="eu-west-1"),
    vector("s3 local endpoint with port", "s3", "GET", "127.0.0.1:5000", s3_path("kyc-uploads", "x.jpg"),
           scheme="http"),
    vector("dynamodb get item", "dynamodb", "POST", "dynamodb.us-east-1.amazonaws.com", "/", body=DDB_BODY,
           headers=[("X-Amz-Target", "DynamoDB_20120810.GetItem"), ("Content-Type", "application/x-amz-json-1.0")]),
    vector("dynamodb session token", "dynamodb", "POST", "dynamodb.us-east-1.amazonaws.com", "/", body=DDB_BODY,
           creds=TEMP, headers=[("X-Amz-Target", "DynamoDB_20120810.TransactWriteItems"),
                                ("Content-Type", "application/x-amz-json-1.0")]),
    vector("dynamodb local endpoint", "dynamodb", "POST", "127.0.0.1:5000", "/", body=DDB_BODY, scheme="http",
           headers=[("X-Amz-Target", "DynamoDB_20120810.Query"), ("Content-Type", "application/x-amz-json-1.0")]),
    vector("iam list users", "iam", "GET", "iam.amazonaws.com", "/",
           params=[("Action", "ListUsers"), ("Version", "2010-05-08")],
           headers=[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]),
    vector("generic path normalised", "execute-api", "GET", "api.example.com", "/a//b/./c/../d/"),
    vector("generic path double encoded", "execute-api", "GET", "api.example.com", "/v1/caf%C3%A9%20au%20lait"),
    vector("generic empty path", "execute-api", "GET", "api.example.com", ""),
    vector("generic header whitespace", "execute-api", "POST", "api.example.com", "/x", body=b"{}",
           headers=[("X-Custom", "  a   b \t c  "), ("Content-Type", "application/json")]),
    vector("generic repeated header", "execute-api", "GET", "api.example.com", "/x",
           headers=[("X-Multi", "one"), ("X-Multi", "two")]),
    vector("generic unsigned payload", "execute-api", "PUT", "api.example.com", "/x", body=b"data", unsigned=True),
    vector("lambda invoke with query", "lambda", "POST", "lambda.us-west-2.amazonaws.com",
           "/2015-03-31/functions/kyc-createVerification/invocations", region="us-west-2",
           params=[("Qualifier", "v1/~live")], body=b'{"version":"2.0"}'),
    vector("sts with token", "sts", "GET", "sts.amazonaws.com", "/", creds=TEMP,
           params=[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")]),
]

if __name__ == "__main__":
    with open(sys.argv[1], "w") as out:
        json.dump(VECTORS, out, indent=1, ensure_ascii=False)
    print(f"{len(VECTORS)} SigV4 vectors written by botocore", file=sys.stderr)

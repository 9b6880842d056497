"""A front for moto's S3 that checks presigned requests (query-signed GETs, and the browser-style
POST uploads of upload slots), which moto cannot.

moto 5.2's server, with signature checking on, reads the Authorization header of every S3
request and answers 500 to a presigned GET, boto3's own included. This front sits before it:

- a request with `X-Amz-Signature` in its query is a presigned GET or HEAD. Its signature is
  checked against botocore's query signer (the SigV4 reference) for the same credentials,
  instant and expiry, and the expiry against the clock. A valid one is passed on header-signed
  with the same credentials, so moto still checks a signature and the key's IAM policy;
- a `multipart/form-data` POST to the bucket is a browser upload (a presigned POST). Its policy's
  signature is checked with botocore's SigV4 signer over the base64 policy, the policy's
  expiration against the clock, and every condition against the form: the bucket, each exact
  field (the key above all), `starts-with` and `eq` conditions, the file's length range, and that
  the form carries no field the policy does not name. A valid one is passed on as a header-signed
  PUT of the file with the same credentials; any other is refused as S3 refuses it;
- a header-signed request whose query holds an encoded character (`prefix=verifications%2F…` of
  a ListObjectsV2) is checked as S3 checks it, botocore's signer over the query as sent, and
  passed on signed over the decoded query: moto 5.2 decodes the query before it recomputes the
  signature, so it refuses every correctly signed listing by a prefix with a `/`;
- everything else passes through unchanged, Host header included, so moto checks it as sent.

`POST /_gate/keys` with `{"keyId", "secret"}` tells it one more access key (the least-privilege
test creates a user per function).

So a browser can load the images of an admin's presigned links from the same signature-checking
S3 the functions write to."""
import base64
import datetime
import email.parser
import email.policy
import hmac
import http.client
import http.server
import json
import threading
import urllib.parse

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}
_clock_lock = threading.Lock()


def query_signature(method, url, credentials, region, amz_date, expires):
    """botocore's X-Amz-Signature for `url` signed at `amz_date` (YYYYMMDDTHHMMSSZ)."""
    instant = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    with _clock_lock:  # botocore reads the signing time from a module-level function
        saved = botocore.auth.get_current_datetime
        botocore.auth.get_current_datetime = lambda: instant
        try:
            request = AWSRequest(method=method, url=url, headers={})
            botocore.auth.S3SigV4QueryAuth(credentials, "s3", region, expires=expires).add_auth(request)
        finally:
            botocore.auth.get_current_datetime = saved
    return dict(urllib.parse.parse_qsl(request.url.split("?", 1)[1]))["X-Amz-Signature"]


def problem_with(method, host, path, query, keys, region, now):
    """Why a presigned request must be refused (an S3 error code and message), or None."""
    if method not in ("GET", "HEAD"):
        return "AccessDenied", "presigned links are for GET and HEAD here"
    if query.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
        return "AuthorizationQueryParametersError", "X-Amz-Algorithm must be AWS4-HMAC-SHA256"
    try:
        key_id, day, signing_region, service, terminator = query["X-Amz-Credential"].split("/")
        signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        expires = int(query["X-Amz-Expires"])
    except (KeyError, ValueError):
        return "AuthorizationQueryParametersError", "malformed X-Amz-Credential, X-Amz-Date or X-Amz-Expires"
    if key_id not in keys:
        return "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."
    if signing_region != region or service != "s3" or terminator != "aws4_request" or day != query["X-Amz-Date"][:8]:
        return "AuthorizationQueryParametersError", "the credential scope does not match"
    if not 1 <= expires <= 604800:
        return "AuthorizationQueryParametersError", "X-Amz-Expires must be from 1 to 604800"
    if now > signed_at + datetime.timedelta(seconds=expires):
        return "AccessDenied", "Request has expired"
    secret, token = keys[key_id]
    if query.get("X-Amz-Security-Token") != token:
        return "InvalidToken", "The provided token is malformed or otherwise invalid."
    unsigned = {k: v for k, v in query.items() if not k.startswith("X-Amz-")}
    url = f"http://{host}{path}" + ("?" + urllib.parse.urlencode(unsigned) if unsigned else "")
    expected = query_signature(method, url, Credentials(key_id, secret, token), region, query["X-Amz-Date"], expires)
    if not hmac.compare_digest(expected, query.get("X-Amz-Signature", "")):
        return "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."
    return None


def form_fields(content_type, body):
    """The parts of a multipart/form-data body, in order: (name, bytes)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + body)
    if not message.is_multipart():
        return None
    return [(part.get_param("name", header="content-disposition"), part.get_payload(decode=True) or b"")
            for part in message.iter_parts()]


def post_problem(bucket, fields, keys, region, now):
    """Why a browser POST upload must be refused (status, S3 code, message), or None."""
    form = {name.lower(): value for name, value in fields if name != "file"}
    files = [value for name, value in fields if name == "file"]
    if len(files) != 1:
        return 400, "InvalidArgument", "POST requires exactly one file upload per request."
    try:
        policy_b64 = form["policy"].decode()
        policy = json.loads(base64.b64decode(policy_b64))
        key_id, day, signing_region, service, terminator = form["x-amz-credential"].decode().split("/")
        amz_date = form["x-amz-date"].decode()
    except (KeyError, ValueError):
        return 400, "InvalidArgument", "Bucket POST must contain a policy, x-amz-credential and x-amz-date"
    if form.get("x-amz-algorithm", b"").decode() != "AWS4-HMAC-SHA256":
        return 400, "InvalidArgument", "x-amz-algorithm must be AWS4-HMAC-SHA256"
    if key_id not in keys:
        return 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."
    if signing_region != region or service != "s3" or terminator != "aws4_request" or day != amz_date[:8]:
        return 400, "InvalidArgument", "the credential scope does not match"
    secret, token = keys[key_id]
    request = AWSRequest(method="POST", url="http://s3", headers={})
    request.context["timestamp"] = amz_date
    expected = botocore.auth.SigV4Auth(Credentials(key_id, secret, token), "s3", region).signature(
        policy_b64, request)
    if not hmac.compare_digest(expected, form.get("x-amz-signature", b"").decode()):
        return 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."
    expiration = datetime.datetime.strptime(policy["expiration"].split(".")[0].rstrip("Z"), "%Y-%m-%dT%H:%M:%S")
    if now > expiration:
        return 403, "AccessDenied", "Invalid according to Policy: Policy expired."
    covered = {"policy", "x-amz-signature", "file"}
    for condition in policy["conditions"]:
        if isinstance(condition, dict):
            (name, value), = condition.items()
            name = name.lower()
            actual = bucket if name == "bucket" else form.get(name, b"").decode()
            if actual != value:
                return 403, "AccessDenied", f"Invalid according to Policy: Policy Condition failed: [\"eq\", \"${name}\", \"{value}\"]"
            covered.add(name)
        elif condition[0] == "content-length-range":
            if not condition[1] <= len(files[0]) <= condition[2]:
                return 400, "EntityTooLarge" if len(files[0]) > condition[2] else "EntityTooSmall", \
                    "Your proposed upload exceeds the maximum allowed size" if len(files[0]) > condition[2] \
                    else "Your proposed upload is smaller than the minimum allowed size"
        elif condition[0] in ("eq", "starts-with"):
            name = condition[1].lstrip("$").lower()
            actual = bucket if name == "bucket" else form.get(name, b"").decode()
            if not (actual == condition[2] if condition[0] == "eq" else actual.startswith(condition[2])):
                return 403, "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {condition}"
            covered.add(name)
    extra = [name for name in form if name not in covered and not name.startswith("x-ignore-")]
    if extra:
        return 403, "AccessDenied", f"Invalid according to Policy: Extra input fields: {extra[0]}"
    if token is not None and form.get("x-amz-security-token", b"").decode() != token:
        return 403, "InvalidToken", "The provided token is malformed or otherwise invalid."
    return None


class PresignedGate(http.server.BaseHTTPRequestHandler):
    """Set `upstream` ("127.0.0.1:port"), `keys` ({access key id: (secret, session token)}) and
    `region` on a subclass."""
    protocol_version = "HTTP/1.1"
    upstream = ""
    keys = {}
    region = "us-east-1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.forward()

    do_HEAD = do_PUT = do_POST = do_DELETE = do_GET

    def forward(self):
        target = urllib.parse.urlsplit(self.path)
        if self.command == "POST" and target.path == "/_gate/keys":
            added = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            self.keys[added["keyId"]] = (added["secret"], added.get("token"))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            return self.end_headers()
        query = dict(urllib.parse.parse_qsl(target.query, keep_blank_values=True))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        path = self.path
        content_type = self.headers.get("Content-Type", "")
        if self.command == "POST" and content_type.startswith("multipart/form-data") and not target.query:
            return self.upload(target.path, content_type, body)
        if "%" in target.query and "X-Amz-Signature" not in query and "Authorization" in self.headers:
            resigned = self.resigned_for_moto(target, headers, body)
            if isinstance(resigned, tuple):
                return self.error(403, *resigned)
            headers = resigned
        if "X-Amz-Signature" in query:
            host = self.headers.get("Host", "")
            problem = problem_with(self.command, host, target.path, query, self.keys, self.region,
                                   datetime.datetime.utcnow())
            if problem:
                return self.error(403, *problem)
            key_id = query["X-Amz-Credential"].split("/")[0]
            secret, token = self.keys[key_id]
            unsigned = {k: v for k, v in query.items() if not k.startswith("X-Amz-")}
            path = target.path + ("?" + urllib.parse.urlencode(unsigned) if unsigned else "")
            request = AWSRequest(method=self.command, url=f"http://{host}{path}", headers={"Host": host})
            botocore.auth.S3SigV4Auth(Credentials(key_id, secret, token), "s3", self.region).add_auth(request)
            headers = dict(request.headers.items())
        answer = self.upstream_request(self.command, path, body or None, headers)
        if answer is None:
            return self.error(502, "BadGateway", "moto did not answer")
        response, payload = answer
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def resigned_for_moto(self, target, headers, body):
        """The headers signed over the decoded query, once the request's own signature proved
        right over the query as sent; or why it is refused (S3 code, message)."""
        authorization = self.headers["Authorization"]
        try:
            credential = authorization.split("Credential=")[1].split(",")[0]
            key_id = credential.split("/")[0]
            signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
        except IndexError:
            return "AccessDenied", "malformed Authorization header"
        if key_id not in self.keys:
            return "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."
        secret, token = self.keys[key_id]
        auth = botocore.auth.S3SigV4Auth(Credentials(key_id, secret, token), "s3", self.region)
        host = self.headers.get("Host", "")

        def signature(query):
            request = AWSRequest(method=self.command, url=f"http://{host}{target.path}?{query}", data=body,
                                 headers={k: v for k, v in headers.items() if k.lower() in signed})
            request.context["timestamp"] = self.headers["X-Amz-Date"]
            return request, auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)

        _, expected = signature(target.query)
        if not hmac.compare_digest(expected, authorization.rsplit("Signature=", 1)[-1]):
            return "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."
        _, moto_signature = signature(urllib.parse.unquote(target.query))
        kept = {k: v for k, v in headers.items() if k.lower() != "authorization"}
        return {**kept, "Authorization": authorization.rsplit("Signature=", 1)[0] + "Signature=" + moto_signature}

    def upload(self, path, content_type, body):
        """A browser POST upload to the bucket at `path` (path style: /<bucket>)."""
        bucket = path.strip("/").split("/")[0]
        fields = form_fields(content_type, body)
        if not bucket or fields is None:
            return self.error(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")
        problem = post_problem(bucket, fields, self.keys, self.region, datetime.datetime.utcnow())
        if problem:
            return self.error(*problem)
        form = {name.lower(): value.decode() for name, value in fields if name != "file"}
        data = next(value for name, value in fields if name == "file")
        key_id = form["x-amz-credential"].split("/")[0]
        secret, token = self.keys[key_id]
        host = self.headers.get("Host", "")
        url = f"http://{host}/{bucket}/{urllib.parse.quote(form['key'])}"
        request = AWSRequest(method="PUT", url=url, data=data,
                             headers={"Host": host, "Content-Type": form.get("content-type", "binary/octet-stream")})
        botocore.auth.S3SigV4Auth(Credentials(key_id, secret, token), "s3", self.region).add_auth(request)
        answer = self.upstream_request("PUT", urllib.parse.urlsplit(url).path, data, dict(request.headers.items()))
        if answer is None:
            return self.error(502, "BadGateway", "moto did not answer")
        response, payload = answer
        if response.status != 200:
            self.send_response(response.status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            return self.wfile.write(payload)
        # S3's default answer to a POST upload: 204, with the object's ETag.
        self.send_response(204)
        self.send_header("ETag", response.getheader("ETag", ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def upstream_request(self, method, path, body, headers):
        """One request to moto: (response, payload), or None when moto did not answer."""
        connection = http.client.HTTPConnection(self.upstream, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response, response.read()
        except OSError:
            return None
        finally:
            connection.close()

    def error(self, status, code, message):
        payload = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

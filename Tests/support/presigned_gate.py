"""A front for moto's S3 that checks presigned (query-signed) requests, which moto cannot.

moto 5.2's server, with signature checking on, reads the Authorization header of every S3
request and answers 500 to a presigned GET, boto3's own included. This front sits before it:

- a request with `X-Amz-Signature` in its query is a presigned GET or HEAD. Its signature is
  checked against botocore's query signer (the SigV4 reference) for the same credentials,
  instant and expiry, and the expiry against the clock. A valid one is passed on header-signed
  with the same credentials, so moto still checks a signature and the key's IAM policy;
- everything else passes through unchanged, Host header included, so moto checks it as sent.

So a browser can load the images of an admin's presigned links from the same signature-checking
S3 the functions write to."""
import datetime
import hmac
import http.client
import http.server
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
        query = dict(urllib.parse.parse_qsl(target.query, keep_blank_values=True))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        path = self.path
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
        connection = http.client.HTTPConnection(self.upstream, timeout=30)
        try:
            connection.request(self.command, path, body=body or None, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        except OSError:
            return self.error(502, "BadGateway", "moto did not answer")
        finally:
            connection.close()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def error(self, status, code, message):
        payload = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

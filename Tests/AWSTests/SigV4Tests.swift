import Hashing
import Testing

@testable import SigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Vectors pinned from AWS's documentation.
@Suite struct SigV4PinnedTests {
  @Test func iamListUsersFromTheSigV4Guide() {
    let signer = SigV4Signer(
      credentials: .init(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
      region: "us-east-1", service: "iam")
    let date = "20150830T123600Z"
    let request = SigV4Signer.Request(
      method: "GET", path: "/", query: [("Version", "2010-05-08"), ("Action", "ListUsers")],
      headers: [
        ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", "iam.amazonaws.com"),
        ("X-Amz-Date", date),
      ], payloadHash: Digest.emptySHA256)
    let canonical = signer.canonicalRequest(request)
    #expect(
      Digest.hex(Digest.sha256(Array(canonical.utf8)))
        == "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59")
    #expect(
      Digest.hex(signer.signingKey(amzDate: date)) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
    )
    #expect(
      signer.signature(stringToSign: signer.stringToSign(canonicalRequest: canonical, amzDate: date), amzDate: date)
        == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
  }

  static let s3Example = SigV4Signer(
    credentials: .init(
      accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    region: "us-east-1", service: "s3")

  @Test func s3GetObjectFromTheS3Guide() {
    let request = SigV4Signer.Request(
      method: "GET", path: "/test.txt",
      headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")], payloadHash: Digest.emptySHA256)
    let added = Self.s3Example.sign(request, amzDate: "20130524T000000Z")
    #expect(added.first { $0.0 == "x-amz-content-sha256" }?.1 == Digest.emptySHA256)
    #expect(
      added.last?.1
        == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )
  }

  @Test func s3PresignedURLFromTheS3Guide() {
    let query = Self.s3Example.presignedQuery(
      path: "/test.txt", host: "examplebucket.s3.amazonaws.com", amzDate: "20130524T000000Z", expires: 86_400)
    #expect(query.hasSuffix("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"))
  }

  @Test func encodingAndNormalisation() {
    #expect(URIEncoding.encode("a b+c=d&é~_-.") == "a%20b%2Bc%3Dd%26%C3%A9~_-.")
    #expect(URIEncoding.encode("a/b c", keepSlash: true) == "a/b%20c")
    #expect(URIEncoding.normalizePath("/a//b/./c/../d/") == "/a/b/d/")
    #expect(URIEncoding.normalizePath("") == "/")
    #expect(URIEncoding.normalizePath("/../..") == "/")
    #expect(AmzDate.string(epochSeconds: 1_440_938_160) == "20150830T123600Z")
    #expect(AmzDate.string(epochSeconds: 0) == "19700101T000000Z")
  }
}

/// Vectors generated at test time by botocore (Tests/support/sigv4_vectors.py): the signer must
/// produce byte-identical canonical requests, strings to sign and Authorization headers.
@Suite struct SigV4BotocoreTests {
  struct Vector: Decodable {
    var name, service, region, method, path, payloadHash, accessKeyId, secretAccessKey, amzDate: String
    var sessionToken: String?
    var query: [[String]]
    var headers: [[String]]
    var canonicalRequest, stringToSign, authorization: String
  }

  static let path = ProcessInfo.processInfo.environment["KYC_SIGV4_VECTORS"]

  static func vectors() throws -> [Vector] {
    guard let path else { return [] }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try JSONDecoder().decode([Vector].self, from: data)
  }

  @Test(.enabled(if: path != nil, "scripts/test generates the vectors"))
  func matchesBotocore() throws {
    let vectors = try Self.vectors()
    #expect(vectors.count >= 25)
    for vector in vectors {
      let signer = SigV4Signer(
        credentials: .init(
          accessKeyId: vector.accessKeyId, secretAccessKey: vector.secretAccessKey, sessionToken: vector.sessionToken),
        region: vector.region, service: vector.service)
      let request = SigV4Signer.Request(
        method: vector.method, path: vector.path, query: vector.query.map { ($0[0], $0[1]) },
        headers: vector.headers.map { ($0[0], $0[1]) }, payloadHash: vector.payloadHash)
      let added = signer.sign(request, amzDate: vector.amzDate)
      var signed = request
      signed.headers += added.filter { $0.0 != "authorization" }
      let canonical = signer.canonicalRequest(signed)
      #expect(canonical == vector.canonicalRequest, "\(vector.name)")
      #expect(
        signer.stringToSign(canonicalRequest: canonical, amzDate: vector.amzDate) == vector.stringToSign,
        "\(vector.name)")
      #expect(added.last?.1 == vector.authorization, "\(vector.name)")
    }
  }

  /// Fails when the test script promised vectors and none arrived, so CI cannot skip silently.
  @Test func vectorsArePresentWhenRequired() throws {
    if ProcessInfo.processInfo.environment["KYC_REQUIRE_INTEGRATION"] == "1" {
      #expect(try Self.vectors().count >= 25)
    }
  }
}

@Suite struct PostPolicyTests {
  let signer = SigV4Signer(
    credentials: .init(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    region: "us-east-1", service: "s3")
  let policy = PostPolicy(
    bucket: "kyc-uploads", key: "verifications/5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6/avatar/1.jpg",
    contentType: "image/jpeg", contentLength: 1...10_485_760, expiration: "2026-12-04T19:05:00Z")

  /// The document, and botocore's signature of its base64 under the same key and day (pinned).
  @Test func theSignatureIsBotocoresForTheSameDocument() {
    let fields = Dictionary(uniqueKeysWithValues: policy.fields(signer: signer, amzDate: "20261204T190000Z"))
    #expect(
      fields["policy"]
        == "eyJleHBpcmF0aW9uIjoiMjAyNi0xMi0wNFQxOTowNTowMFoiLCJjb25kaXRpb25zIjpbeyJidWNrZXQiOiJreWMtdXBsb2FkcyJ9LHsia2V5IjoidmVyaWZpY2F0aW9ucy81ZTBjMWQyYS0zYjRjLTRkNWUtOGY2MC03MTgyOTNhNGI1YzYvYXZhdGFyLzEuanBnIn0seyJDb250ZW50LVR5cGUiOiJpbWFnZS9qcGVnIn0seyJ4LWFtei1hbGdvcml0aG0iOiJBV1M0LUhNQUMtU0hBMjU2In0seyJ4LWFtei1jcmVkZW50aWFsIjoiQUtJREVYQU1QTEUvMjAyNjEyMDQvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LHsieC1hbXotZGF0ZSI6IjIwMjYxMjA0VDE5MDAwMFoifSxbImNvbnRlbnQtbGVuZ3RoLXJhbmdlIiwxLDEwNDg1NzYwXV19"
    )
    #expect(fields["x-amz-signature"] == "553507bf6f4ad2bd2d2c688bbb16b7d7cfe351b0159ee9f0a05b0335bc502d10")
    #expect(fields["key"] == policy.key && fields["Content-Type"] == "image/jpeg")
    #expect(fields["x-amz-credential"] == "AKIDEXAMPLE/20261204/us-east-1/s3/aws4_request")
  }

  @Test func temporaryCredentialsPutTheirTokenInThePolicy() {
    var temporary = signer
    temporary.credentials.sessionToken = "token\"with\\quotes"
    let fields = Dictionary(uniqueKeysWithValues: policy.fields(signer: temporary, amzDate: "20261204T190000Z"))
    #expect(fields["x-amz-security-token"] == "token\"with\\quotes")
    let document = policy.document([("x-amz-security-token", "token\"with\\quotes")])
    #expect(document.contains(#"{"x-amz-security-token":"token\"with\\quotes"}"#))
  }

  @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")])
  func base64(text: String, encoded: String) {
    #expect(Base64.encode(Array(text.utf8)) == encoded)  // RFC 4648 §10
  }

  @Test func anExpirationIsWrittenAsPoliciesWriteIt() {
    #expect(AmzDate.iso8601(epochSeconds: 1_795_795_200) == "2026-11-27T16:00:00Z")
  }
}

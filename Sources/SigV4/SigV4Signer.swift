import CivilTime
import Hashing

/// AWS Signature Version 4 as pure functions: the same inputs always give the same canonical
/// request, string to sign and signature, so every step is testable against reference vectors.
///
/// Paths are given as they go on the wire (already percent-encoded). S3 signs that path as it
/// is; every other service signs it normalised and encoded once more.
public struct SigV4Signer: Sendable {
  public struct Credentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
      self.accessKeyId = accessKeyId
      self.secretAccessKey = secretAccessKey
      self.sessionToken = sessionToken
    }

    /// The credentials Lambda (and the AWS tools) put in the environment, the one place they are
    /// read: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the role's `AWS_SESSION_TOKEN`;
    /// `nil` when a key is missing or empty.
    public init?(environment: [String: String]) {
      guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty,
        let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
      else { return nil }
      self.init(
        accessKeyId: key, secretAccessKey: secret,
        sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
    }
  }

  /// A request to sign. `headers` must include `host`.
  public struct Request: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    public init(
      method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], payloadHash: String
    ) {
      self.method = method
      self.path = path
      self.query = query
      self.headers = headers
      self.payloadHash = payloadHash
    }

    public static func == (lhs: Request, rhs: Request) -> Bool {
      lhs.method == rhs.method && lhs.path == rhs.path && lhs.payloadHash == rhs.payloadHash
        && lhs.query.elementsEqual(rhs.query, by: ==) && lhs.headers.elementsEqual(rhs.headers, by: ==)
    }
  }

  public static let unsignedPayload = "UNSIGNED-PAYLOAD"

  public var credentials: Credentials
  public var region: String
  public var service: String

  public init(credentials: Credentials, region: String, service: String) {
    self.credentials = credentials
    self.region = region
    self.service = service
  }

  var isS3: Bool { service == "s3" }

  // MARK: The four steps

  public func canonicalURI(_ path: String) -> String {
    isS3 ? (path.isEmpty ? "/" : path) : URIEncoding.encode(URIEncoding.normalizePath(path), keepSlash: true)
  }

  public func canonicalQuery(_ query: [(String, String)]) -> String {
    query.map { (URIEncoding.encode($0.0), URIEncoding.encode($0.1)) }
      .sorted {
        $0.0 != $1.0
          ? Array($0.0.utf8).lexicographicallyPrecedes($1.0.utf8)
          : Array($0.1.utf8).lexicographicallyPrecedes($1.1.utf8)
      }
      .map { "\($0.0)=\($0.1)" }
      .joined(separator: "&")
  }

  /// Lower-case names, sorted; values trimmed with inner runs of white space folded to one
  /// space; repeated headers joined with commas in the order given.
  public func canonicalHeaders(_ headers: [(String, String)]) -> (canonical: String, signed: String) {
    var grouped: [String: [String]] = [:]
    for (name, value) in headers {
      grouped[name.lowercased(), default: []].append(Self.trimAll(value))
    }
    let names = grouped.keys.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
    let canonical = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
    return (canonical, names.joined(separator: ";"))
  }

  public func canonicalRequest(_ request: Request) -> String {
    let headers = canonicalHeaders(request.headers)
    return [
      request.method.uppercased(), canonicalURI(request.path), canonicalQuery(request.query), headers.canonical,
      headers.signed, request.payloadHash,
    ].joined(separator: "\n")
  }

  /// `amzDate` is `YYYYMMDD'T'HHMMSS'Z'`.
  public func scope(amzDate: String) -> String {
    "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
  }

  public func stringToSign(canonicalRequest: String, amzDate: String) -> String {
    [
      "AWS4-HMAC-SHA256", amzDate, scope(amzDate: amzDate), Digest.hex(Digest.sha256(Array(canonicalRequest.utf8))),
    ].joined(separator: "\n")
  }

  public func signingKey(amzDate: String) -> [UInt8] {
    let date = Digest.hmacSHA256(key: Array("AWS4\(credentials.secretAccessKey)".utf8), Array(amzDate.prefix(8).utf8))
    let region = Digest.hmacSHA256(key: date, Array(self.region.utf8))
    let service = Digest.hmacSHA256(key: region, Array(self.service.utf8))
    return Digest.hmacSHA256(key: service, Array("aws4_request".utf8))
  }

  public func signature(stringToSign: String, amzDate: String) -> String {
    Digest.hex(Digest.hmacSHA256(key: signingKey(amzDate: amzDate), Array(stringToSign.utf8)))
  }

  // MARK: Whole requests

  /// The headers to add to a request: `x-amz-date`, `x-amz-security-token` when the credentials
  /// are temporary, `x-amz-content-sha256` for S3, and `authorization`.
  public func sign(_ request: Request, amzDate: String) -> [(String, String)] {
    var added: [(String, String)] = [("x-amz-date", amzDate)]
    if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
    if isS3 { added.append(("x-amz-content-sha256", request.payloadHash)) }
    var signed = request
    signed.headers =
      request.headers.filter { header in
        !added.contains { $0.0 == header.0.lowercased() } && header.0.lowercased() != "authorization"
      } + added
    let canonical = canonicalRequest(signed)
    let signature = signature(
      stringToSign: stringToSign(canonicalRequest: canonical, amzDate: amzDate), amzDate: amzDate)
    let signedHeaders = canonicalHeaders(signed.headers).signed
    let authorization =
      "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope(amzDate: amzDate)), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    return added + [("authorization", authorization)]
  }

  /// A presigned URL query for a GET of `path` on `host` (S3), valid for `expires` seconds;
  /// `extraQuery` (S3's `versionId`) is signed with it, so the link reaches nothing else.
  public func presignedQuery(
    path: String, host: String, amzDate: String, expires: Int, extraQuery: [(String, String)] = []
  ) -> String {
    var query: [(String, String)] =
      extraQuery + [
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope(amzDate: amzDate))"),
        ("X-Amz-Date", amzDate),
        ("X-Amz-Expires", String(expires)),
        ("X-Amz-SignedHeaders", "host"),
      ]
    if let token = credentials.sessionToken { query.append(("X-Amz-Security-Token", token)) }
    let request = Request(
      method: "GET", path: path, query: query, headers: [("host", host)], payloadHash: Self.unsignedPayload)
    let signature = signature(
      stringToSign: stringToSign(canonicalRequest: canonicalRequest(request), amzDate: amzDate), amzDate: amzDate)
    return canonicalQuery(query) + "&X-Amz-Signature=" + signature
  }

  static func trimAll(_ value: String) -> String {
    value.split(whereSeparator: {
      $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}"
    })
    .joined(separator: " ")
  }
}

/// `YYYYMMDD'T'HHMMSS'Z'` for an instant given as seconds since 1970.
public enum AmzDate {
  public static func string(epochSeconds: Int) -> String {
    let (day, second) = CivilDay.split(epochSeconds: epochSeconds)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return
      "\(day.year)\(two(day.month))\(two(day.day))T\(two(second / 3600))\(two(second / 60 % 60))\(two(second % 60))Z"
  }

  /// `YYYY-MM-DDTHH:MM:SSZ`, as a POST policy's `expiration` is written.
  public static func iso8601(epochSeconds: Int) -> String {
    let compact = Array(string(epochSeconds: epochSeconds))
    let date = "\(String(compact[0..<4]))-\(String(compact[4..<6]))-\(String(compact[6..<8]))"
    return "\(date)T\(String(compact[9..<11])):\(String(compact[11..<13])):\(String(compact[13..<15]))Z"
  }
}

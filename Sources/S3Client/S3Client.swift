import HTTPTransport
import Hashing
import SigV4

#if canImport(Glibc)
  import Glibc
#endif

/// Reads objects from S3 (or an S3-compatible endpoint) with SigV4-signed GET and HEAD.
public struct S3Client: Sendable {
  public struct Configuration: Sendable, Equatable {
    /// `nil` for AWS; otherwise a base URL such as `http://127.0.0.1:5000`.
    public var endpoint: String?
    public var region: String
    public var credentials: SigV4Signer.Credentials
    /// Path-style (`endpoint/bucket/key`) instead of virtual-hosted (`bucket.endpoint/key`).
    /// Custom endpoints default to path style, AWS to virtual-hosted.
    public var pathStyle: Bool
    public var maxAttempts: Int

    public init(
      endpoint: String?, region: String, credentials: SigV4Signer.Credentials, pathStyle: Bool? = nil,
      maxAttempts: Int = 3
    ) {
      self.endpoint = endpoint
      self.region = region
      self.credentials = credentials
      self.pathStyle = pathStyle ?? (endpoint != nil)
      self.maxAttempts = maxAttempts
    }

    /// From the Lambda-style environment; `nil` when credentials are missing.
    public init?(environment: [String: String], region: String, endpoint: String?) {
      guard let credentials = SigV4Signer.Credentials(environment: environment) else { return nil }
      self.init(endpoint: endpoint, region: region, credentials: credentials)
    }
  }

  public struct ObjectInfo: Sendable, Equatable {
    public var size: Int
    public var contentType: String?
    /// The object's entity tag, quotes included, as S3 sends it.
    public var etag: String?
    /// The version this is, in a versioned bucket (`x-amz-version-id`).
    public var versionId: String?
  }

  /// An object as fetched: its bytes, and the ETag and version that pin it.
  public struct FetchedObject: Sendable {
    public var bytes: [UInt8]
    public var etag: String?
    public var versionId: String?
  }

  /// One version of an object, or a delete marker, as `listVersions` finds it.
  public struct ObjectVersion: Sendable, Equatable {
    public var key: String
    public var versionId: String
  }

  public let configuration: Configuration
  let http: HTTPClient
  let now: @Sendable () -> Int
  let sleep: @Sendable (Int) -> Void

  public init(
    configuration: Configuration, http: HTTPClient = HTTPClient(),
    now: @escaping @Sendable () -> Int = { Int(time(nil)) },
    sleep: @escaping @Sendable (Int) -> Void = { usleep(UInt32($0) * 1000) }
  ) {
    self.configuration = configuration
    self.http = http
    self.now = now
    self.sleep = sleep
  }

  /// The whole object, refused as soon as it proves larger than `maxBytes`.
  public func getObject(bucket: String, key: String, maxBytes: Int) throws(S3Error) -> [UInt8] {
    try send(method: "GET", bucket: bucket, key: key, maxBytes: maxBytes).body
  }

  /// The whole object with its ETag and version. With `versionId`, that version of it, even after
  /// the key was written again; with `ifMatch`, only an object with that ETag: another is
  /// `.changed`, never returned.
  public func getObject(bucket: String, key: String, maxBytes: Int, ifMatch: String?, versionId: String? = nil)
    throws(S3Error) -> FetchedObject
  {
    let response = try send(
      method: "GET", bucket: bucket, key: key, maxBytes: maxBytes, query: Self.versionQuery(versionId),
      headers: ifMatch.map { [HTTPHeader("If-Match", $0)] } ?? [])
    return FetchedObject(
      bytes: response.body, etag: response.header("etag"), versionId: response.header("x-amz-version-id"))
  }

  static func versionQuery(_ versionId: String?) -> [(String, String)] {
    versionId.map { [("versionId", $0)] } ?? []
  }

  /// Every version and delete marker under `prefix` (ListObjectVersions, every page): what erasure
  /// deletes so that no earlier version of an image outlives it.
  public func listVersions(bucket: String, prefix: String) throws(S3Error) -> [ObjectVersion] {
    var versions: [ObjectVersion] = []
    var marker: (key: String, version: String)?
    repeat {
      var query = [("prefix", prefix), ("versions", "")]
      if let marker { query += [("key-marker", marker.key), ("version-id-marker", marker.version)] }
      let response = try send(method: "GET", bucket: bucket, key: "", maxBytes: 4 << 20, query: query)
      let page = VersionPage(response.body)
      versions += page.versions
      marker = page.next
    } while marker != nil
    return versions
  }

  /// The keys under `prefix` (ListObjectsV2, every page).
  public func listKeys(bucket: String, prefix: String) throws(S3Error) -> [String] {
    var keys: [String] = []
    var token: String?
    repeat {
      var query = [("list-type", "2"), ("prefix", prefix)]
      if let token { query.append(("continuation-token", token)) }
      let response = try send(method: "GET", bucket: bucket, key: "", maxBytes: 4 << 20, query: query)
      let page = ListPage(response.body)
      keys += page.keys
      token = page.nextToken
    } while token != nil
    return keys
  }

  /// Deletes an object, or with `versionId` that version of it for good; deleting one that is not
  /// there succeeds (S3 answers 204 either way).
  public func deleteObject(bucket: String, key: String, versionId: String? = nil) throws(S3Error) {
    _ = try send(method: "DELETE", bucket: bucket, key: key, maxBytes: 64 * 1024, query: Self.versionQuery(versionId))
  }

  public func headObject(bucket: String, key: String, versionId: String? = nil) throws(S3Error) -> ObjectInfo {
    let response = try send(
      method: "HEAD", bucket: bucket, key: key, maxBytes: nil, query: Self.versionQuery(versionId))
    return ObjectInfo(
      size: Int(response.header("content-length") ?? "") ?? 0, contentType: response.header("content-type"),
      etag: response.header("etag"), versionId: response.header("x-amz-version-id"))
  }

  /// A presigned GET URL for the object (SigV4 query signing), valid `expires` seconds from now;
  /// with `versionId`, for that version only, whatever the key holds later.
  public func presignedGetURL(bucket: String, key: String, expires: Int, versionId: String? = nil) -> String {
    let target = location(bucket: bucket, key: key)
    let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
    let query = signer.presignedQuery(
      path: target.path, host: target.host, amzDate: AmzDate.string(epochSeconds: now()), expires: expires,
      extraQuery: Self.versionQuery(versionId))
    return target.url + "?" + query
  }

  // MARK: Requests

  /// Where an object lives: the URL to request and the `host` header to sign.
  public func location(bucket: String, key: String) -> (url: String, host: String, path: String) {
    let (scheme, authority) = endpointParts()
    let encodedKey = URIEncoding.encode(key, keepSlash: true)
    if configuration.pathStyle {
      let path = "/\(URIEncoding.encode(bucket))/\(encodedKey)"
      return ("\(scheme)://\(authority)\(path)", authority, path)
    }
    let host = "\(bucket).\(authority)"
    return ("\(scheme)://\(host)/\(encodedKey)", host, "/\(encodedKey)")
  }

  /// Where a browser fetches the bucket's objects from: the origin of every presigned URL
  /// (what a page's Content-Security-Policy allows images from).
  public func origin(bucket: String) -> String {
    Self.origin(
      endpoint: configuration.endpoint, region: configuration.region, bucket: bucket, pathStyle: configuration.pathStyle
    )
  }

  /// The same without a client: no credentials are needed to know where objects are served from.
  public static func origin(endpoint: String?, region: String, bucket: String, pathStyle: Bool? = nil) -> String {
    let (scheme, authority) = endpointParts(endpoint: endpoint, region: region)
    return pathStyle ?? (endpoint != nil) ? "\(scheme)://\(authority)" : "\(scheme)://\(bucket).\(authority)"
  }

  func endpointParts() -> (scheme: String, authority: String) {
    Self.endpointParts(endpoint: configuration.endpoint, region: configuration.region)
  }

  static func endpointParts(endpoint: String?, region: String) -> (scheme: String, authority: String) {
    guard var endpoint else {
      return ("https", "s3.\(region).amazonaws.com")
    }
    while endpoint.hasSuffix("/") { endpoint.removeLast() }
    if let range = endpoint.firstRange(of: "://") {
      return (String(endpoint[..<range.lowerBound]), String(endpoint[range.upperBound...]))
    }
    return ("https", endpoint)
  }

  func signedRequest(method: String, bucket: String, key: String, query: [(String, String)] = []) -> HTTPRequest {
    let target = location(bucket: bucket, key: key)
    let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
    let request = SigV4Signer.Request(
      method: method, path: target.path, query: query, headers: [("host", target.host)],
      payloadHash: Digest.emptySHA256)
    let added = signer.sign(request, amzDate: AmzDate.string(epochSeconds: now()))
    let headers = [HTTPHeader("Host", target.host)] + added.map { HTTPHeader($0.0, $0.1) }
    let url = query.isEmpty ? target.url : target.url + "?" + signer.canonicalQuery(query)
    return HTTPRequest(method: method, url: url, headers: headers)
  }

  /// Sends with retries: connection failures, timeouts, 5xx and 503 SlowDown are retried with
  /// full-jitter exponential backoff; 4xx never is. Each attempt is signed afresh.
  func send(
    method: String, bucket: String, key: String, maxBytes: Int?, query: [(String, String)] = [],
    headers: [HTTPHeader] = []
  ) throws(S3Error) -> HTTPResponse {
    let response: HTTPResponse
    do {
      response = try attempts(
        method: method, bucket: bucket, key: key, maxBytes: maxBytes, query: query, headers: headers)
    } catch {
      switch error {
      case .serverError(let response): throw Self.error(for: response)
      case .transport(.bodyTooLarge(let limit)): throw .tooLarge(limit: limit)
      case .transport(let error): throw .unavailable("\(error)")
      }
    }
    guard (200..<300).contains(response.status) else { throw Self.error(for: response) }
    return response
  }

  /// The attempts of `send`, each signed afresh, under the retry policy.
  func attempts(
    method: String, bucket: String, key: String, maxBytes: Int?, query: [(String, String)], headers: [HTTPHeader]
  ) throws(Attempt) -> HTTPResponse {
    try retry.run(sleep: sleep, retryable: \.isTransient) { () throws(Attempt) -> HTTPResponse in
      // Headers outside the signature (`If-Match`) ride along unsigned, as SigV4 allows.
      var request = signedRequest(method: method, bucket: bucket, key: key, query: query)
      request.headers += headers
      let response: HTTPResponse
      do throws(HTTPError) {
        response = try http.send(request, maxBodyBytes: maxBytes)
      } catch {
        throw .transport(error)
      }
      if response.status >= 500 { throw .serverError(response) }
      return response
    }
  }

  /// Why one attempt of `send` failed: a 5xx answer (retried, then its error), or the transport.
  enum Attempt: Error {
    case serverError(HTTPResponse)
    case transport(HTTPError)

    var isTransient: Bool {
      switch self {
      case .serverError: return true
      case .transport(let error): return error.isTransient
      }
    }
  }

  /// Full jitter under 100 ms doubling to at most a second: a failed GET costs the function little.
  var retry: RetryPolicy {
    RetryPolicy(maxAttempts: configuration.maxAttempts, baseMs: 100, capMs: 1_000, jitter: .full)
  }

  static func error(for response: HTTPResponse) -> S3Error {
    let body = S3ErrorBody(response.body)
    switch (response.status, body?.code) {
    case (412, _), (_, "PreconditionFailed"): return .changed
    case (_, "NoSuchKey"), (404, nil): return .noSuchKey
    case (_, "NoSuchBucket"): return .noSuchBucket
    case (403, let code): return .accessDenied(code: code ?? "AccessDenied")
    case (_, "AccessDenied"), (_, "SignatureDoesNotMatch"), (_, "InvalidAccessKeyId"), (_, "InvalidToken"),
      (_, "ExpiredToken"):
      return .accessDenied(code: body?.code ?? "AccessDenied")
    case (let status, let code) where status >= 500: return .unavailable("HTTP \(status) \(code ?? "")")
    case (let status, let code): return .failed(status: status, code: code ?? "")
    }
  }
}

extension S3Client {
  /// A browser-style upload of one object (a presigned POST): the URL to send the form to and
  /// the fields to send before the file. S3 accepts it until `expires` seconds from now, for
  /// exactly `key`, as `contentType`, of 1 to `maxBytes` bytes.
  public func presignedPost(bucket: String, key: String, contentType: String, maxBytes: Int, expires: Int) -> (
    url: String, fields: [(String, String)]
  ) {
    let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
    let start = now()
    let amzDate = AmzDate.string(epochSeconds: start)
    let policy = PostPolicy(
      bucket: bucket, key: key, contentType: contentType, contentLength: 1...maxBytes,
      expiration: AmzDate.iso8601(epochSeconds: start + expires))
    let (scheme, authority) = endpointParts()
    let url =
      configuration.pathStyle
      ? "\(scheme)://\(authority)/\(URIEncoding.encode(bucket))" : "\(scheme)://\(bucket).\(authority)/"
    return (url, policy.fields(signer: signer, amzDate: amzDate))
  }

  /// Stores an object (what a client app does before calling the upload operations; the local
  /// runner's `upload` command uses it). Signed over the payload's SHA-256; retried like reads.
  public func putObject(bucket: String, key: String, bytes: [UInt8], contentType: String) throws(S3Error) {
    let target = location(bucket: bucket, key: key)
    let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
    let headers = [("host", target.host), ("content-type", contentType)]
    let request = SigV4Signer.Request(
      method: "PUT", path: target.path, headers: headers, payloadHash: Digest.hex(Digest.sha256(bytes)))
    let added = signer.sign(request, amzDate: AmzDate.string(epochSeconds: now()))
    let response: HTTPResponse
    do {
      response = try http.send(
        HTTPRequest(
          method: "PUT", url: target.url, headers: (headers + added).map { HTTPHeader($0.0, $0.1) }, body: bytes))
    } catch {
      throw .unavailable("\(error)")
    }
    guard (200..<300).contains(response.status) else { throw Self.error(for: response) }
  }
}

import KYCJSON
import KYCModel

/// An API Gateway HTTP API event, payload format 2.0 — the fields this service reads.
public struct HTTPEvent: Decodable, Sendable {
  public struct RequestContext: Decodable, Sendable {
    public struct HTTP: Decodable, Sendable {
      public var method: String?
      public var path: String?
    }
    public struct Authorizer: Decodable, Sendable {
      public struct JWT: Decodable, Sendable {
        public var claims: [String: JSONValue]?
        public var scopes: [String]?
      }
      public var jwt: JWT?
      /// A Lambda authorizer's context (simple responses): what it vouched for.
      public var lambda: [String: JSONValue]? = nil
    }
    public var requestId: String?
    /// The host the request reached the API at (API Gateway's, or a custom domain).
    public var domainName: String? = nil
    /// The API stage (`v1`), or `$default`.
    public var stage: String?
    public var http: HTTP?
    public var authorizer: Authorizer?
  }

  public var version: String?
  public var routeKey: String?
  public var rawPath: String?
  public var rawQueryString: String?
  /// Header names as sent by API Gateway (lower case); see `header(_:)`.
  public var headers: [String: String]?
  public var queryStringParameters: [String: String]?
  public var pathParameters: [String: String]?
  public var body: String?
  public var isBase64Encoded: Bool?
  public var requestContext: RequestContext?

  public init(
    routeKey: String, headers: [String: String] = [:], queryStringParameters: [String: String]? = nil,
    pathParameters: [String: String]? = nil, body: String? = nil, claims: [String: JSONValue]? = nil,
    requestId: String = "test-request"
  ) {
    self.version = "2.0"
    self.routeKey = routeKey
    self.headers = headers
    self.queryStringParameters = queryStringParameters
    self.pathParameters = pathParameters
    self.body = body
    self.isBase64Encoded = false
    self.requestContext = RequestContext(
      requestId: requestId, stage: nil, http: nil,
      authorizer: claims.map { RequestContext.Authorizer(jwt: .init(claims: $0, scopes: nil)) })
  }

  public var requestId: String { requestContext?.requestId ?? "" }

  /// A header by name, case-insensitively.
  public func header(_ name: String) -> String? {
    guard let headers else { return nil }
    if let value = headers[name] { return value }
    let lower = name.lowercased()
    return headers.first { $0.key.lowercased() == lower }?.value
  }

  /// JWT claims placed by the authorizer, or `nil` when the request carries none.
  public var claims: [String: JSONValue]? { requestContext?.authorizer?.jwt?.claims }
}

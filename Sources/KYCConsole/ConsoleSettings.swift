import KYCConfiguration
import S3Client

/// What the review console needs to know about its deployment: how admins sign in, where the
/// images come from (for the Content-Security-Policy), and the match threshold it shows scores
/// against. Read from the environment the functions share, so the page cannot disagree with them.
public struct ConsoleSettings: Sendable, Equatable {
  public enum SignIn: String, Sendable, Codable {
    /// kyc-local's development sign-in (`POST /console/dev-sign-in`); never offered in AWS.
    case development
    /// The Cognito hosted UI: OAuth 2.0 authorization code with PKCE.
    case cognito
    /// Nothing configured: the page says so.
    case none
  }

  public var signIn: SignIn
  /// `https://host` of the Cognito hosted UI, when `signIn` is `.cognito`.
  public var cognitoDomain: String?
  public var cognitoClientId: String?
  public var cognitoScopes: String
  /// The origin presigned image links point at.
  public var imageOrigin: String
  public var matchThreshold: Double
  /// The `cognito:groups` value of admins: the page tells a coach's account it has no access.
  public var adminGroup: String

  public init(
    signIn: SignIn, cognitoDomain: String? = nil, cognitoClientId: String? = nil,
    cognitoScopes: String = "openid email", imageOrigin: String, matchThreshold: Double,
    adminGroup: String = "kyc-admin"
  ) {
    self.signIn = signIn
    self.cognitoDomain = cognitoDomain
    self.cognitoClientId = cognitoClientId
    self.cognitoScopes = cognitoScopes
    self.imageOrigin = imageOrigin
    self.matchThreshold = matchThreshold
    self.adminGroup = adminGroup
  }

  /// `KYC_CONSOLE_SIGN_IN` (`development`, `cognito`; default `cognito` when a domain is set,
  /// else `none`), `KYC_COGNITO_DOMAIN`, `KYC_COGNITO_CLIENT_ID`, `KYC_COGNITO_SCOPES`, and the
  /// functions' own bucket, region, S3 endpoint and match threshold.
  public init(environment: [String: String]) throws(ConfigurationError) {
    func value(_ name: String) -> String? {
      guard let text = environment[name]?.filter({ !$0.isWhitespace }), !text.isEmpty else { return nil }
      return text
    }
    let configuration = try Configuration(environment: environment)
    let domain = try value("KYC_COGNITO_DOMAIN").map { text throws(ConfigurationError) in try Self.httpsOrigin(text) }
    let mode = value("KYC_CONSOLE_SIGN_IN") ?? (domain == nil ? "none" : "cognito")
    guard let signIn = SignIn(rawValue: mode) else {
      throw ConfigurationError("KYC_CONSOLE_SIGN_IN", "must be development, cognito or none")
    }
    let clientId = value("KYC_COGNITO_CLIENT_ID")
    if signIn == .cognito {
      guard domain != nil, let clientId, clientId.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
      else {
        throw ConfigurationError("KYC_COGNITO_CLIENT_ID", "and KYC_COGNITO_DOMAIN must be set for cognito sign-in")
      }
    }
    self.init(
      signIn: signIn, cognitoDomain: domain, cognitoClientId: clientId,
      cognitoScopes: value("KYC_COGNITO_SCOPES") ?? "openid email",
      imageOrigin: S3Client.origin(
        endpoint: configuration.s3Endpoint, region: configuration.region, bucket: configuration.bucket),
      matchThreshold: configuration.matchThreshold,
      adminGroup: configuration.adminGroup)
  }

  /// `auth.example.com` or `https://auth.example.com/` as `https://auth.example.com`. Only host
  /// characters pass: the value goes into a security header and a redirect.
  static func httpsOrigin(_ text: String) throws(ConfigurationError) -> String {
    var host = Substring(text)
    if host.hasPrefix("https://") { host = host.dropFirst(8) }
    while host.hasSuffix("/") { host = host.dropLast() }
    let allowed = host.allSatisfy {
      ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" || $0 == ":"
    }
    guard !host.isEmpty, allowed, !text.hasPrefix("http://") else {
      throw ConfigurationError("KYC_COGNITO_DOMAIN", "must be an https host name")
    }
    return "https://\(host)"
  }
}

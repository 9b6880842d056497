import HTTPTransport

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The functions' configuration, read from the environment once, at start-up, and checked there:
/// a function whose settings are wrong does not start (`ConfigurationError`) rather than fail on
/// a request. Parsing is pure so every rule here is testable without a process
/// ([docs/configuration.md](../../docs/configuration.md)).
public struct Configuration: Sendable, Equatable {
  public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case dynamoDB(table: String)
  }

  public var store: StoreLocation
  public var bucket: String
  public var region: String
  public var s3Endpoint: String?
  public var dynamoDBEndpoint: String?
  public var adminGroup: String
  public var maxAttempts: Int
  public var matchThreshold: Double
  public var maxImageBytes: Int
  public var maxImagePixels: Int
  public var modelsDirectory: String
  /// The key of the risk-signal index's keyed hashes (HMAC-SHA256), at least 32 bytes.
  public var signalKey: [UInt8]
  /// Holders younger than this on the day of the check raise `underage`.
  public var minimumAge: Int
  /// Whether `signalKey` is the development key because `KYC_SIGNAL_KEY` is not set.
  public var usesDevelopmentSignalKey: Bool
  /// Unusable images (not a JPEG, undecodable, an analysis that crashed or timed out) one
  /// verification may take; past it, uploads are refused without analysis.
  public var maxUnusableImages: Int
  /// Seconds an upload function holds a verification's analysis marker: one analysis at a time.
  public var analysisLeaseSeconds: Int
  /// Verifications one coach may create in 24 hours.
  public var maxVerificationsPerDay: Int
  /// Seconds a presigned image link of `getVerificationImages` stays valid.
  public var imageURLTTL: Int
  /// Seconds an upload slot of `createUploadSlot` accepts its upload.
  public var uploadURLTTL: Int
  /// Seconds a capture session's token works (`KYC_CAPTURE_TTL`, 15 minutes by default).
  public var captureTTL: Int
  /// The capture page's address, which capture links open (`KYC_CAPTURE_PAGE_URL`); unset, the
  /// API's own console at the request's domain and stage.
  public var capturePageURL: String?
  /// Where the trusted CSCAs of chip verification come from (`KYC_CSCA_TRUST`, see `ChipTrustSources`).
  public var cscaTrust: String
  /// Days after completion before a verification's personal data is erased.
  public var retentionDays: Int
  /// Days a verification may wait on its coach without a change before it is closed as abandoned.
  public var abandonedDays: Int
  /// Where events go, signed with what, retried how; `nil` when no subscriber is configured.
  public var webhook: Webhook?
  /// Whether changes write their events to the outbox (`KYC_EVENTS`, `on` unless `off`). The
  /// template turns it off when no webhook is configured: nobody would ever take them out.
  public var writesEvents: Bool

  public struct Webhook: Sendable, Equatable {
    public var url: String
    /// The bytes of `KYC_WEBHOOK_SECRET`, the key deliveries are signed with.
    public var key: [UInt8]
    public var policy: RetryPolicy
  }

  /// Used when `KYC_SIGNAL_KEY` is not set: for development only, and said so in a log line.
  /// The template requires a real key in AWS (an index keyed with a known key could be searched
  /// by trying document numbers).
  public static let developmentSignalKey = "kyc-development-signal-key-not-for-production-use"

  public init(environment: [String: String]) throws(ConfigurationError) {
    func value(_ name: String) -> String? {
      guard let text = environment[name], !text.isEmpty else { return nil }
      return text
    }
    func integer(_ setting: Setting, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
      guard let text = value(setting.rawValue) else { return fallback }
      guard let number = Int(text), range.contains(number) else {
        throw ConfigurationError(setting, "must be an integer in \(range)")
      }
      return number
    }

    let store = value("KYC_STORE") ?? "sqlite:.kyc/kyc.sqlite"
    if store.hasPrefix("sqlite:"), store.count > 7 {
      self.store = .sqlite(path: String(store.dropFirst(7)))
    } else if store.hasPrefix("dynamodb:"), store.count > 9 {
      self.store = .dynamoDB(table: String(store.dropFirst(9)))
    } else {
      throw ConfigurationError(.store, "must be sqlite:<path> or dynamodb:<table>")
    }
    bucket = value("KYC_BUCKET") ?? "kyc-uploads"
    region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1"
    s3Endpoint = value("AWS_ENDPOINT_URL_S3") ?? value("AWS_ENDPOINT_URL")
    dynamoDBEndpoint = value("AWS_ENDPOINT_URL_DYNAMODB") ?? value("AWS_ENDPOINT_URL")
    adminGroup = value("KYC_ADMIN_GROUP") ?? "kyc-admin"
    maxAttempts = try integer(.maxAttempts, default: 3, range: 1...100)
    if let text = value("KYC_MATCH_THRESHOLD") {
      guard let threshold = Double(text), (0...1).contains(threshold) else {
        throw ConfigurationError(.matchThreshold, "must be a number in 0...1")
      }
      matchThreshold = threshold
    } else {
      matchThreshold = 0.8
    }
    maxImageBytes = try integer(.maxImageBytes, default: 10 * 1024 * 1024, range: 1...(100 * 1024 * 1024))
    maxImagePixels = try integer(.maxImagePixels, default: 40_000_000, range: 10_000...200_000_000)
    modelsDirectory = value("KYC_MODELS_DIR") ?? ".kyc/models"
    let key = value("KYC_SIGNAL_KEY") ?? Self.developmentSignalKey
    guard key.utf8.count >= 32 else { throw ConfigurationError(.signalKey, "must be at least 32 bytes") }
    signalKey = Array(key.utf8)
    usesDevelopmentSignalKey = key == Self.developmentSignalKey
    maxUnusableImages = try integer(.maxUnusableImages, default: 10, range: 1...1000)
    analysisLeaseSeconds = try integer(.analysisLease, default: 45, range: 5...900)
    maxVerificationsPerDay = try integer(.maxVerificationsPerDay, default: 5, range: 1...1000)
    minimumAge = try integer(.minimumAge, default: 18, range: 0...120)
    imageURLTTL = try integer(.imageURLTTL, default: 300, range: 1...3600)
    uploadURLTTL = try integer(.uploadURLTTL, default: 300, range: 1...3600)
    captureTTL = try integer(.captureTTL, default: 900, range: 60...86_400)
    capturePageURL = value("KYC_CAPTURE_PAGE_URL")
    cscaTrust = value("KYC_CSCA_TRUST") ?? ""
    if let page = capturePageURL, !page.hasPrefix("https://"), !page.hasPrefix("http://") {
      throw ConfigurationError(.capturePageURL, "must be an http(s) URL")
    }
    retentionDays = try integer(.retentionDays, default: 30, range: 1...3650)
    abandonedDays = try integer(.abandonedDays, default: 30, range: 1...3650)
    switch value("KYC_EVENTS") ?? "on" {
    case "on": writesEvents = true
    case "off": writesEvents = false
    default: throw ConfigurationError(.events, "must be on or off")
    }
    let policy = RetryPolicy(
      maxAttempts: try integer(.webhookMaxAttempts, default: 8, range: 1...50),
      baseMs: try integer(.webhookBackoff, default: 2_000, range: 1...3_600_000))
    if let url = value("KYC_WEBHOOK_URL") {
      guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
        throw ConfigurationError(.webhookURL, "must be an http(s) URL")
      }
      guard let key = value("KYC_WEBHOOK_SECRET").flatMap(Self.webhookKey(secret:)) else {
        throw ConfigurationError(.webhookSecret, "must be whsec_ followed by the base64 of 24 to 64 bytes")
      }
      webhook = Webhook(url: url, key: key, policy: policy)
    } else {
      webhook = nil
    }
  }

  /// `whsec_<base64>` of 24 to 64 bytes, as Standard Webhooks writes secrets. Anything else is
  /// refused rather than guessed at: a secret mistyped without its prefix would otherwise sign
  /// with other bytes than the receiver verifies with.
  public static func webhookKey(secret: String) -> [UInt8]? {
    guard secret.hasPrefix("whsec_"), let bytes = Data(base64Encoded: String(secret.dropFirst(6))),
      (24...64).contains(bytes.count)
    else { return nil }
    return Array(bytes)
  }
}

import Hashing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A Standard Webhooks signature (standardwebhooks.com): HMAC-SHA256 with the secret's bytes
/// over `<webhook-id>.<webhook-timestamp>.<body>`, sent base64-encoded as `v1,<signature>`.
/// Pure, so receivers' checks can be pinned against it.
public struct WebhookSignature: Sendable, Equatable {
  public let key: [UInt8]

  /// The secret's bytes (`Configuration.webhookKey(secret:)` reads `whsec_<base64>`).
  public init(key: [UInt8]) {
    self.key = key
  }

  public func signature(id: String, timestamp: Int, body: [UInt8]) -> String {
    let message = Array("\(id).\(timestamp).".utf8) + body
    return "v1," + Data(Digest.hmacSHA256(key: key, message)).base64EncodedString()
  }

  /// The headers a delivery carries.
  public func headers(id: String, timestamp: Int, body: [UInt8]) -> [(String, String)] {
    [
      ("webhook-id", id), ("webhook-timestamp", String(timestamp)),
      ("webhook-signature", signature(id: id, timestamp: timestamp, body: body)),
    ]
  }
}

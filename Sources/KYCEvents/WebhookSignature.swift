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

  /// `whsec_<base64>` of 24 to 64 bytes, as the specification writes secrets. Anything else is
  /// refused rather than guessed at: a secret mistyped without its prefix would otherwise sign
  /// with other bytes than the receiver verifies with.
  public init?(secret: String) {
    guard secret.hasPrefix("whsec_"), let bytes = Data(base64Encoded: String(secret.dropFirst(6))),
      (24...64).contains(bytes.count)
    else { return nil }
    key = Array(bytes)
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

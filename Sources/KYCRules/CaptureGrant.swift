/// A capture session as stored with its verification: only the SHA-256 of its token (hex), never
/// the token, and when it stops working.
public struct CaptureGrant: Codable, Sendable, Equatable {
  /// Lower-case hex SHA-256 of the token.
  public var tokenHash: String
  /// When it stops working, as RFC 3339 (shown) and as seconds since 1970 (compared).
  public var expiresAt: String
  public var expiresAtSeconds: Int

  public init(tokenHash: String, expiresAt: String, expiresAtSeconds: Int) {
    self.tokenHash = tokenHash
    self.expiresAt = expiresAt
    self.expiresAtSeconds = expiresAtSeconds
  }
}

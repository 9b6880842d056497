/// The Active Authentication challenge of `createChipNonce` (an addition to the LE-KO spec):
/// eight random bytes as base64, for the app to send to the chip; single use, until `expiresAt`.
public struct ChipNonce: Codable, Sendable, Equatable {
  public var nonce: String
  public var expiresAt: String

  public init(nonce: String, expiresAt: String) {
    self.nonce = nonce
    self.expiresAt = expiresAt
  }
}

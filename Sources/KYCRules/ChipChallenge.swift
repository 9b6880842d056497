/// An Active Authentication challenge as stored with its verification: the nonce (base64; a
/// challenge, not a secret, once sent) and when it stops being accepted.
public struct ChipChallenge: Codable, Sendable, Equatable {
  public var nonce: String
  public var expiresAtSeconds: Int

  public init(nonce: String, expiresAtSeconds: Int) {
    self.nonce = nonce
    self.expiresAtSeconds = expiresAtSeconds
  }
}

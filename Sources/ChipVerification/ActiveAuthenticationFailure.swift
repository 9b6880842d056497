/// Why Active Authentication did not prove the chip genuine.
public enum ActiveAuthenticationFailure: Error, Equatable, Sendable {
  /// DG15 holds no public key libcrypto reads, or one of another kind than RSA or EC.
  case unsupportedKey
  /// The signature does not verify over the challenge with DG15's key.
  case signatureInvalid
}

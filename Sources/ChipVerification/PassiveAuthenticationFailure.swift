/// Why passive authentication refused a chip's data: one case per reason.
public enum PassiveAuthenticationFailure: Error, Equatable, Sendable {
  /// The EF.SOD does not parse as ICAO 9303 says.
  case malformed(String)
  /// The SOD carries no certificate with a usable key.
  case signerNotFound
  /// No certificate the SOD carries verifies its signature, or the signed messageDigest is not the
  /// digest of the LDS Security Object.
  case signatureInvalid
  /// No CSCA of the trust store issued the Document Signer.
  case unknownIssuer
  /// The Document Signer or its CSCA had expired at the verification time.
  case certificateExpired
  /// The Document Signer or its CSCA was not yet valid at the verification time.
  case notYetValid
  /// The data group does not hash to the value the SOD lists.
  case dataGroupMismatch(Int)
  /// The SOD lists no hash for the data group.
  case dataGroupNotListed(Int)
}

/// What passive authentication established about a chip's data.
public struct PassiveAuthenticationResult: Equatable, Sendable {
  /// The Document Signer's subject, `C=…, O=…, CN=…`.
  public let signerSubject: String
  /// The Document Signer's country (its subject's C).
  public let issuingCountry: String?
  /// The CSCA that issued the Document Signer.
  public let cscaSubject: String
  /// The hash algorithm of the data groups (the LDS Security Object's).
  public let dataGroupHashAlgorithm: HashAlgorithm
  /// The SignerInfo's digest and signature algorithms.
  public let signatureDigestAlgorithm: HashAlgorithm
  public let signatureAlgorithm: String
  /// The data groups whose hashes were checked, ascending.
  public let checkedDataGroups: [Int]
}

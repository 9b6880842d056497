/// Passive authentication (ICAO 9303-11 §5.1) of what a phone read from a chip: the EF.SOD's
/// signature, the Document Signer's chain to a trusted CSCA, and the data groups' hashes.
public struct PassiveAuthentication: Sendable {
  public let trustStore: TrustStore

  public init(trustStore: TrustStore) { self.trustStore = trustStore }

  /// Verifies `sod` and the `dataGroups` read with it (number to the data group's bytes, tag
  /// included) at `time`, seconds since 1970. The data groups are checked before the chain so that
  /// a changed data group is named even when its signer is unknown; any failure refuses the whole.
  public func verify(sod: [UInt8], dataGroups: [Int: [UInt8]], at time: Int) throws(PassiveAuthenticationFailure)
    -> PassiveAuthenticationResult
  {
    let object: SecurityObject
    do throws(MalformedData) { object = try SecurityObject(sod) } catch { throw .malformed(error.reason) }
    let signer = try PassiveAuthentication.documentSigner(of: object.signedData)
    let checked = try PassiveAuthentication.checkDataGroups(dataGroups, against: object)
    let csca = try trustedIssuer(of: signer, at: time)
    for certificate in [signer, csca] {
      if time < certificate.notBefore { throw .notYetValid }
      if time > certificate.notAfter { throw .certificateExpired }
    }
    return PassiveAuthenticationResult(
      signerSubject: signer.subject, issuingCountry: signer.country, cscaSubject: csca.subject,
      dataGroupHashAlgorithm: object.hashAlgorithm, signatureDigestAlgorithm: object.signedData.digestAlgorithm,
      signatureAlgorithm: object.signedData.signatureAlgorithm, checkedDataGroups: checked)
  }

  /// EF.CardSecurity (ICAO 9303-11 §9.2.4): a CMS SignedData over the chip's SecurityInfos, not
  /// wrapped as the SOD is, signed by a Document Signer: its signature, and its signer's chain to
  /// a trusted CSCA at its signing time (else `time`), as for the SOD. Answers the signer's subject.
  public func verifyCardSecurity(_ bytes: [UInt8], at time: Int) throws(PassiveAuthenticationFailure) -> String {
    let signedData: SignedData
    do throws(MalformedData) {
      signedData = try SignedData(DER(bytes))
      guard signedData.contentType == "0.4.0.127.0.7.3.2.1" else {
        throw MalformedData("EF.CardSecurity: content is not SecurityInfos")
      }
    } catch {
      throw .malformed(error.reason)
    }
    let signer = try PassiveAuthentication.documentSigner(of: signedData)
    let at = min(signedData.signingTime ?? time, time)
    let csca = try trustedIssuer(of: signer, at: at)
    for certificate in [signer, csca] {
      if at < certificate.notBefore { throw .notYetValid }
      if at > certificate.notAfter { throw .certificateExpired }
    }
    return signer.subject
  }

  /// The certificate among those the SignedData carries whose key verifies its signature. Each is
  /// tried rather than matched by the SignerInfo's sid: some issuers encode the sid differently
  /// from the certificate (the Malaysian SOD names its issuer in another order).
  static func documentSigner(of signedData: SignedData) throws(PassiveAuthenticationFailure) -> Certificate {
    guard signedData.signedContentType == signedData.contentType else { throw .signatureInvalid }
    // The signature covers the signed attributes; their messageDigest binds the content.
    guard signedData.digestAlgorithm.digest(signedData.content) == signedData.messageDigest else {
      throw .signatureInvalid
    }
    var usable = false
    // A SOD carries its Document Signer and rarely more: a few tried, not as many as it lists.
    for certificate in signedData.certificates.prefix(maxCertificatesTried) {
      switch Libcrypto.signerInfo(of: signedData.contentInfo, verifiesWith: certificate) {
      case .verified: return certificate
      case .badSignature: usable = true
      case .malformed, .nameMismatch, .notCertificationAuthority: continue
      }
    }
    throw usable ? .signatureInvalid : .signerNotFound
  }

  /// How many of the certificates a SignedData carries are tried as its signer.
  static let maxCertificatesTried = 4

  /// Every data group provided hashes to the value the SOD lists; one it does not list is refused.
  static func checkDataGroups(_ dataGroups: [Int: [UInt8]], against object: SecurityObject)
    throws(PassiveAuthenticationFailure) -> [Int]
  {
    for number in dataGroups.keys.sorted() {
      guard let expected = object.dataGroupHashes[number] else { throw .dataGroupNotListed(number) }
      guard object.hashAlgorithm.digest(dataGroups[number]!) == expected else { throw .dataGroupMismatch(number) }
    }
    return dataGroups.keys.sorted()
  }

  /// A trusted CSCA that issued `signer`: one valid at `time` if there is one (a renewed CSCA
  /// can share its predecessor's name and key), else any, whose validity the caller then refuses.
  func trustedIssuer(of signer: Certificate, at time: Int) throws(PassiveAuthenticationFailure) -> Certificate {
    let issuers = trustStore.issuers(of: signer)
    guard let first = issuers.first else { throw .unknownIssuer }
    return issuers.first { $0.isValid(at: time) } ?? first
  }
}

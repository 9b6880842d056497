/// A CMS SignedData (RFC 5652) with one SignerInfo, as an EF.SOD and a CSCA master list carry it:
/// the encapsulated content, the certificates, and what the signer signed.
struct SignedData: Sendable {
  static let signedDataType = "1.2.840.113549.1.7.2"
  static let contentTypeAttribute = "1.2.840.113549.1.9.3"
  static let messageDigestAttribute = "1.2.840.113549.1.9.4"
  static let signingTimeAttribute = "1.2.840.113549.1.9.5"

  /// The ContentInfo's DER, which libcrypto verifies.
  let contentInfo: [UInt8]
  let contentType: String
  let content: [UInt8]
  let certificates: [Certificate]
  let digestAlgorithm: HashAlgorithm
  let signatureAlgorithm: String
  let messageDigest: [UInt8]
  /// The contentType signed attribute (RFC 5652 requires it equal to `contentType`).
  let signedContentType: String
  /// Seconds since 1970, if the signer put a signingTime attribute.
  let signingTime: Int?
  /// Where the signature value lies in the bytes parsed (for tests that damage it).
  let signatureRange: Range<Int>

  /// Reads the ContentInfo `element`.
  init(_ element: DER) throws(MalformedData) {
    let info = try element.expect(DER.sequence, "ContentInfo").children()
    guard info.count == 2, try info[0].objectIdentifier() == SignedData.signedDataType, info[1].tag == 0xA0 else {
      throw MalformedData("ContentInfo: SignedData expected")
    }
    let fields = try info[1].explicitContent("ContentInfo content").expect(DER.sequence, "SignedData").children()
    guard fields.count >= 4 else { throw MalformedData("SignedData: fields missing") }
    let encapsulated = try fields[2].expect(DER.sequence, "encapContentInfo").children()
    guard encapsulated.count == 2, encapsulated[1].tag == 0xA0 else {
      throw MalformedData("encapContentInfo: content missing")
    }
    contentType = try encapsulated[0].objectIdentifier()
    content = try encapsulated[1].explicitContent("eContent").octets("eContent")

    var certificates: [Certificate] = []
    var rest = fields[3...]
    if let first = rest.first, first.tag == 0xA0 {
      for certificate in try first.children() where certificate.tag == DER.sequence {
        certificates.append(try Certificate(der: certificate.elementBytes))
      }
      rest = rest.dropFirst()
    }
    if rest.first?.tag == 0xA1 { rest = rest.dropFirst() }  // crls: none are used here
    guard rest.count == 1, let signerInfos = try rest.first?.expect(DER.set, "signerInfos").children(),
      signerInfos.count == 1
    else { throw MalformedData("SignedData: exactly one SignerInfo expected") }
    self.certificates = certificates

    let signer = try signerInfos[0].expect(DER.sequence, "SignerInfo").children()
    guard signer.count >= 5 else { throw MalformedData("SignerInfo: fields missing") }
    let digestOID = try signer[2].expect(DER.sequence, "digestAlgorithm").children().first?.objectIdentifier()
    guard let digestOID, let digest = HashAlgorithm(oid: digestOID) else {
      throw MalformedData("SignerInfo: unsupported digest algorithm \(digestOID ?? "")")
    }
    digestAlgorithm = digest
    // ICAO 9303 requires signed attributes: the signature covers them, not the content directly.
    guard signer[3].tag == 0xA0, signer.count >= 6 else { throw MalformedData("SignerInfo: signed attributes missing") }
    var messageDigest: [UInt8]?
    var signedContentType: String?
    var signingTime: Int?
    for attribute in try signer[3].children() {
      let parts = try attribute.expect(DER.sequence, "attribute").children()
      guard parts.count == 2 else { throw MalformedData("attribute: type and values expected") }
      let values = try parts[1].expect(DER.set, "attribute values").children()
      guard values.count == 1 else { throw MalformedData("attribute: one value expected") }
      switch try parts[0].objectIdentifier() {
      case SignedData.messageDigestAttribute:
        messageDigest = try values[0].expect(DER.octetString, "messageDigest").contentBytes
      case SignedData.contentTypeAttribute: signedContentType = try values[0].objectIdentifier()
      case SignedData.signingTimeAttribute: signingTime = try values[0].time()
      default: break
      }
    }
    guard let messageDigest, let signedContentType else {
      throw MalformedData("signed attributes: messageDigest and contentType required")
    }
    self.messageDigest = messageDigest
    self.signedContentType = signedContentType
    self.signingTime = signingTime
    let algorithm = try signer[4].expect(DER.sequence, "signatureAlgorithm").children().first?.objectIdentifier()
    signatureAlgorithm = SignedData.signatureName(algorithm ?? "")
    signatureRange = try signer[5].expect(DER.octetString, "signature").content
    contentInfo = element.elementBytes
  }

  /// A readable name of a SignerInfo signatureAlgorithm; the dotted OID when unknown.
  static func signatureName(_ oid: String) -> String {
    switch oid {
    case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12",
      "1.2.840.113549.1.1.13", "1.2.840.113549.1.1.14":
      "RSA PKCS#1 v1.5"
    case "1.2.840.113549.1.1.10": "RSA-PSS"
    case "1.2.840.10045.2.1", "1.2.840.10045.4.1", "1.2.840.10045.4.3.1", "1.2.840.10045.4.3.2",
      "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4":
      "ECDSA"
    default: oid
    }
  }
}

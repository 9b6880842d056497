/// The fields of an X.509 certificate that passive authentication reads; the DER is kept for the
/// signature checks libcrypto makes.
public struct Certificate: Sendable, Hashable {
  public let der: [UInt8]
  /// The subject as `C=…, O=…, CN=…` in the certificate's order.
  public let subject: String
  public let issuer: String
  /// The subject's countryName, if any.
  public let country: String?
  public let serialNumber: [UInt8]
  /// Seconds since 1970.
  public let notBefore: Int
  public let notAfter: Int

  public init(der: [UInt8]) throws(MalformedData) {
    let fields = try DER(der).expect(DER.sequence, "certificate").children()
    guard fields.count == 3 else { throw MalformedData("certificate: three fields expected") }
    var tbs = try fields[0].expect(DER.sequence, "tbsCertificate").children()
    // The version is an optional explicit [0].
    if tbs.first?.tag == 0xA0 { tbs.removeFirst() }
    guard tbs.count >= 6 else { throw MalformedData("tbsCertificate: fields missing") }
    self.der = der
    serialNumber = try tbs[0].expect(DER.integer, "serialNumber").contentBytes
    let issuerName = try tbs[2].expect(DER.sequence, "issuer")
    let validity = try tbs[3].expect(DER.sequence, "validity").children()
    let subjectName = try tbs[4].expect(DER.sequence, "subject")
    guard validity.count == 2 else { throw MalformedData("validity: two times expected") }
    notBefore = try validity[0].time()
    notAfter = try validity[1].time()
    let subjectAttributes = try Certificate.attributes(of: subjectName)
    subject = Certificate.describe(subjectAttributes)
    issuer = Certificate.describe(try Certificate.attributes(of: issuerName))
    country = subjectAttributes.first { $0.type == "2.5.4.6" }?.value
  }

  /// Whether `time` (seconds since 1970) lies within the validity period.
  public func isValid(at time: Int) -> Bool { notBefore <= time && time <= notAfter }

  /// The (type, value) pairs of a Name, in order; values that are not strings are shown as hex.
  static func attributes(of name: DER) throws(MalformedData) -> [(type: String, value: String)] {
    var out: [(type: String, value: String)] = []
    for rdn in try name.children() {
      for pair in try rdn.expect(DER.set, "relative distinguished name").children() {
        let parts = try pair.expect(DER.sequence, "attribute").children()
        guard parts.count == 2 else { throw MalformedData("attribute: type and value expected") }
        let value = parts[1]
        let text: String
        switch value.tag {
        // UTF8String, PrintableString, IA5String, TeletexString (read as Latin-1-ish bytes).
        case 0x0C, 0x13, 0x16, 0x14: text = String(decoding: value.contentBytes, as: UTF8.self)
        case 0x1E:  // BMPString: UTF-16BE
          let raw = value.contentBytes
          let units = stride(from: 0, to: raw.count - 1, by: 2).map { UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1]) }
          text = String(decoding: units, as: UTF16.self)
        default: text = "#" + value.contentBytes.map { String($0, radix: 16) }.joined()
        }
        out.append((try parts[0].objectIdentifier(), text))
      }
    }
    return out
  }

  static func describe(_ attributes: [(type: String, value: String)]) -> String {
    let names = [
      "2.5.4.6": "C", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.3": "CN", "2.5.4.5": "serialNumber",
      "2.5.4.7": "L", "2.5.4.8": "ST", "1.2.840.113549.1.9.1": "emailAddress",
    ]
    return attributes.map { "\(names[$0.type] ?? $0.type)=\($0.value)" }.joined(separator: ", ")
  }
}

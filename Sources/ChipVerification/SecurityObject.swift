/// An EF.SOD (ICAO 9303-10 §4.6.2): application tag 0x77 around a CMS SignedData whose content is
/// the LDS Security Object, the hashes of the chip's data groups. Parsing only; nothing verified.
public struct SecurityObject: Sendable {
  static let ldsSecurityObjectType = "2.23.136.1.1.1"

  /// The algorithm the data groups are hashed with.
  public let hashAlgorithm: HashAlgorithm
  /// The data-group number (1–16) to its hash value.
  public let dataGroupHashes: [Int: [UInt8]]
  /// The Document Signer certificate(s) the SOD carries.
  public var documentSigners: [Certificate] { signedData.certificates }
  /// The signingTime signed attribute (seconds since 1970), if present.
  public var signingTime: Int? { signedData.signingTime }
  let signedData: SignedData

  public init(_ bytes: [UInt8]) throws(MalformedData) {
    let wrapper = try DER(bytes)
    guard wrapper.tag == 0x77 else { throw MalformedData("EF.SOD: application tag 0x77 expected") }
    signedData = try SignedData(wrapper.explicitContent("EF.SOD"))
    guard signedData.contentType == SecurityObject.ldsSecurityObjectType else {
      throw MalformedData("EF.SOD: content is not an LDS Security Object")
    }
    // LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues, ldsVersionInfo OPTIONAL }
    let fields = try DER(signedData.content).expect(DER.sequence, "LDSSecurityObject").children()
    guard fields.count >= 3 else { throw MalformedData("LDSSecurityObject: fields missing") }
    guard (0...1).contains(try fields[0].smallInteger()) else {
      throw MalformedData("LDSSecurityObject: unknown version")
    }
    let oid = try fields[1].expect(DER.sequence, "hashAlgorithm").children().first?.objectIdentifier()
    guard let oid, let algorithm = HashAlgorithm(oid: oid) else {
      throw MalformedData("LDSSecurityObject: unsupported hash algorithm \(oid ?? "")")
    }
    hashAlgorithm = algorithm
    var hashes: [Int: [UInt8]] = [:]
    for entry in try fields[2].expect(DER.sequence, "dataGroupHashValues").children() {
      let parts = try entry.expect(DER.sequence, "DataGroupHash").children()
      guard parts.count == 2 else { throw MalformedData("DataGroupHash: number and value expected") }
      let number = try parts[0].smallInteger()
      let value = try parts[1].expect(DER.octetString, "dataGroupHashValue").contentBytes
      guard (1...16).contains(number), hashes[number] == nil else {
        throw MalformedData("DataGroupHash: data group \(number) out of range or repeated")
      }
      guard value.count == algorithm.digest([]).count else {
        throw MalformedData("DataGroupHash: hash of data group \(number) has the wrong length")
      }
      hashes[number] = value
    }
    dataGroupHashes = hashes
  }
}

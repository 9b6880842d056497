import Foundation
import Testing

@testable import ChipVerification

/// The data groups the chip check reads, and Active Authentication's checks, without a chip.
struct ChipDataGroupTests {
  @Test func theSpecimensDG1IsItsZoneInLines() throws {
    let group = try MRZDataGroup(ChipData.bytes("bsi-specimen/EF_DG1.bin"))
    #expect(group.lines.count == 2 && group.lines.allSatisfy { $0.count == 44 })
    #expect(group.lines[0].hasPrefix("P<D<<MUSTERMANN<<ERIKA"))
  }

  @Test func aDG1OfAnotherTagLengthOrAlphabetIsMalformed() {
    let zone = Array(String(repeating: "<", count: 88).utf8)
    #expect(throws: MalformedData.self) { try MRZDataGroup([0x62, 0x5B, 0x5F, 0x1F, 0x58] + zone) }
    #expect(throws: MalformedData.self) { try MRZDataGroup([0x61, 0x0A, 0x5F, 0x1F, 0x07] + Array("ABC<DEF".utf8)) }
    var lower = zone
    lower[3] = UInt8(ascii: "a")
    #expect(throws: MalformedData.self) { try MRZDataGroup([0x61, 0x5B, 0x5F, 0x1F, 0x58] + lower) }
    // A length beyond the bytes given.
    #expect(throws: MalformedData.self) { try MRZDataGroup([0x61, 0x82, 0x7F, 0xFF, 0x5F]) }
  }

  /// DG2 around one facial record of `image`, as ISO/IEC 19794-5 lays it out.
  static func portraitGroup(_ image: [UInt8], dataType: UInt8, blockLength: Int? = nil) -> [UInt8] {
    func be(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).reversed().map { UInt8((value >> (8 * $0)) & 0xFF) } }
    func tlv(_ tag: [UInt8], _ content: [UInt8]) -> [UInt8] {
      tag + (content.count < 0x80 ? [UInt8(content.count)] : [0x82] + be(content.count, 2)) + content
    }
    let block =
      be(blockLength ?? (32 + image.count), 4) + [UInt8](repeating: 0, count: 16) + [1, dataType]
      + [UInt8](repeating: 0, count: 10) + image
    let record = Array("FAC\0".utf8) + Array("010\0".utf8) + be(14 + block.count, 4) + be(1, 2) + block
    let template = tlv([0x7F, 0x60], tlv([0xA1], [0x80, 0x01, 0x01]) + tlv([0x5F, 0x2E], record))
    return tlv([0x75], tlv([0x7F, 0x61], [0x02, 0x01, 0x01] + template))
  }

  @Test func dg2GivesItsPortraitAndItsFormat() throws {
    let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 7, count: 200)
    let group = try PortraitDataGroup(Self.portraitGroup(jpeg, dataType: 0))
    #expect(group.format == .jpeg && group.image == jpeg)
    #expect(try PortraitDataGroup(Self.portraitGroup(jpeg, dataType: 1)).format == .jpeg2000)
    #expect(throws: MalformedData.self) { try PortraitDataGroup(Self.portraitGroup(jpeg, dataType: 2)) }
    // A block longer than the record.
    #expect(throws: MalformedData.self) {
      try PortraitDataGroup(Self.portraitGroup(jpeg, dataType: 0, blockLength: 4_000))
    }
  }

  @Test func activeAuthenticationReadsDG15sKeyAndRefusesAForeignSignature() throws {
    let dg15 = try ChipData.bytes("bsi-specimen/EF_DG15.bin")
    #expect(throws: ActiveAuthenticationFailure.signatureInvalid) {
      try ActiveAuthentication.verify(
        dg15: dg15, challenge: [1, 2, 3, 4, 5, 6, 7, 8], signature: [UInt8](repeating: 9, count: 128))
    }
    #expect(throws: ActiveAuthenticationFailure.unsupportedKey) {
      try ActiveAuthentication.verify(dg15: [0x6F, 0x02, 0x30, 0x00], challenge: [1], signature: [1])
    }
  }

  /// ISO/IEC 9796-2 scheme 1's recovered block, checked without the RSA step: the trailer names
  /// the hash, which covers the recovered part and the challenge.
  @Test func aRecoveredBlockNamesItsHashAndBindsTheChallenge() {
    let challenge: [UInt8] = [8, 7, 6, 5, 4, 3, 2, 1]
    let part = [UInt8](repeating: 0x5A, count: 106)
    let sha1 = [0x6A] + part + HashAlgorithm.sha1.digest(part + challenge) + [0xBC]
    #expect(ActiveAuthentication.recovered(sha1, challenge: challenge) == .sha1)
    let sha256 = [0x6A] + part + HashAlgorithm.sha256.digest(part + challenge) + [0x34, 0xCC]
    #expect(ActiveAuthentication.recovered(sha256, challenge: challenge) == .sha256)
    #expect(ActiveAuthentication.recovered(sha1, challenge: [0] + challenge.dropFirst()) == nil)
    #expect(ActiveAuthentication.recovered([0x4B] + sha1.dropFirst(), challenge: challenge) == nil)
    #expect(ActiveAuthentication.recovered(Array(sha256.dropLast()) + [0xCD], challenge: challenge) == nil)
  }
}

/// EF.CardSecurity of the German and Finnish chips in `../shared/chip`: signed by a Document
/// Signer that chains to the master lists, and refused once changed.
struct CardSecurityTests {
  @Test(arguments: ["de", "fi"]) func aRealCardSecurityVerifies(_ state: String) throws {
    let verifier = PassiveAuthentication(trustStore: try ChipData.trustStore.get())
    let bytes = try ChipData.bytes("real-sods/\(state).cardsecurity")
    let sod = try ChipData.bytes("real-sods/\(state).sod")
    let signer = try verifier.verifyCardSecurity(bytes, at: try ChipData.verificationTime(sod))
    #expect(signer.hasPrefix("C=\(state.uppercased())") || signer.contains("C=\(state.uppercased())"))
    var changed = bytes
    changed[changed.count - 3] ^= 0x01  // inside the signature value, the last field
    #expect(throws: PassiveAuthenticationFailure.signatureInvalid) {
      try verifier.verifyCardSecurity(changed, at: try ChipData.verificationTime(sod))
    }
    #expect(throws: PassiveAuthenticationFailure.self) { try verifier.verifyCardSecurity(sod, at: 0) }
  }
}

/// DG14's ActiveAuthenticationInfo names the ECDSA hash of Active Authentication.
struct ActiveAuthenticationInfoTests {
  static func dg14(_ algorithm: String?) -> [UInt8] {
    func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag, UInt8(content.count)] + content }
    func oid(_ dotted: String) -> [UInt8] {
      let parts = dotted.split(separator: ".").map { Int($0)! }
      var body: [UInt8] = [UInt8(parts[0] * 40 + parts[1])]
      for part in parts.dropFirst(2) {
        var chunk = [UInt8(part & 0x7F)]
        var rest = part >> 7
        while rest > 0 {
          chunk.insert(UInt8(0x80 | (rest & 0x7F)), at: 0)
          rest >>= 7
        }
        body += chunk
      }
      return tlv(0x06, body)
    }
    // A PACE info first, then the AA info (when asked for).
    var infos = tlv(0x30, oid("0.4.0.127.0.7.2.2.4.2.2") + [0x02, 0x01, 0x02])
    if let algorithm { infos += tlv(0x30, oid("2.23.136.1.1.5") + [0x02, 0x01, 0x01] + oid(algorithm)) }
    return tlv(0x6E, tlv(0x31, infos))
  }

  @Test func theInfoNamesTheHash() {
    #expect(ActiveAuthentication.ecdsaHash(dg14: Self.dg14("0.4.0.127.0.7.1.1.4.1.3")) == .sha256)
    #expect(ActiveAuthentication.ecdsaHash(dg14: Self.dg14("0.4.0.127.0.7.1.1.4.1.4")) == .sha384)
    #expect(ActiveAuthentication.ecdsaHash(dg14: Self.dg14(nil)) == nil)
    #expect(ActiveAuthentication.ecdsaHash(dg14: [0x6E, 0x01]) == nil)
  }

  @Test func theSpecimensDG14HasNoActiveAuthenticationInfo() throws {
    #expect(ActiveAuthentication.ecdsaHash(dg14: try ChipData.bytes("bsi-specimen/EF_DG14.bin")) == nil)
  }
}

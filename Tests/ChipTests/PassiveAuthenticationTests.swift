import Foundation
import Testing

@testable import ChipVerification

/// The shared chip test data (`/work/shared/chip/README.md`), never copied into the repository:
/// `KYC_CHIP_DATA`, else `../shared/chip` beside the package, else `/work/shared/chip`.
enum ChipData {
  static let folder: String = {
    if let configured = ProcessInfo.processInfo.environment["KYC_CHIP_DATA"], !configured.isEmpty {
      return configured
    }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let beside = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/chip").path
    return FileManager.default.fileExists(atPath: beside) ? beside : "/work/shared/chip"
  }()

  static func path(_ relative: String) -> String { folder + "/" + relative }

  static func bytes(_ relative: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path(relative))))
  }

  /// The German and Dutch master lists with their roots, and the three Indonesian CSCAs; loaded once.
  static let trustStore: Result<TrustStore, TrustStoreError> = Result { () throws(TrustStoreError) in
    try TrustStore.load(
      certificateFiles: ["2010-12_CSCA.cer", "2016-01_CSCA.cer", "2020-10_CSCA.cer"].map { path("master-lists/" + $0) },
      masterLists: [
        (path("master-lists/DE_ML_2026-05-28-08-28-45.ml"), path("master-lists/DE_ROOT_CA_CSCA07.cer")),
        (path("master-lists/NL_ML_2026-07-22.ml"), path("master-lists/NL_ROOT_CA.cer")),
      ])
  }

  static let realSODs = ["at", "de", "fi", "fr", "id", "my", "nz", "ph", "ru", "sg", "uk", "us"]

  /// A time inside the chain's validity: the signing time, else a day after the signer's notBefore.
  static func verificationTime(_ sod: [UInt8]) throws -> Int {
    let object = try SecurityObject(sod)
    return object.signingTime ?? (object.documentSigners.first!.notBefore + 86_400)
  }
}

@Suite struct PassiveAuthenticationTests {
  let verifier: PassiveAuthentication

  init() throws { verifier = PassiveAuthentication(trustStore: try ChipData.trustStore.get()) }

  /// All twelve real SODs pass signature and chain. If one stops passing, the message names it.
  @Test func realSODsPass() throws {
    var passed: [String] = []
    for name in ChipData.realSODs {
      let sod = try ChipData.bytes("real-sods/\(name).sod")
      do {
        let result = try verifier.verify(sod: sod, dataGroups: [:], at: try ChipData.verificationTime(sod))
        passed.append(name)
        #expect(result.checkedDataGroups.isEmpty)
        // The expectations say UK where the certificate says GB.
        let country = name == "uk" ? "GB" : name.uppercased()
        #expect(result.issuingCountry == country, "\(name): \(result.signerSubject)")
      } catch {
        Issue.record("\(name): \(error)")
      }
    }
    #expect(passed == ChipData.realSODs)
  }

  /// A flipped byte inside each SOD's signature value is refused as a broken signature.
  @Test func corruptedSignaturesAreRefused() throws {
    for name in ChipData.realSODs {
      var sod = try ChipData.bytes("real-sods/\(name).sod")
      let time = try ChipData.verificationTime(sod)
      let range = try SecurityObject(sod).signedData.signatureRange
      sod[range.lowerBound + range.count / 2] ^= 0x01
      #expect(throws: PassiveAuthenticationFailure.signatureInvalid, "\(name)") {
        try verifier.verify(sod: sod, dataGroups: [:], at: time)
      }
    }
  }

  /// A changed LDS Security Object (a data-group hash) no longer matches the signed messageDigest.
  @Test func changedHashIsRefused() throws {
    var sod = try ChipData.bytes("real-sods/de.sod")
    let time = try ChipData.verificationTime(sod)
    let object = try SecurityObject(sod)
    let hash = object.dataGroupHashes[1]!
    let at = try #require(sod.firstRange(of: hash))
    sod[at.lowerBound] ^= 0x80
    #expect(throws: PassiveAuthenticationFailure.signatureInvalid) {
      try verifier.verify(sod: sod, dataGroups: [:], at: time)
    }
  }

  /// The Austrian SOD with its certificates removed has no signer to verify with.
  @Test func sodWithoutCertificatesHasNoSigner() throws {
    let sod = try ChipData.bytes("real-sods/at.sod")
    let time = try ChipData.verificationTime(sod)
    let outer = try DER(sod)
    let contentInfo = try outer.children()[0]
    let explicit = try contentInfo.children()[1]
    let signedData = try explicit.children()[0]
    let certificates = try signedData.children()[3]
    try #require(certificates.tag == 0xA0)
    var stripped = sod
    stripped.removeSubrange(certificates.element)
    // The enclosing headers lie before the certificates; all use the two-byte length form.
    for node in [outer, contentInfo, explicit, signedData] {
      let header = node.element.lowerBound
      try #require(sod[header + 1] == 0x82)
      let length = node.content.count - certificates.element.count
      stripped[header + 2] = UInt8(length >> 8)
      stripped[header + 3] = UInt8(length & 0xFF)
    }
    #expect(try SecurityObject(stripped).documentSigners.isEmpty)
    #expect(throws: PassiveAuthenticationFailure.signerNotFound) {
      try verifier.verify(sod: stripped, dataGroups: [:], at: time)
    }
  }

  @Test func validityIsChecked() throws {
    let sod = try ChipData.bytes("real-sods/fr.sod")
    let signer = try SecurityObject(sod).documentSigners[0]
    #expect(throws: PassiveAuthenticationFailure.notYetValid) {
      try verifier.verify(sod: sod, dataGroups: [:], at: signer.notBefore - 1)
    }
    #expect(throws: PassiveAuthenticationFailure.certificateExpired) {
      try verifier.verify(sod: sod, dataGroups: [:], at: signer.notAfter + 1)
    }
  }

  @Test func malformedInputIsRefused() throws {
    let sod = try ChipData.bytes("real-sods/at.sod")
    for broken in [[], Array(sod.dropLast(10)), [0x30] + sod.dropFirst(), sod + [0]] {
      #expect {
        try verifier.verify(sod: broken, dataGroups: [:], at: 0)
      } throws: { error in
        if case .malformed = error as? PassiveAuthenticationFailure { return true }
        return false
      }
    }
  }

  @Test func securityObjectIsParsed() throws {
    let object = try SecurityObject(ChipData.bytes("bsi-specimen/EF_SOD.bin"))
    #expect(object.hashAlgorithm == .sha256)
    #expect(object.dataGroupHashes.keys.sorted() == [1, 2, 3, 4, 14])
    #expect(object.documentSigners.count == 1)
    #expect(object.signedData.signatureAlgorithm == "RSA-PSS")
    #expect(object.documentSigners[0].country == "DE")
  }
}

/// The BSI specimen: its data groups against its SOD; its CSCA is in no master list.
@Suite struct SpecimenDataGroupTests {
  let verifier: PassiveAuthentication
  let sod: [UInt8]
  let time: Int
  let dataGroups: [Int: [UInt8]]

  init() throws {
    verifier = PassiveAuthentication(trustStore: try ChipData.trustStore.get())
    sod = try ChipData.bytes("bsi-specimen/EF_SOD.bin")
    time = try ChipData.verificationTime(sod)
    dataGroups = [1: try ChipData.bytes("bsi-specimen/EF_DG1.bin"), 14: try ChipData.bytes("bsi-specimen/EF_DG14.bin")]
  }

  @Test func dataGroupsMatchTheirHashes() throws {
    let object = try SecurityObject(sod)
    #expect(try PassiveAuthentication.checkDataGroups(dataGroups, against: object) == [1, 14])
    // The data groups check out; the chain does not.
    #expect(throws: PassiveAuthenticationFailure.unknownIssuer) {
      try verifier.verify(sod: sod, dataGroups: dataGroups, at: time)
    }
  }

  @Test func unlistedDataGroupIsRefused() throws {
    var groups = dataGroups
    groups[15] = try ChipData.bytes("bsi-specimen/EF_DG15.bin")
    #expect(throws: PassiveAuthenticationFailure.dataGroupNotListed(15)) {
      try verifier.verify(sod: sod, dataGroups: groups, at: time)
    }
  }

  @Test func changedDataGroupIsRefused() throws {
    var groups = dataGroups
    groups[1]![10] ^= 0x01
    #expect(throws: PassiveAuthenticationFailure.dataGroupMismatch(1)) {
      try verifier.verify(sod: sod, dataGroups: groups, at: time)
    }
  }

  /// The specimen's signer verifies the signature (RSA-PSS) and is issued by no trusted CSCA.
  @Test func signerIsUnknown() throws {
    let object = try SecurityObject(sod)
    let signer = try PassiveAuthentication.documentSigner(of: object.signedData)
    #expect(signer.der == (try ChipData.bytes("bsi-specimen/dsc_de_0142fd5cf927.cer")))
    #expect(try ChipData.trustStore.get().issuers(of: signer).isEmpty)
  }
}

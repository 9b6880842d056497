import Foundation
import Testing

@testable import ChipVerification
@testable import KYCTestSupport

@Suite struct TrustStoreTests {
  @Test func masterListsAreLoaded() throws {
    let store = try ChipData.trustStore.get()
    // Hundreds of CSCAs from two lists, plus the three Indonesian ones.
    #expect(store.certificates.count > 300)
    #expect(store.certificates.contains { $0.country == "ID" })
    #expect(store.certificates.contains { $0.country == "NZ" })
  }

  /// A master list is trusted only with the root that signed it.
  @Test func masterListWithAnotherRootIsRefused() throws {
    let list = ChipData.path("master-lists/NL_ML_2026-07-22.ml")
    let wrongRoot = ChipData.path("master-lists/DE_ROOT_CA_CSCA07.cer")
    #expect(throws: TrustStoreError.masterListNotTrusted(path: list)) {
      try TrustStore.load(certificateFiles: [], masterLists: [(list, wrongRoot)])
    }
  }

  /// A master list whose content was changed no longer verifies.
  @Test func changedMasterListIsRefused() throws {
    var bytes = try ChipData.bytes("master-lists/NL_ML_2026-07-22.ml")
    let roots = try TrustStore.certificatesInFile(ChipData.path("master-lists/NL_ROOT_CA.cer"))
    #expect(try TrustStore.masterList(bytes, roots: roots).count > 0)
    bytes[bytes.count / 3] ^= 0x01
    #expect(throws: TrustStoreError.self) { try TrustStore.masterList(bytes, roots: roots) }
  }

  @Test func pemAndDERGiveTheSameCertificate() throws {
    let der = try ChipData.bytes("master-lists/2016-01_CSCA.cer")
    let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
    let pem = "-----BEGIN CERTIFICATE-----\n\(base64)\n-----END CERTIFICATE-----\n"
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("kyc-csca-\(UUID().uuidString).pem")
    try Data((pem + pem).utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let certificates = try TrustStore.certificatesInFile(file.path)
    #expect(certificates.count == 2)
    #expect(certificates.allSatisfy { $0.der == der })
    #expect(TrustStore(certificates: certificates).certificates.count == 1)
  }

  @Test func unreadableFileIsNamed() {
    #expect(throws: TrustStoreError.unreadable(path: "/nonexistent/csca.cer")) {
      try TrustStore.certificatesInFile("/nonexistent/csca.cer")
    }
  }
}

import ChipVerification
import CivilTime
import Foundation
import KYCChip
import KYCModel
import KYCRules
import MRZ
import Testing

/// Chip verification's rules: when a chip may be sent, the nonce, what a result raises; the MRZ
/// comparison; `KYC_CSCA_TRUST`; the request's bounds.
struct ChipRulesTests {
  let lifecycle = Lifecycle(maxAttempts: 3, matchThreshold: 0.8)

  func record(_ status: Status) -> VerificationRecord {
    var record = lifecycle.create(id: "v1", coachId: "c1", notes: nil, now: Date(timeIntervalSince1970: 1000))
    record.verification.status = status
    return record
  }

  @Test func aChipIsTakenFromTheSelfieUntilTheDecisionAndAsManyTimesAsAttempts() throws {
    for status in [Status.avatarVerified, .passportVerified, .adminReviewRequired] {
      try ChipAccess.checkSubmission(record(status), maxAttempts: 3)
    }
    for status in [Status.pending, .approved, .rejected] {
      #expect(throws: LifecycleError.self) { try ChipAccess.checkSubmission(record(status), maxAttempts: 3) }
    }
    var used = record(.adminReviewRequired)
    used.chipAttempts = 3
    #expect(throws: LifecycleError.self) { try ChipAccess.checkSubmission(used, maxAttempts: 3) }
  }

  @Test func aNonceIsLiveUntilItExpiresAndGoneOnceAChipIsRecorded() throws {
    let granted = try ChipAccess.grant(
      record(.avatarVerified), nonce: "AQIDBAUGBwg=", expiresAtSeconds: 2000, maxAttempts: 3)
    #expect(ChipAccess.liveChallenge(granted, now: 2000)?.nonce == "AQIDBAUGBwg=")
    #expect(ChipAccess.liveChallenge(granted, now: 2001) == nil)
    let result = ChipVerificationResult(
      checkedAt: "2026-01-01T00:00:00.000Z", passiveAuthentication: .passed, dataGroups: [1, 2])
    let after = ChipAccess.record(granted, result: result)
    #expect(after.chipChallenge == nil && after.chipAttempts == 1 && after.verification.chipVerification == result)
    #expect(after.verification.status == .avatarVerified && after.verification.riskSignals == [])
  }

  @Test func erasureKeepsTheChipsOutcomesOnly() {
    var result = ChipVerificationResult(checkedAt: "t", passiveAuthentication: .failed, dataGroups: [1, 2])
    (result.signer, result.csca, result.issuingCountry) = ("C=UT, CN=DS", "C=UT, CN=CSCA", "UT")
    (result.failureReason, result.failureDetails) = (.dataGroupMismatch, "DG1 does not hash to the EF.SOD's value")
    (result.portraitMatch, result.portraitMatchScore) = (.match, 0.93)
    var record = ChipAccess.record(record(.approved), result: result)
    record.chipChallenge = ChipChallenge(nonce: "AQIDBAUGBwg=", expiresAtSeconds: 1)
    let erased = Redaction.erase(record, at: "2026-12-07T00:00:00.000Z").record
    let chip = erased.verification.chipVerification
    #expect(chip?.passiveAuthentication == .failed && chip?.failureReason == .dataGroupMismatch)
    #expect(chip?.portraitMatch == .match && chip?.dataGroups == [1, 2])
    #expect(chip?.signer == nil && chip?.csca == nil && chip?.issuingCountry == nil)
    #expect(chip?.failureDetails == nil && chip?.portraitMatchScore == nil && erased.chipChallenge == nil)
  }

  @Test func eachFindingRaisesItsSignalAndAVerifiedChipNone() {
    var result = ChipVerificationResult(checkedAt: "t", passiveAuthentication: .passed, dataGroups: [1, 2])
    #expect(ChipAccess.signals(result).isEmpty)
    result.passiveAuthentication = .failed
    result.failureReason = .unknownIssuer
    #expect(ChipAccess.signals(result).map(\.code) == [.chipUnknownIssuer])
    result.failureReason = .dataGroupMismatch
    result.mrzComparison = .mismatch
    result.mismatchedFields = ["dateOfBirth"]
    result.portraitMatch = .mismatch
    result.activeAuthentication = .failed
    let codes = ChipAccess.signals(result).map(\.code)
    #expect(codes == [.chipSignatureInvalid, .chipDataMismatch, .chipDataMismatch, .chipSignatureInvalid])
    #expect(ChipAccess.signals(result).allSatisfy { $0.step == .passportVerification && $0.detectedAt == "t" })
  }

  let page = PassportData(
    firstName: "Jürgen", lastName: "Müller", passportNumber: "C01X00T47", dateOfBirth: "1974-08-12",
    issuedDate: "2012-04-16", placeOfBirth: "Köln", middleName: "", subdivision: "", nationality: "D", sex: "M",
    documentType: "P", issuingState: "D", expiryDate: "2032-04-15")

  func chip(surname: String = "MUELLER", number: String = "C01X00T47", birth: String = "740812") throws -> MRZDocument {
    let lines = [
      "P<D<<\(surname)<<JUERGEN".padding(toLength: 44, withPad: "<", startingAt: 0),
      MRZChecks.line2(number: number, state: "D", birth: birth, sex: "M", expiry: "320415"),
    ]
    guard
      case .success(let reading) = MRZParser(today: CalendarDate(year: 2026, month: 1, day: 1)!)
        .parse(lines.joined(separator: "\n"))
    else { throw MRZFailure.notFound }
    return reading.document
  }

  @Test func theChipsZoneMatchesAPageThatPrintsNamesWithAccents() throws {
    #expect(ChipMRZComparison.mismatchedFields(try chip(), page: page).isEmpty)
    #expect(ChipMRZComparison.mismatchedFields(try chip(surname: "MULLER"), page: page).isEmpty)
    #expect(ChipMRZComparison.mismatchedFields(try chip(surname: "MEIER"), page: page) == ["lastName"])
    #expect(ChipMRZComparison.mismatchedFields(try chip(birth: "750812"), page: page) == ["dateOfBirth"])
    #expect(ChipMRZComparison.mismatchedFields(try chip(number: "C01X00T48"), page: page) == ["passportNumber"])
  }

  @Test func theTrustSettingListsCertificatesAndMasterListsWithTheirRoots() throws {
    let sources = try ChipTrustSources(" /a.pem, s3://b/DE.ml|s3://b/DE_ROOT.cer ,,")
    #expect(sources.certificates == ["/a.pem"])
    #expect(
      sources.masterLists.map(\.list) == ["s3://b/DE.ml"] && sources.masterLists.map(\.root) == ["s3://b/DE_ROOT.cer"])
    #expect(try ChipTrustSources("").certificates.isEmpty)
    #expect(throws: (any Error).self) { try ChipTrustSources("a.ml|") }
    #expect(throws: (any Error).self) { try ChipTrustSources("a|b|c") }
    #expect(throws: (any Error).self) { try sources.load { _ in nil } }
    #expect(try ChipTrustSources("").load { _ in nil }.certificates.isEmpty)
  }

  /// `KYC_CSCA_TRUST` as a deployment writes it, over the shared master lists: the same CSCAs as
  /// the passive authentication tests load, and the real SODs pass against them.
  @Test func theSharedMasterListsLoadThroughTheSetting() throws {
    let lists = "master-lists/DE_ML_2026-05-28-08-28-45.ml|master-lists/DE_ROOT_CA_CSCA07.cer"
    let sources = try ChipTrustSources("\(lists), master-lists/2020-10_CSCA.cer")
    let store = try sources.load { try? ChipData.bytes($0) }
    #expect(store.certificates.count > 100)
    let sod = try ChipData.bytes("real-sods/de.sod")
    let passed = try PassiveAuthentication(trustStore: store).verify(
      sod: sod, dataGroups: [:], at: try ChipData.verificationTime(sod))
    #expect(passed.issuingCountry == "DE")
    // A list named with the wrong root is refused as a whole.
    #expect(throws: TrustStoreError.self) {
      try ChipTrustSources("master-lists/NL_ML_2026-07-22.ml|master-lists/DE_ROOT_CA_CSCA07.cer").load {
        try? ChipData.bytes($0)
      }
    }
  }

  @Test func aChipUploadIsBase64WithinEachGroupsBound() throws {
    let today = CalendarDate(year: 2026, month: 1, day: 1)!
    func decode(_ fields: [String: String]) throws -> ChipUploadRequest {
      try ChipUploadRequest.decode(Array(try JSONEncoder().encode(fields)), today: today)
    }
    let good = ["sod": "dwA=", "dg1": "YQA=", "dg2": "dQA="]
    let request = try decode(good)
    #expect(request.sodBytes == [0x77, 0] && request.dataGroups == [1: [0x61, 0], 2: [0x75, 0]])
    #expect(throws: ValidationError.self) { try decode(good.merging(["dg1": "%%%"]) { $1 }) }
    #expect(throws: ValidationError.self) { try decode(good.merging(["dg2": ""]) { $1 }) }
    #expect(throws: ValidationError.self) {
      try decode(good.merging(["dg1": Data(repeating: 1, count: 257).base64EncodedString()]) { $1 })
    }
    #expect(throws: ValidationError.self) { try decode(good.merging(["dg3": "AA=="]) { $1 }) }
    #expect(throws: ValidationError.self) { try decode(["sod": "dwA=", "dg1": "YQA="]) }
  }

  @Test func aChipWithEveryFileAtItsBoundFitsTheBody() throws {
    // The body must not refuse what the fields allow: every file at its bound, as base64.
    let fields = ChipUploadRequest.limits.mapValues { Data(repeating: 0, count: $0).base64EncodedString() }
    let body = Array(try JSONEncoder().encode(fields))
    #expect(body.count <= ChipUploadRequest.maxBodyBytes)
    #expect(ChipUploadRequest.maxBodyBytes == 328_044)
  }
}

/// TD3 second lines with their check digits, for zones made in tests.
enum MRZChecks {
  static func digit(_ text: String) -> String {
    let weights = [7, 3, 1]
    var sum = 0
    for (index, character) in text.enumerated() {
      let value: Int
      if let number = character.wholeNumberValue {
        value = number
      } else if character == "<" {
        value = 0
      } else {
        value = Int(character.asciiValue! - 55)
      }
      sum += value * weights[index % 3]
    }
    return String(sum % 10)
  }

  static func line2(number: String, state: String, birth: String, sex: String, expiry: String) -> String {
    let documentNumber = number.padding(toLength: 9, withPad: "<", startingAt: 0)
    let nationality = state.padding(toLength: 3, withPad: "<", startingAt: 0)
    let optional = String(repeating: "<", count: 14)
    let head =
      documentNumber + digit(documentNumber) + nationality + birth + digit(birth) + sex + expiry + digit(expiry)
      + optional + digit(optional)
    let composite =
      documentNumber + digit(documentNumber) + birth + digit(birth) + expiry + digit(expiry) + optional
      + digit(optional)
    return head + digit(composite)
  }
}

import CivilTime
import Hashing
import KYCModel
import KYCRules
import KYCRuntime
import KYCStore

/// The risk checks of the two upload steps: what each step found becomes `RiskSignal`s on the
/// verification and entries in the signal index, both saved in the step's own write. Documents
/// and selfies are looked up by keyed hashes (HMAC-SHA256 with `KYC_SIGNAL_KEY`), so the index
/// holds no document number, name or image in clear. Signals never decide: the verification
/// goes to an admin as it would without them.
struct RiskScreen {
  let store: any SignalIndex
  let key: [UInt8]
  let minimumAge: Int

  /// What a step adds: signals for the record, entries for the index.
  struct Findings {
    var signals: [RiskSignal] = []
    var index: [SignalIndexEntry] = []
  }

  // MARK: Keyed hashes

  /// The document's lookup key: issuing state and number, upper case, letters and digits only.
  func documentKey(issuingState: String, number: String) -> String {
    let normalised = (issuingState + ":" + number).uppercased().filter {
      $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ":")
    }
    return keyed("document:" + normalised)
  }

  /// One key per chunk of the selfie's perceptual hash.
  func selfieKeys(_ hash: UInt64) -> [String] {
    RiskRules.chunks(hash).enumerated().map { index, chunk in keyed("selfie:\(index):\(chunk)") }
  }

  func keyed(_ text: String) -> String {
    Digest.hex(Digest.hmacSHA256(key: key, Array(text.utf8)))
  }

  // MARK: Steps

  func avatar(_ record: VerificationRecord, findings: SelfieFindings, at: String) throws -> Findings {
    var found = Findings()
    func signal(_ code: RiskSignal.Code, _ details: String) {
      found.signals.append(RiskSignal(code: code, step: .avatarVerification, details: details, detectedAt: at))
    }
    if findings.showsDocument {
      signal(.selfieMatchesDocumentPhoto, "the selfie shows a travel document's machine readable zone")
    }
    if let hash = findings.perceptualHash {
      let keys = selfieKeys(hash)
      let earlier = RiskRules.sameSelfie(try lookup(keys), coachId: record.coachId)
      if let first = earlier.first {
        signal(
          .duplicateSelfie,
          "the same selfie image is on \(Self.count(earlier)) of another coach, first on \(Self.day(first.recordedAt))")
      }
      found.index = keys.map { entry($0, record, at) }
    }
    return found
  }

  func passport(
    _ record: VerificationRecord, outcome: PassportOutcome, match: MatchOutcome?, today: CalendarDate, at: String
  ) throws -> Findings {
    guard case .read(let data, _, _, let mismatched, _) = outcome else { return Findings() }
    var found = Findings()
    func signal(_ code: RiskSignal.Code, _ details: String) {
      found.signals.append(RiskSignal(code: code, step: .passportVerification, details: details, detectedAt: at))
    }
    let key = documentKey(issuingState: data.issuingState ?? "", number: data.passportNumber)
    let earlier = RiskRules.otherCoaches(try lookup([key]), coachId: record.coachId)
    if let first = earlier.first {
      signal(
        .duplicateDocument,
        "the same document (issuing state and number) is on \(Self.count(earlier)) of another coach,"
          + " first on \(Self.day(first.recordedAt))")
    }
    found.index = [entry(key, record, at)]
    if case .compared(_, let distance?, _) = match, distance < RiskRules.samePhotographDistance {
      let shown = (distance * 1000).rounded() / 1000
      signal(
        .selfieMatchesDocumentPhoto,
        "the selfie's face is the passport portrait itself (descriptor distance \(shown), below"
          + " \(RiskRules.samePhotographDistance) where two photos of one person never fall)")
    }
    if !mismatched.isEmpty {
      signal(
        .documentDataMismatch,
        "the printed page contradicts the machine readable zone: \(mismatched.joined(separator: ", "))")
    }
    if let birth = CalendarDate(data.dateOfBirth),
      RiskRules.isUnderage(birth: birth, today: today, minimumAge: minimumAge)
    {
      signal(.underage, "the holder is younger than \(minimumAge) on the day of the check")
    }
    return found
  }

  /// A coach's correction screened as a reading of the corrected data would be, when it changes
  /// what the checks look at; fields the MRZ's check digits protected that the correction
  /// changes count as the printed data contradicting the MRZ. Names no check digit protects, but
  /// a renamed holder is what an impostor's correction looks like: changed names (beyond case
  /// and accents, which the MRZ cannot write) are a signal of their own, naming the fields.
  func correction(_ record: VerificationRecord, corrected: PassportData, today: CalendarDate, at: String)
    throws -> Findings
  {
    guard let read = record.verification.passportVerification?.passportData else { return Findings() }
    func signal(_ details: String) -> RiskSignal {
      RiskSignal(code: .documentDataMismatch, step: .passportVerification, details: details, detectedAt: at)
    }
    var found = Findings()
    let renamed = [
      ("lastName", corrected.lastName, read.lastName), ("firstName", corrected.firstName, read.firstName),
      ("middleName", corrected.middleName, read.middleName),
    ].filter { TextRule.mrzSpelling($0.1) != TextRule.mrzSpelling($0.2) }.map(\.0)
    if !renamed.isEmpty {
      found.signals.append(
        signal("the coach's correction changes the names read from the document: " + renamed.joined(separator: ", ")))
    }
    var changed: [String] = []
    if corrected.passportNumber != read.passportNumber { changed.append("passportNumber") }
    if corrected.dateOfBirth != read.dateOfBirth { changed.append("dateOfBirth") }
    let stateChanged = (corrected.issuingState ?? read.issuingState) != read.issuingState
    guard !changed.isEmpty || stateChanged else { return found }
    var screened = corrected
    screened.issuingState = corrected.issuingState ?? read.issuingState
    let again = try passport(
      record, outcome: .read(screened, confidence: 0, missingFields: [], mismatchedFields: []), match: nil,
      today: today, at: at)
    found.signals += again.signals
    found.index = again.index
    if !changed.isEmpty {
      found.signals.append(
        signal(
          "the coach's correction changes what the machine readable zone's check digits protect: "
            + changed.joined(separator: ", ")))
    }
    return found
  }

  func lookup(_ keys: [String]) throws(StoreError) -> [SignalIndexEntry] {
    try store.lookup(keys: keys)
  }

  func entry(_ key: String, _ record: VerificationRecord, _ at: String) -> SignalIndexEntry {
    SignalIndexEntry(key: key, verificationId: record.id, coachId: record.coachId, recordedAt: at)
  }

  static func count(_ entries: [SignalIndexEntry]) -> String {
    let verifications = Set(entries.map(\.verificationId)).count
    return verifications == 1 ? "a verification" : "\(verifications) verifications"
  }

  /// The day of a timestamp: when, never whose.
  static func day(_ timestamp: String) -> String { String(timestamp.prefix(10)) }
}

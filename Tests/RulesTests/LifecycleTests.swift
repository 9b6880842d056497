import CivilTime
import KYCHandlers
import KYCModel
import KYCRuntime
import Testing

@testable import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct LifecycleTests {
  let lifecycle = Lifecycle(maxAttempts: 3, matchThreshold: 0.8)
  let now = Date(timeIntervalSince1970: 1_795_795_200)
  static let passport = PassportData(
    firstName: "Anna", lastName: "Eriksson", passportNumber: "L898902C3", dateOfBirth: "1974-08-12",
    issuedDate: "2012-04-16", placeOfBirth: "Zenith", middleName: "Maria", subdivision: "")

  func fresh() -> VerificationRecord {
    lifecycle.create(id: "v1", coachId: "c1", notes: nil, now: now)
  }

  func avatarVerified() throws -> VerificationRecord {
    try lifecycle.recordAvatar(fresh(), .human(nil), fileKey: "a.jpg", now: now)
  }

  /// The status a refusal states at the edge (`DomainErrors.swift`), `nil` for none.
  func statusCode(_ body: () throws(LifecycleError) -> Void) -> Int? {
    do {
      try body()
      return nil
    } catch {
      return error.status
    }
  }

  @Test func createStartsPendingAtTheAvatarStep() {
    let record = fresh()
    #expect(record.verification.status == .pending)
    #expect(record.verification.currentStep == .avatarVerification)
    #expect(record.verification.createdAt == "2026-11-27T16:00:00.000Z")
    #expect(record.isActive)
  }

  @Test func humanAvatarMovesToThePassportStep() throws {
    let record = try avatarVerified()
    #expect(record.verification.status == .avatarVerified)
    #expect(record.verification.currentStep == .passportVerification)
    #expect(record.verification.avatarVerification?.isHuman == true)
    #expect(record.avatarAttempts == 1)
    #expect(record.avatarFileKey == "a.jpg")
  }

  @Test func failedAvatarStaysPendingUntilTheLastAttemptRejects() throws {
    var record = fresh()
    for attempt in 1...2 {
      record = try lifecycle.recordAvatar(record, .notHuman("no face found"), fileKey: "cat.jpg", now: now)
      #expect(record.verification.status == .pending)
      #expect(record.avatarAttempts == attempt)
      #expect(record.verification.failureReason?.reason == .avatarNotHuman)
      #expect(record.verification.failureReason?.retryable == true)
      #expect(record.verification.avatarVerification?.errorMessage == "no face found")
    }
    record = try lifecycle.recordAvatar(record, .notHuman("no face found"), fileKey: "cat.jpg", now: now)
    #expect(record.verification.status == .rejected)
    #expect(record.verification.currentStep == .completed)
    #expect(record.verification.completedAt != nil)
    #expect(record.verification.failureReason?.retryable == false)
    #expect(!record.isActive)
    #expect(
      statusCode { () throws(LifecycleError) in
        _ = try lifecycle.recordAvatar(record, .human(nil), fileKey: "x", now: now)
      }
        == 409)
  }

  @Test func successAfterAFailureClearsTheFailure() throws {
    var record = try lifecycle.recordAvatar(fresh(), .notHuman("several faces"), fileKey: "g.jpg", now: now)
    record = try lifecycle.recordAvatar(record, .human(nil), fileKey: "a.jpg", now: now)
    #expect(record.verification.failureReason == nil)
    #expect(record.avatarAttempts == 2)
    #expect(lifecycle.status(of: record).progress.avatarVerified == .init(success: true, attempts: 2))
  }

  @Test func uploadsOutOfOrderAreConflicts() throws {
    let verified = try avatarVerified()
    #expect(statusCode { () throws(LifecycleError) in try lifecycle.checkAvatarUpload(verified) } == 409)
    #expect(statusCode { () throws(LifecycleError) in try lifecycle.checkPassportUpload(fresh()) } == 409)
    do {
      try lifecycle.checkPassportUpload(fresh())
    } catch {
      #expect(error.message.contains("avatar must be verified"))
    }
    let review = try lifecycle.recordPassport(
      verified, .read(Self.passport, confidence: 1, missingFields: []), match: .compared(score: 0.9), fileKey: "p",
      now: now)
    #expect(statusCode { () throws(LifecycleError) in try lifecycle.checkPassportUpload(review) } == 409)
  }

  @Test func readPassportWithAMatchGoesToAdminReview() throws {
    let record = try lifecycle.recordPassport(
      try avatarVerified(), .read(Self.passport, confidence: 0.97, missingFields: ["placeOfBirth"]),
      match: .compared(score: 0.91), fileKey: "p.jpg", now: now)
    #expect(record.verification.status == .adminReviewRequired)
    #expect(record.verification.currentStep == .adminReview)
    #expect(record.verification.imageMatchResult?.isMatched == true)
    #expect(record.verification.imageMatchResult?.matchScore == 0.91)
    #expect(record.verification.passportVerification?.missingFields == ["placeOfBirth"])
    #expect(record.verification.failureReason == nil)
    let status = lifecycle.status(of: record)
    #expect(status.nextStep == .completed)
    #expect(status.progress.imagesMatched)
    #expect(status.progress.passportVerified == .init(success: true, attempts: 1))
  }

  @Test func lowOrFailedMatchStillGoesToAdminReviewWithAReason() throws {
    let low = try lifecycle.recordPassport(
      try avatarVerified(), .read(Self.passport, confidence: 1, missingFields: []), match: .compared(score: 0.45),
      fileKey: "p", now: now)
    #expect(low.verification.status == .adminReviewRequired)
    #expect(low.verification.imageMatchResult?.isMatched == false)
    #expect(low.verification.failureReason?.reason == .imagesNoMatch)
    #expect(low.verification.failureReason?.details == "Match score 0.45 is below threshold 0.8")
    #expect(low.verification.failureReason?.step == .imageMatching)

    let failed = try lifecycle.recordPassport(
      try avatarVerified(), .read(Self.passport, confidence: 1, missingFields: []),
      match: .failed("no face on the passport"), fileKey: "p", now: now)
    #expect(failed.verification.status == .adminReviewRequired)
    #expect(failed.verification.failureReason?.reason == .imageProcessingError)
    #expect(failed.verification.imageMatchResult?.errorMessage == "no face on the passport")
  }

  @Test func scoreExactlyAtTheThresholdMatches() throws {
    let record = try lifecycle.recordPassport(
      try avatarVerified(), .read(Self.passport, confidence: 1, missingFields: []), match: .compared(score: 0.8),
      fileKey: "p", now: now)
    #expect(record.verification.imageMatchResult?.isMatched == true)
  }

  @Test func passportFailuresCountAttemptsAndRejectAtTheLimit() throws {
    var record = try avatarVerified()
    record = try lifecycle.recordPassport(record, .unreadable("no MRZ found"), match: nil, fileKey: "p", now: now)
    #expect(record.verification.status == .avatarVerified)
    #expect(record.verification.failureReason?.reason == .passportOCRFailed)
    #expect(record.verification.passportVerification?.ocrSuccess == false)
    record = try lifecycle.recordPassport(record, .invalid("check digit"), match: nil, fileKey: "p", now: now)
    #expect(record.verification.failureReason?.reason == .passportInvalidFormat)
    #expect(record.verification.status == .avatarVerified)
    record = try lifecycle.recordPassport(record, .invalid("expired"), match: nil, fileKey: "p", now: now)
    #expect(record.verification.status == .rejected)
    #expect(record.passportAttempts == 3)
    #expect(record.verification.failureReason?.retryable == false)
  }

  @Test func passportWithoutAComparisonWaitsAtImageMatching() throws {
    let record = try lifecycle.recordPassport(
      try avatarVerified(), .read(Self.passport, confidence: 1, missingFields: []), match: nil, fileKey: "p", now: now)
    #expect(record.verification.status == .passportVerified)
    #expect(record.verification.currentStep == .imageMatching)
    #expect(lifecycle.status(of: record).nextStep == .adminReview)
  }

  @Test func correctionsKeepTheOCRResult() throws {
    let review = try lifecycle.recordPassport(
      try avatarVerified(), .read(Self.passport, confidence: 1, missingFields: []), match: .compared(score: 0.9),
      fileKey: "p", now: now)
    var corrected = Self.passport
    corrected.placeOfBirth = "Zenith City"
    let record = try lifecycle.correctPassportData(review, corrected, now: now)
    #expect(record.verification.passportVerification?.passportData == Self.passport)
    #expect(record.verification.correctedPassportData == corrected)
    #expect(
      statusCode { () throws(LifecycleError) in _ = try lifecycle.correctPassportData(fresh(), corrected, now: now) }
        == 409)
  }

  @Test func correctionsAreBounded() throws {
    var record = try lifecycle.recordPassport(
      try avatarVerified(), .read(Self.passport, confidence: 1, missingFields: []), match: .compared(score: 0.9),
      fileKey: "p", now: now)
    for _ in 0..<Lifecycle.maxCorrections {
      record = try lifecycle.correctPassportData(record, Self.passport, now: now)
    }
    #expect(record.corrections == Lifecycle.maxCorrections)
    let over = record
    #expect(
      statusCode { () throws(LifecycleError) in _ = try lifecycle.correctPassportData(over, Self.passport, now: now) }
        == 409)
  }

  @Test func adminDecidesOnlyDuringReview() throws {
    let review = try lifecycle.recordPassport(
      try avatarVerified(), .read(Self.passport, confidence: 1, missingFields: []), match: .compared(score: 0.9),
      fileKey: "p", now: now)
    let approved = try lifecycle.decide(
      review, AdminDecision(approved: true, notes: "ok"), reviewerId: "admin-1", now: now)
    #expect(approved.verification.status == .approved)
    #expect(approved.verification.currentStep == .completed)
    #expect(approved.verification.completedAt != nil)
    #expect(approved.verification.adminApproval?.reviewerId == "admin-1")
    #expect(lifecycle.status(of: approved).nextStep == nil)
    let rejected = try lifecycle.decide(
      review, AdminDecision(approved: false, reason: .identityMismatch), reviewerId: "admin-1", now: now)
    #expect(rejected.verification.status == .rejected)
    #expect(rejected.verification.adminApproval?.reason == .identityMismatch)
    #expect(
      statusCode { () throws(LifecycleError) in
        _ = try lifecycle.decide(approved, AdminDecision(approved: true), reviewerId: "a", now: now)
      } == 409)
    #expect(
      statusCode { () throws(LifecycleError) in
        _ = try lifecycle.decide(fresh(), AdminDecision(approved: true), reviewerId: "a", now: now)
      } == 409)
    // Separation of duties: the coach of a verification, admin or not, does not decide it.
    let coach = review.verification.coachId
    #expect(
      statusCode { () throws(LifecycleError) in
        _ = try lifecycle.decide(review, AdminDecision(approved: true), reviewerId: coach, now: now)
      } == 403)
  }

  @Test func onlyAVerificationWaitingOnItsCoachIsAbandoned() throws {
    let waiting = try avatarVerified()
    let later = now.addingTimeInterval(31 * 86_400)
    let cutoff = Redaction.cutoff(retentionDays: 30, now: later)
    #expect(Lifecycle.isAbandoned(waiting, cutoff: cutoff))
    #expect(!Lifecycle.isAbandoned(waiting, cutoff: Redaction.cutoff(retentionDays: 30, now: now)))
    let closed = try lifecycle.abandon(waiting, now: later)
    #expect(closed.verification.status == .rejected && closed.verification.currentStep == .completed)
    #expect(closed.verification.abandonedAt == closed.verification.completedAt && !closed.isActive)
    #expect(closed.verification.adminApproval == nil)
    // The change is logged as such, with the system as its actor.
    let (logged, events) = ChangeLog.record(
      before: waiting, after: closed, actor: .system, at: closed.verification.updatedAt, newId: { "e1" })
    #expect(events.map(\.type) == [.abandoned] && logged.verification.history?.last?.status == .rejected)
    // Waiting on the admins is not the coach's abandonment.
    let review = try lifecycle.recordPassport(
      waiting, .read(Self.passport, confidence: 1, missingFields: []), match: .compared(score: 0.9), fileKey: "p",
      now: now)
    #expect(!Lifecycle.isAbandoned(review, cutoff: cutoff))
    #expect(statusCode { () throws(LifecycleError) in _ = try lifecycle.abandon(review, now: later) } == 409)
  }

  @Test func stepsFollowEachOther() {
    #expect(VerificationStep.initialize.next == .avatarVerification)
    #expect(VerificationStep.avatarVerification.next == .passportVerification)
    #expect(VerificationStep.adminReview.next == .completed)
    #expect(VerificationStep.completed.next == nil)
  }

  @Test func formatsScoresForDetails() {
    #expect(Lifecycle.twoDecimals(0.45) == "0.45")
    #expect(Lifecycle.twoDecimals(0.8) == "0.8")
    #expect(Lifecycle.twoDecimals(0.056) == "0.06")
    #expect(Lifecycle.twoDecimals(1) == "1.0")
  }
}

@Suite struct RiskRulesTests {
  @Test func ageIsCountedInFullYears() {
    let birth = CalendarDate("2008-12-04")!
    #expect(RiskRules.isUnderage(birth: birth, today: CalendarDate("2026-12-03")!, minimumAge: 18))
    #expect(!RiskRules.isUnderage(birth: birth, today: CalendarDate("2026-12-04")!, minimumAge: 18))
    #expect(!RiskRules.isUnderage(birth: birth, today: CalendarDate("2026-12-03")!, minimumAge: 17))
  }

  func entry(_ key: String, _ verification: String, _ coach: String, _ at: String = "2026-12-01") -> SignalIndexEntry {
    SignalIndexEntry(key: key, verificationId: verification, coachId: coach, recordedAt: at)
  }

  @Test func aSelfieIsTheSameWhenThreeOfItsFourChunksAgree() {
    let entries = [
      entry("a", "v1", "other"), entry("b", "v1", "other"), entry("c", "v1", "other"),
      entry("a", "v2", "third"), entry("b", "v2", "third"),
      entry("a", "v3", "me"), entry("b", "v3", "me"), entry("c", "v3", "me"), entry("d", "v3", "me"),
    ]
    #expect(RiskRules.sameSelfie(entries, coachId: "me").map(\.verificationId) == ["v1"])
  }

  @Test func documentsOfTheSameCoachAreNoDuplicate() {
    let entries = [entry("d", "v1", "me", "2026-11-01"), entry("d", "v2", "other", "2026-11-20")]
    #expect(RiskRules.otherCoaches(entries, coachId: "me").map(\.verificationId) == ["v2"])
    #expect(RiskRules.otherCoaches(entries, coachId: "other").map(\.verificationId) == ["v1"])
  }

  @Test func theHashIsCutIntoFourChunks() {
    #expect(RiskRules.chunks(0x0004_0003_0002_0001) == [1, 2, 3, 4])
  }
}

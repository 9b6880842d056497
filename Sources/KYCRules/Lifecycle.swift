import CivilTime
import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The verification lifecycle (the README's "Verification lifecycle") as pure functions: each
/// takes a record and the time, and returns the next record or the `LifecycleError` that forbids
/// the step. No I/O here.
public struct Lifecycle: Sendable {
  public var maxAttempts: Int
  public var matchThreshold: Double

  public init(maxAttempts: Int = 3, matchThreshold: Double = 0.8) {
    self.maxAttempts = maxAttempts
    self.matchThreshold = matchThreshold
  }

  public func create(id: String, coachId: String, notes: String?, now: Date) -> VerificationRecord {
    VerificationRecord(
      verification: Verification(id: id, coachId: coachId, notes: notes, createdAt: Timestamp.string(from: now)))
  }

  // MARK: Avatar

  public func checkAvatarUpload(_ record: VerificationRecord) throws(LifecycleError) {
    switch record.verification.status {
    case .pending: return
    case .approved, .rejected: throw .wrongState("verification is completed")
    default: throw .wrongState("avatar is already verified")
    }
  }

  /// Whether a slot for `purpose` may be handed out: not for a step already passed, nor once
  /// the verification is completed.
  public func checkUploadSlot(_ record: VerificationRecord, purpose: UploadSlotRequest.Purpose) throws(LifecycleError) {
    switch purpose {
    case .avatar: try checkAvatarUpload(record)
    case .passport, .passportBack:
      if record.verification.status == .pending { return }
      try checkPassportUpload(record)
    }
  }

  public func recordAvatar(
    _ record: VerificationRecord, _ outcome: AvatarOutcome, fileKey: String, pin: ImagePin? = nil, now: Date
  ) throws(LifecycleError) -> VerificationRecord {
    try checkAvatarUpload(record)
    let at = Timestamp.string(from: now)
    var next = record
    next.avatarAttempts += 1
    next.verification.updatedAt = at
    switch outcome {
    case .human(let face):
      next.verification.avatarVerification = AvatarVerification(isHuman: true, processedAt: at)
      next.avatarFace = face
      next.verification.status = .avatarVerified
      next.verification.currentStep = .passportVerification
      next.avatarFileKey = fileKey
      next.avatarETag = pin?.etag
      next.avatarVersionId = pin?.versionId
      clearFailure(of: .avatarVerification, in: &next)
    case .notHuman(let message):
      next.verification.avatarVerification = AvatarVerification(isHuman: false, processedAt: at, errorMessage: message)
      fail(
        &next, step: .avatarVerification, reason: .avatarNotHuman, details: message, attempts: next.avatarAttempts,
        at: at)
    }
    return next
  }

  // MARK: Passport and matching

  public func checkPassportUpload(_ record: VerificationRecord) throws(LifecycleError) {
    switch record.verification.status {
    case .avatarVerified: return
    case .pending: throw .wrongState("the avatar must be verified before the passport is uploaded")
    case .approved, .rejected: throw .wrongState("verification is completed")
    case .passportVerified, .adminReviewRequired: throw .wrongState("passport is already verified")
    }
  }

  /// Records a passport reading and, when the reading succeeded, the face comparison made in
  /// the same call. `match` is `nil` only when no comparison was made. `back` is a card's other
  /// side, read with it.
  public func recordPassport(
    _ record: VerificationRecord, _ outcome: PassportOutcome, match: MatchOutcome?, fileKey: String,
    pin: ImagePin? = nil, back: (fileKey: String, pin: ImagePin)? = nil, now: Date
  ) throws(LifecycleError) -> VerificationRecord {
    try checkPassportUpload(record)
    let at = Timestamp.string(from: now)
    var next = record
    next.verification.updatedAt = at
    if case .otherSide(let message) = outcome {
      // Not an attempt at the document: a side without its lines. Said, and counted nowhere.
      next.verification.passportVerification = PassportVerification(
        ocrSuccess: false, passportData: nil, processedAt: at, errorMessage: message, confidence: nil,
        missingFields: nil)
      next.verification.failureReason = VerificationFailure(
        step: .passportVerification, reason: .passportOCRFailed, occurredAt: at, details: message, retryable: true)
      return next
    }
    next.passportAttempts += 1
    switch outcome {
    case .read(let data, let confidence, let missing, let mismatched, let unconfirmed):
      next.verification.passportVerification = PassportVerification(
        ocrSuccess: true, passportData: data, processedAt: at, errorMessage: nil,
        confidence: confidence, missingFields: missing.isEmpty ? nil : missing,
        mismatchedFields: mismatched.isEmpty ? nil : mismatched,
        unconfirmedFields: unconfirmed.isEmpty ? nil : unconfirmed)
      next.verification.status = .passportVerified
      next.verification.currentStep = .imageMatching
      next.passportFileKey = fileKey
      next.passportETag = pin?.etag
      next.passportVersionId = pin?.versionId
      next.passportBackFileKey = back?.fileKey
      next.passportBackETag = back?.pin.etag
      next.passportBackVersionId = back?.pin.versionId
      clearFailure(of: .passportVerification, in: &next)
      if let match { recordMatch(&next, match, at: at) }
    case .unreadable(let message):
      failPassport(&next, reason: .passportOCRFailed, message: message, at: at)
    case .invalid(let message):
      failPassport(&next, reason: .passportInvalidFormat, message: message, at: at)
    case .otherSide:
      break  // handled above
    }
    return next
  }

  /// A match result always hands the verification to an admin; a failed or low match is
  /// recorded as the failure reason for the admin to weigh. The coach cannot retry it.
  func recordMatch(_ record: inout VerificationRecord, _ match: MatchOutcome, at: String) {
    record.verification.status = .adminReviewRequired
    record.verification.currentStep = .adminReview
    switch match {
    case .compared(let score, _, let portrait):
      record.passportPortrait = portrait
      let score = min(max(score, 0), 1)
      let matched = score >= matchThreshold
      record.verification.imageMatchResult = ImageMatchResult(
        isMatched: matched, matchScore: score, processedAt: at, errorMessage: nil)
      if !matched {
        record.verification.failureReason = VerificationFailure(
          step: .imageMatching, reason: .imagesNoMatch, occurredAt: at,
          details: "Match score \(Self.twoDecimals(score)) is below threshold \(Self.twoDecimals(matchThreshold))",
          retryable: false)
      }
    case .failed(let message):
      record.verification.imageMatchResult = ImageMatchResult(
        isMatched: false, matchScore: nil, processedAt: at, errorMessage: message)
      record.verification.failureReason = VerificationFailure(
        step: .imageMatching, reason: .imageProcessingError, occurredAt: at, details: message, retryable: false)
    }
  }

  func failPassport(_ record: inout VerificationRecord, reason: VerificationFailure.Reason, message: String, at: String)
  {
    record.verification.passportVerification = PassportVerification(
      ocrSuccess: false, passportData: nil, processedAt: at, errorMessage: message, confidence: nil, missingFields: nil)
    fail(
      &record, step: .passportVerification, reason: reason, details: message, attempts: record.passportAttempts, at: at)
  }

  // MARK: Corrections and the admin decision

  /// Corrections a verification takes. Every other write is bounded by the steps and their
  /// attempts, so this bounds the record and its history (a DynamoDB item stops at 400 KB).
  public static let maxCorrections = 20

  public func correctPassportData(_ record: VerificationRecord, _ data: PassportData, now: Date) throws(LifecycleError)
    -> VerificationRecord
  {
    guard [.passportVerified, .adminReviewRequired].contains(record.verification.status) else {
      throw .wrongState(
        "passport data can be corrected only after the passport is verified and before the admin decision")
    }
    guard (record.corrections ?? 0) < Self.maxCorrections else {
      throw .wrongState("a verification takes at most \(Self.maxCorrections) corrections")
    }
    let at = Timestamp.string(from: now)
    var next = record
    next.corrections = (record.corrections ?? 0) + 1
    next.verification.correctedPassportData = data
    next.verification.passportDataCorrectedAt = at
    next.verification.updatedAt = at
    return next
  }

  public func decide(_ record: VerificationRecord, _ decision: AdminDecision, reviewerId: String, now: Date)
    throws(LifecycleError) -> VerificationRecord
  {
    // Separation of duties: whoever went through a verification does not decide it.
    guard record.verification.coachId != reviewerId else {
      throw .notPermitted("an admin cannot decide a verification they created")
    }
    guard record.verification.status == .adminReviewRequired else {
      throw .wrongState("verification must be in admin_review_required status")
    }
    let at = Timestamp.string(from: now)
    var next = record
    next.verification.adminApproval = AdminApproval(
      approved: decision.approved, reason: decision.reason, notes: decision.notes, reviewerId: reviewerId)
    next.verification.status = decision.approved ? .approved : .rejected
    complete(&next, at: at)
    return next
  }

  // MARK: Abandonment

  /// Statuses that wait on the coach: a verification left in one of them is abandoned after a
  /// while. `admin_review_required` waits on the admins and is never abandoned.
  public static let waitingOnCoach: Set<Status> = [.pending, .avatarVerified, .passportVerified]

  /// Whether `record` waited on its coach without a change since before `cutoff`.
  public static func isAbandoned(_ record: VerificationRecord, cutoff: String) -> Bool {
    waitingOnCoach.contains(record.verification.status) && record.verification.updatedAt < cutoff
  }

  /// Closes a verification its coach left unfinished: rejected and completed at `now`, so the
  /// retention period runs from here and its personal data is erased like any other's.
  public func abandon(_ record: VerificationRecord, now: Date) throws(LifecycleError) -> VerificationRecord {
    guard Self.waitingOnCoach.contains(record.verification.status) else {
      throw .wrongState("only a verification waiting on its coach can be abandoned")
    }
    let at = Timestamp.string(from: now)
    var next = record
    next.verification.status = .rejected
    next.verification.abandonedAt = at
    complete(&next, at: at)
    return next
  }

  // MARK: Status

  public func status(of record: VerificationRecord) -> VerificationStatus {
    let v = record.verification
    return VerificationStatus(
      id: v.id, status: v.status, currentStep: v.currentStep,
      progress: .init(
        avatarVerified: .init(success: v.avatarVerification?.isHuman ?? false, attempts: record.avatarAttempts),
        passportVerified: .init(
          success: v.passportVerification?.ocrSuccess ?? false, attempts: record.passportAttempts),
        imagesMatched: v.imageMatchResult != nil),
      nextStep: v.currentStep.next, createdAt: v.createdAt, updatedAt: v.updatedAt)
  }

  // MARK: Helpers

  /// Records a failed attempt; the last allowed failure rejects the verification for good.
  func fail(
    _ record: inout VerificationRecord, step: VerificationStep, reason: VerificationFailure.Reason,
    details: String, attempts: Int, at: String
  ) {
    let exhausted = attempts >= maxAttempts
    record.verification.failureReason = VerificationFailure(
      step: step, reason: reason, occurredAt: at, details: details, retryable: !exhausted)
    if exhausted {
      record.verification.status = .rejected
      complete(&record, at: at)
    }
  }

  func complete(_ record: inout VerificationRecord, at: String) {
    record.verification.currentStep = .completed
    record.verification.completedAt = at
    record.verification.updatedAt = at
  }

  func clearFailure(of step: VerificationStep, in record: inout VerificationRecord) {
    if record.verification.failureReason?.step == step { record.verification.failureReason = nil }
  }

  static func twoDecimals(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    let text = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    return text.hasSuffix("0") ? String(text.dropLast()) : text
  }
}

/// The spec's `Verification`, as returned by the API. `correctedPassportData` and
/// `passportDataCorrectedAt` are extra properties: the coach's correction is kept beside the
/// OCR result, which stays on record unchanged. `riskSignals` (extra, admins only) lists what
/// the checks found for the reviewer; an empty list once checked and nothing found. `history`
/// (extra, admins only) records every change; `redactedAt` says when the personal data was erased;
/// `abandonedAt` when the verification was closed because its coach left it unfinished.
/// `etag` (extra) is the record's version as read, for `If-Match` on the admin decision.
public struct Verification: Codable, Sendable, Equatable {
  public var id: String
  public var coachId: String
  public var status: Status
  public var currentStep: VerificationStep
  public var avatarVerification: AvatarVerification?
  public var passportVerification: PassportVerification?
  public var imageMatchResult: ImageMatchResult?
  public var failureReason: VerificationFailure?
  public var adminApproval: AdminApproval?
  public var correctedPassportData: PassportData?
  public var passportDataCorrectedAt: String?
  public var notes: String?
  public var createdAt: String
  public var updatedAt: String
  public var completedAt: String?
  public var riskSignals: [RiskSignal]?
  public var history: [HistoryEntry]?
  public var redactedAt: String?
  public var abandonedAt: String?
  public var etag: String?
  /// What the chip's data showed (an addition), when the app sent it.
  public var chipVerification: ChipVerificationResult?

  public init(id: String, coachId: String, notes: String?, createdAt: String) {
    self.id = id
    self.coachId = coachId
    self.status = .pending
    self.currentStep = .avatarVerification
    self.notes = notes
    self.createdAt = createdAt
    self.updatedAt = createdAt
    self.riskSignals = []
    self.history = []
  }

  /// The verification as a coach may see it: the signals and the audit history are the
  /// reviewer's, and so are who decided and the exact match score and threshold — shown to the
  /// coach they would be an oracle for tuning a selfie until it passes.
  public var coachView: Verification {
    var copy = self
    copy.riskSignals = nil
    copy.history = nil
    copy.adminApproval?.reviewerId = nil
    copy.imageMatchResult?.matchScore = nil
    copy.chipVerification?.portraitMatchScore = nil
    if copy.failureReason?.reason == .imagesNoMatch {
      copy.failureReason?.details = Self.coachMatchDetails
    }
    return copy
  }

  /// What a coach reads of a failed comparison instead of the score against the threshold.
  public static let coachMatchDetails = "The face on the document does not match the selfie closely enough"
}

/// The spec's `AvatarVerification`.
public struct AvatarVerification: Codable, Sendable, Equatable {
  public var isHuman: Bool
  public var processedAt: String
  public var errorMessage: String?

  public init(isHuman: Bool, processedAt: String, errorMessage: String? = nil) {
    self.isHuman = isHuman
    self.processedAt = processedAt
    self.errorMessage = errorMessage
  }
}

/// The spec's `PassportVerification`. Additions: `missingFields` lists the `passportData` fields
/// that could not be read, so a fallback value is never presented as read; `mismatchedFields`
/// names the fields where the printed page contradicts the MRZ, for the admin;
/// `unconfirmedFields` names the fields read but not settled (`dateOfBirth` when the MRZ's
/// two-digit year left the century a guess that makes the holder a minor or over 100).
public struct PassportVerification: Codable, Sendable, Equatable {
  public var ocrSuccess: Bool
  public var passportData: PassportData?
  public var processedAt: String
  public var errorMessage: String?
  public var confidence: Double?
  public var missingFields: [String]?
  public var mismatchedFields: [String]?
  public var unconfirmedFields: [String]?

  public init(
    ocrSuccess: Bool, passportData: PassportData?, processedAt: String, errorMessage: String?,
    confidence: Double?, missingFields: [String]?, mismatchedFields: [String]? = nil,
    unconfirmedFields: [String]? = nil
  ) {
    self.ocrSuccess = ocrSuccess
    self.passportData = passportData
    self.processedAt = processedAt
    self.errorMessage = errorMessage
    self.confidence = confidence
    self.missingFields = missingFields
    self.mismatchedFields = mismatchedFields
    self.unconfirmedFields = unconfirmedFields
  }
}

/// The spec's `ImageMatchResult`, with the calibrated `matchScore` (0..1) as an extra property.
public struct ImageMatchResult: Codable, Sendable, Equatable {
  public var isMatched: Bool
  public var matchScore: Double?
  public var processedAt: String
  public var errorMessage: String?

  public init(isMatched: Bool, matchScore: Double?, processedAt: String, errorMessage: String?) {
    self.isMatched = isMatched
    self.matchScore = matchScore
    self.processedAt = processedAt
    self.errorMessage = errorMessage
  }
}

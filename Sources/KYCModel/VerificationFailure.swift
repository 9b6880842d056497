/// The spec's `VerificationFailure`: the latest failure of a verification.
public struct VerificationFailure: Codable, Sendable, Equatable {
  /// The spec's failure reasons.
  public enum Reason: String, Codable, Sendable, CaseIterable {
    case avatarNotHuman = "avatar_not_human"
    case passportOCRFailed = "passport_ocr_failed"
    case passportInvalidFormat = "passport_invalid_format"
    case imagesNoMatch = "images_no_match"
    case imageProcessingError = "image_processing_error"
    case adminReviewRequired = "admin_review_required"
    case systemError = "system_error"
  }

  public var step: VerificationStep
  public var reason: Reason
  public var occurredAt: String
  public var details: String?
  public var retryable: Bool

  public init(step: VerificationStep, reason: Reason, occurredAt: String, details: String?, retryable: Bool) {
    self.step = step
    self.reason = reason
    self.occurredAt = occurredAt
    self.details = details
    self.retryable = retryable
  }
}

/// One change of a verification, as subscribers receive it (an addition to the LE-KO spec): what
/// happened and where the verification stands, never names, numbers, dates of birth, keys or
/// scores. `id` is stable across redeliveries, so receivers deduplicate by it.
public struct VerificationEvent: Codable, Sendable, Equatable {
  public enum Kind: String, Codable, Sendable, CaseIterable {
    case created = "verification.created"
    case avatarVerified = "verification.avatar_verified"
    case avatarRefused = "verification.avatar_refused"
    case passportRead = "verification.passport_read"
    case passportRefused = "verification.passport_refused"
    case facesCompared = "verification.faces_compared"
    case passportCorrected = "verification.passport_corrected"
    case approved = "verification.approved"
    case rejected = "verification.rejected"
    case redacted = "verification.redacted"
    case abandoned = "verification.abandoned"
    case chipChecked = "verification.chip_checked"
  }

  public var id: String
  public var type: Kind
  public var verificationId: String
  public var coachId: String
  public var status: Status
  public var currentStep: VerificationStep
  public var occurredAt: String

  public init(
    id: String, type: Kind, verificationId: String, coachId: String, status: Status, currentStep: VerificationStep,
    occurredAt: String
  ) {
    self.id = id
    self.type = type
    self.verificationId = verificationId
    self.coachId = coachId
    self.status = status
    self.currentStep = currentStep
    self.occurredAt = occurredAt
  }
}

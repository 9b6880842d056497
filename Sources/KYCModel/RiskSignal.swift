/// A fraud indicator found while a verification was checked (an addition to the LE-KO spec).
/// Signals never decide on their own: the verification still goes to an admin, who decides with
/// them in view. Only admins see them; `details` never names another coach or their data.
public struct RiskSignal: Codable, Sendable, Equatable {
  public enum Code: String, Codable, Sendable, CaseIterable {
    /// The selfie is the passport's own portrait, or shows a document.
    case selfieMatchesDocumentPhoto = "selfie_matches_document_photo"
    /// The same issuing state and document number are on another coach's verification.
    case duplicateDocument = "duplicate_document"
    /// The same selfie image was used by another coach.
    case duplicateSelfie = "duplicate_selfie"
    /// The printed page contradicts the machine readable zone.
    case documentDataMismatch = "document_data_mismatch"
    /// The holder is younger than the minimum age on the day of the check.
    case underage
    /// The chip's data contradicts the page (DG1's MRZ) or the selfie (DG2's portrait).
    case chipDataMismatch = "chip_data_mismatch"
    /// The chip's signature, a data group's hash, the chain's validity or Active Authentication failed.
    case chipSignatureInvalid = "chip_signature_invalid"
    /// The chip's Document Signer was issued by no CSCA the service trusts.
    case chipUnknownIssuer = "chip_unknown_issuer"
  }

  public var code: Code
  public var step: VerificationStep
  public var details: String
  public var detectedAt: String

  public init(code: Code, step: VerificationStep, details: String, detectedAt: String) {
    self.code = code
    self.step = step
    self.details = details
    self.detectedAt = detectedAt
  }
}

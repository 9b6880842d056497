/// The spec's `AdminApproval` as recorded on a verification.
public struct AdminApproval: Codable, Sendable, Equatable {
  public enum Reason: String, Codable, Sendable, CaseIterable {
    case documentUnclear = "document_unclear"
    case identityMismatch = "identity_mismatch"
    case fakeDocument = "fake_document"
    case insufficientQuality = "insufficient_quality"
    case inappropriateContent = "inappropriate_content"
  }

  public var approved: Bool
  public var reason: Reason?
  public var notes: String?
  public var reviewerId: String?

  public init(approved: Bool, reason: Reason?, notes: String?, reviewerId: String?) {
    self.approved = approved
    self.reason = reason
    self.notes = notes
    self.reviewerId = reviewerId
  }
}

/// The spec's `Status`: where a verification stands.
public enum Status: String, Codable, Sendable, CaseIterable {
  case pending
  case avatarVerified = "avatar_verified"
  case passportVerified = "passport_verified"
  case approved
  case rejected
  case adminReviewRequired = "admin_review_required"

  /// Approved and rejected verifications are finished; every other status is active, and a
  /// coach may have only one active verification at a time.
  public var isActive: Bool { self != .approved && self != .rejected }
}

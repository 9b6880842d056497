/// The spec's `VerificationStep`, in the order a verification walks through them.
public enum VerificationStep: String, Codable, Sendable, CaseIterable {
  case initialize
  case avatarVerification = "avatar_verification"
  case passportVerification = "passport_verification"
  case imageMatching = "image_matching"
  case adminReview = "admin_review"
  case completed

  /// The step after this one; `nil` once completed.
  public var next: VerificationStep? {
    let all = Self.allCases
    guard let index = all.firstIndex(of: self), index + 1 < all.count else { return nil }
    return all[index + 1]
  }
}

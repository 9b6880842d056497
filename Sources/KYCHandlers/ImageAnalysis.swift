import KYCModel
import KYCRules

/// The image work behind the two upload operations. An image that cannot be read at all
/// (missing key, not an image, too large) throws a 400 and counts no attempt; anything the
/// analysis could judge comes back as an outcome for the lifecycle.
public protocol ImageAnalysis: Sendable {
  func analyzeAvatar(fileKey: String) throws(APIError) -> AvatarOutcome
  /// Reads the passport and, when it reads, compares its photo with the avatar's face.
  func analyzePassport(fileKey: String, avatarFileKey: String?) throws(APIError) -> (PassportOutcome, MatchOutcome?)
}

/// Stands in until the image analysers are built: it answers honestly that it cannot judge.
public struct UnavailableImageAnalysis: ImageAnalysis {
  public init() {}

  public func analyzeAvatar(fileKey: String) throws(APIError) -> AvatarOutcome {
    throw .internal("avatar analysis is not available in this build")
  }

  public func analyzePassport(fileKey: String, avatarFileKey: String?) throws(APIError) -> (
    PassportOutcome, MatchOutcome?
  ) {
    throw .internal("passport analysis is not available in this build")
  }
}

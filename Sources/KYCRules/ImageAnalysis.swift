import KYCModel

/// The image work behind the two upload operations, on image bytes. An image that cannot be
/// read at all (not an image, too large) throws a 400 and counts no attempt; anything the
/// analysis could judge comes back as an outcome for the lifecycle.
public protocol ImageAnalysis: Sendable {
  func analyzeAvatar(_ image: [UInt8], today: CalendarDate) throws(APIError) -> (AvatarOutcome, SelfieFindings)
  /// Reads the passport (or identity card, with its other side as `back`) and, when it reads,
  /// compares its portrait with the avatar's face.
  func analyzePassport(_ image: [UInt8], back: [UInt8]?, avatar: AvatarImage?, today: CalendarDate) throws(APIError)
    -> (PassportOutcome, MatchOutcome?)
}

/// Stands in where no image analysis is built in: it answers honestly that it cannot judge.
public struct UnavailableImageAnalysis: ImageAnalysis {
  public init() {}

  public func analyzeAvatar(_ image: [UInt8], today: CalendarDate) throws(APIError) -> (AvatarOutcome, SelfieFindings) {
    throw .internal("avatar analysis is not available in this build")
  }

  public func analyzePassport(_ image: [UInt8], back: [UInt8]?, avatar: AvatarImage?, today: CalendarDate)
    throws(APIError) -> (PassportOutcome, MatchOutcome?)
  {
    throw .internal("passport analysis is not available in this build")
  }
}

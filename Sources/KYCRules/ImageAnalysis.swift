import CivilTime
import KYCModel

/// The image work behind the two upload operations, on image bytes. An image that cannot be
/// read at all (not an image, too large) throws `AnalysisError.unusableImage` and counts no
/// attempt; anything the analysis could judge comes back as an outcome for the lifecycle.
public protocol ImageAnalysis: Sendable {
  func analyzeAvatar(_ image: [UInt8], today: CalendarDate) throws(AnalysisError) -> (AvatarOutcome, SelfieFindings)
  /// Reads the passport (or identity card, with its other side as `back`) and, when it reads,
  /// compares its portrait with the avatar's face.
  func analyzePassport(_ image: [UInt8], back: [UInt8]?, avatar: AvatarImage?, today: CalendarDate)
    throws(AnalysisError)
    -> (PassportOutcome, MatchOutcome?)
}

/// Stands in where no image analysis is built in: it answers honestly that it cannot judge.
public struct UnavailableImageAnalysis: ImageAnalysis {
  public init() {}

  public func analyzeAvatar(_ image: [UInt8], today: CalendarDate) throws(AnalysisError) -> (
    AvatarOutcome, SelfieFindings
  ) {
    throw .unavailable("avatar analysis is not available in this build")
  }

  public func analyzePassport(_ image: [UInt8], back: [UInt8]?, avatar: AvatarImage?, today: CalendarDate)
    throws(AnalysisError) -> (PassportOutcome, MatchOutcome?)
  {
    throw .unavailable("passport analysis is not available in this build")
  }
}

/// Why image analysis could not judge an image at all (anything it could judge comes back as
/// an outcome for the lifecycle).
public enum AnalysisError: Error, Codable, Sendable, Equatable {
  /// The file is not an image the service reads (not a JPEG, too large, malformed): the
  /// client's to fix, and no attempt is counted.
  case unusableImage(String)
  /// An engine or model is missing or failed: ours.
  case unavailable(String)

  public var message: String {
    switch self {
    case .unusableImage(let message), .unavailable(let message): message
    }
  }
}

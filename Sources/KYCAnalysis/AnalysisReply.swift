import KYCJSON
import KYCModel
import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The worker's answer to one `AnalysisRequest`: the outcomes, or the `AnalysisError` the
/// analysis threw. A header alone, no attachments.
public enum AnalysisReply: Codable, Sendable, Equatable {
  case avatar(AvatarOutcome, SelfieFindings)
  case passport(PassportOutcome, MatchOutcome?)
  case failure(AnalysisError)

  /// Replies are small (outcomes, never images): a larger one is not a reply.
  public static let maxBytes = 1024 * 1024

  public func frame() throws(AnalysisError) -> AnalysisFrame {
    do {
      return AnalysisFrame(header: Array(try JSONCoding.encoder().encode(self)))
    } catch {
      // A number JSON cannot hold (NaN) from an engine: ours.
      throw .unavailable("the analysis outcome could not be encoded")
    }
  }

  public init(frame: AnalysisFrame) throws(AnalysisFrame.FrameError) {
    guard frame.attachments.isEmpty else { throw .malformed("a reply with attachments") }
    do {
      self = try JSONDecoder().decode(Self.self, from: Data(frame.header))
    } catch {
      throw .malformed("the reply is not a reply")
    }
  }
}

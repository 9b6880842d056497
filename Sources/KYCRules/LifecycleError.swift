/// Why the lifecycle refuses a change. The rules know nothing of HTTP: `KYCHandlers` maps these
/// to statuses in one place (`DomainErrors.swift`).
public enum LifecycleError: Error, Sendable, Equatable {
  /// The change does not fit where the verification stands (an upload out of order, a
  /// decision outside review, too many corrections).
  case wrongState(String)
  /// Whoever asks may not make this change (an admin deciding their own verification).
  case notPermitted(String)
  /// A limit on use was reached; allowed again after `retryAfter` seconds.
  case limitReached(String, retryAfter: Int)

  public var message: String {
    switch self {
    case .wrongState(let message), .notPermitted(let message), .limitReached(let message, _): return message
    }
  }
}

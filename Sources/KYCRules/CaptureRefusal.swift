/// Why a capture token does not open its verification. The handlers answer each with 401 or 403.
public enum CaptureRefusal: Error, Sendable, Equatable {
  /// No token, or not one in the `Capture <token>` form.
  case missingToken
  /// The verification has no capture session, or another token's: a token of another
  /// verification, or of a session a newer one replaced.
  case unknownToken
  /// The session's time is over.
  case expired
  /// The verification has left the capture states: its flow is complete, the token is spent.
  case completed

  public var message: String {
    switch self {
    case .missingToken: "a capture token is required: Authorization: Capture <token>"
    case .unknownToken: "the capture token is not valid for this verification"
    case .expired: "the capture link has expired; ask for a new one"
    case .completed: "the capture link was used up: this verification's capture is complete"
    }
  }
}

/// An event whose delivery was given up (an addition to the LE-KO spec), as an admin sees it
/// before replaying it: the event itself, how often it was tried, and why the last try failed.
public struct DeadLetter: Codable, Sendable, Equatable {
  public var event: VerificationEvent
  public var attempts: Int
  public var lastError: String?
  /// `dead`, or `pending` once replayed.
  public var state: String

  public init(event: VerificationEvent, attempts: Int, lastError: String?, state: String) {
    self.event = event
    self.attempts = attempts
    self.lastError = lastError
    self.state = state
  }
}

/// `listDeadLetters`' answer.
public struct DeadLettersPage: Codable, Sendable, Equatable {
  public var data: [DeadLetter]
  public var count: Int

  public init(data: [DeadLetter]) {
    self.data = data
    self.count = data.count
  }
}

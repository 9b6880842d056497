import KYCModel
import KYCRules

/// An event in the store's outbox: written with the change it reports, then delivered to the
/// subscribers at least once, in order per verification (`sequence`) — and then removed — or set
/// aside as a dead letter for an admin to replay.
public struct OutboxEvent: Sendable, Equatable {
  public enum State: String, Sendable {
    /// Waiting for delivery (or a retry); delivered events leave the outbox (`acknowledge`).
    case pending
    /// Given up, kept for an admin to replay.
    case dead
  }

  public var event: VerificationEvent
  /// The event's place in its verification's history.
  public var sequence: Int
  public var state: State
  public var attempts: Int
  /// RFC 3339; a pending event is not tried again before then.
  public var nextAttemptAt: String
  /// Why the last attempt failed (a status code or a transport error, never a body).
  public var lastError: String?

  public init(
    event: VerificationEvent, sequence: Int, state: State = .pending, attempts: Int = 0, nextAttemptAt: String,
    lastError: String? = nil
  ) {
    self.event = event
    self.sequence = sequence
    self.state = state
    self.attempts = attempts
    self.nextAttemptAt = nextAttemptAt
    self.lastError = lastError
  }

  /// A dead letter back in the outbox: pending, due at `time`, its attempts counted afresh.
  public func replayed(at time: String) -> OutboxEvent {
    var entry = self
    entry.state = .pending
    entry.attempts = 0
    entry.nextAttemptAt = time
    return entry
  }

  /// The outbox entries for the events of one write: the last `events.count` entries of the
  /// record's history.
  static func entries(for record: VerificationRecord, _ events: [VerificationEvent]) -> [OutboxEvent] {
    let first = (record.verification.history?.count ?? events.count) - events.count
    return events.enumerated().map { offset, event in
      OutboxEvent(event: event, sequence: first + offset, nextAttemptAt: event.occurredAt)
    }
  }
}

import CivilTime
import HTTPTransport
import KYCJSON
import KYCLogging
import KYCModel
import KYCStore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Delivers the outbox: each pending event that is due goes to the subscriber; an
/// acknowledgement marks it delivered (the store then drops it), a failure schedules the next attempt by the retry
/// policy, and the last allowed failure makes it a dead letter. Events of one verification go
/// in order: a later one waits while an earlier one is pending. At least once: an event is
/// marked delivered only after the acknowledgement, so a dispatcher stopped mid-delivery sends
/// it again later with the same id, and receivers deduplicate by it.
public struct EventDispatcher: Sendable {
  public struct Summary: Sendable, Equatable {
    public var delivered = 0
    public var retrying = 0
    public var deadLettered = 0
    /// Pending events not yet due, or waiting behind an earlier event of their verification.
    public var waiting = 0

    public init() {}

    public var asJSON: [String: JSONValue] {
      [
        "delivered": .number(Double(delivered)), "retrying": .number(Double(retrying)),
        "deadLettered": .number(Double(deadLettered)), "waiting": .number(Double(waiting)),
      ]
    }
  }

  let store: any Outbox
  let sender: any EventSender
  let policy: RetryPolicy
  let clock: @Sendable () -> Date

  public init(
    store: any Outbox, sender: any EventSender, policy: RetryPolicy,
    clock: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.store = store
    self.sender = sender
    self.policy = policy
    self.clock = clock
  }

  /// One pass over the pending events.
  public func runOnce(limit: Int = 200, logger: Logger) throws(StoreError) -> Summary {
    var summary = Summary()
    let pending = try store.pendingEvents(limit: limit)
    var index = 0
    while index < pending.count {
      // One verification's events, in sequence order.
      let verification = pending[index].event.verificationId
      var end = index
      while end < pending.count && pending[end].event.verificationId == verification { end += 1 }
      try deliver(pending[index..<end], summary: &summary, logger: logger)
      index = end
    }
    return summary
  }

  func deliver(_ events: ArraySlice<OutboxEvent>, summary: inout Summary, logger: Logger) throws(StoreError) {
    for (position, original) in events.enumerated() {
      let now = clock()
      guard original.nextAttemptAt <= Timestamp.string(from: now) else {
        summary.waiting += events.count - position
        return
      }
      var entry = original
      entry.attempts += 1
      let body = Array(try EventCoding.encode(entry.event).utf8)
      let fields: [String: JSONValue] = [
        "eventId": .string(entry.event.id), "type": .string(entry.event.type.rawValue),
        "verificationId": .string(entry.event.verificationId), "attempt": .number(Double(entry.attempts)),
      ]
      switch sender.send(id: entry.event.id, body: body, timestamp: Int(now.timeIntervalSince1970)) {
      case .delivered:
        try store.acknowledge(eventId: entry.event.id)
        summary.delivered += 1
        logger.info("event delivered", fields)
      case .failed(let reason):
        entry.lastError = reason
        if policy.isExhausted(attempts: entry.attempts) {
          // Given up: set aside for an admin to replay; the verification's next events go on.
          entry.state = .dead
          try store.update(entry)
          summary.deadLettered += 1
          logger.error("event dead-lettered", fields.merging(["reason": .string(reason)]) { a, _ in a })
          continue
        }
        let delay = Double(policy.delayMs(afterFailures: entry.attempts)) / 1000
        entry.nextAttemptAt = Timestamp.string(from: now.addingTimeInterval(delay))
        try store.update(entry)
        summary.retrying += 1
        summary.waiting += events.count - position - 1
        logger.warning("event delivery failed", fields.merging(["reason": .string(reason)]) { a, _ in a })
        return
      }
    }
  }

  /// A dead letter back in the outbox, due now, with its attempts counted afresh.
  public func replay(eventId: String) throws(StoreError) -> OutboxEvent? {
    try store.replayDeadLetter(id: eventId, at: Timestamp.string(from: clock()))
  }
}

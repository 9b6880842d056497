import HTTPTransport
import KYCEvents
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCRules
@testable import KYCTestSupport

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct EventDispatcherTests {
  @Test func deliversInOrderRetriesLaterAndDeadLettersAtTheLimit() throws {
    let store = try SQLiteStore(path: temporaryDirectory() + "/kyc.sqlite")
    let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    let created = Lifecycle().create(id: "v1", coachId: "c1", notes: nil, now: clock.withLock { $0 })
    let (logged, events) = ChangeLog.record(
      before: nil, after: created, actor: .system, at: created.verification.createdAt, newId: { UUID().uuidString })
    try store.insert(logged, events: events)
    var next = try #require(try store.fetch(id: "v1"))
    next.verification.status = .rejected
    next.verification.currentStep = .completed
    next.verification.adminApproval = AdminApproval(approved: false, reason: .fakeDocument, notes: nil, reviewerId: "a")
    let (decided, more) = ChangeLog.record(
      before: try store.fetch(id: "v1"), after: next, actor: .system, at: created.verification.createdAt,
      newId: { UUID().uuidString })
    _ = try store.replace(decided, changes: StoreChanges(events: more))

    let sender = ScriptedSender([.failed("HTTP 500"), .failed("HTTP 503")])
    let dispatcher = EventDispatcher(
      store: store, sender: sender, policy: RetryPolicy(maxAttempts: 2, baseMs: 1_000),
      clock: { clock.withLock { $0 } })
    let logger = Logger(function: "test")
    // The first event fails; the second waits behind it.
    #expect(try dispatcher.runOnce(logger: logger) == summary(retrying: 1, waiting: 1))
    #expect(try dispatcher.runOnce(logger: logger) == summary(waiting: 2))  // not due yet
    clock.withLock { $0 += 2 }
    // Its second failure is its last: dead-lettered, and the next event goes on.
    #expect(try dispatcher.runOnce(logger: logger) == summary(delivered: 1, deadLettered: 1))
    #expect(sender.sent.withLock { $0 } == [events[0].id, events[0].id, more[0].id])
    #expect(try store.deadLetters(limit: 10).map(\.event.id) == [events[0].id])
    // Replayed, it goes through.
    #expect(try dispatcher.replay(eventId: events[0].id)?.attempts == 0)
    #expect(try dispatcher.runOnce(logger: logger) == summary(delivered: 1))
    #expect(try store.pendingEvents(limit: 10).isEmpty && store.deadLetters(limit: 10).isEmpty)
    #expect(try dispatcher.replay(eventId: events[0].id) == nil)  // only dead letters replay
  }

  func summary(delivered: Int = 0, retrying: Int = 0, deadLettered: Int = 0, waiting: Int = 0)
    -> EventDispatcher.Summary
  {
    var summary = EventDispatcher.Summary()
    summary.delivered = delivered
    summary.retrying = retrying
    summary.deadLettered = deadLettered
    summary.waiting = waiting
    return summary
  }
}

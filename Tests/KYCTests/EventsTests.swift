import HTTPTransport
import KYCEvents
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct WebhookSignatureTests {
  /// The Standard Webhooks specification's own example.
  @Test func matchesTheSpecificationsVector() throws {
    let signature = try #require(WebhookSignature(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
    let body = Array(#"{"test": 2432232314}"#.utf8)
    #expect(
      signature.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
  }

  @Test func refusesShortOrMalformedSecrets() {
    #expect(WebhookSignature(secret: "short") == nil)
    #expect(WebhookSignature(secret: "whsec_not base64!") == nil)
    #expect(WebhookSignature(secret: "a-long-enough-plain-secret-0123") == nil)  // no whsec_ prefix
    #expect(WebhookSignature(secret: "whsec_" + Data(repeating: 7, count: 65).base64EncodedString()) == nil)
    #expect(WebhookSignature(secret: "whsec_" + Data(repeating: 7, count: 64).base64EncodedString()) != nil)
  }
}

@Suite struct ChangeLogTests {
  let lifecycle = Lifecycle()
  let coach = HistoryEntry.Actor(type: .coach, id: "c")

  func ids() -> () -> String {
    let counter = Mutex(0)
    return {
      counter.withLock {
        $0 += 1; return "e\($0)"
      }
    }
  }

  @Test func recordsTheCreationThenEachChangeWithItsBeforeAndAfter() throws {
    let newId = ids()
    let created = lifecycle.create(id: "v", coachId: "c", notes: nil, now: Date(timeIntervalSince1970: 0))
    let (first, events) = ChangeLog.record(before: nil, after: created, actor: coach, at: "t0", newId: newId)
    #expect(events.map(\.type) == [.created] && events[0].id == "e1" && events[0].status == .pending)
    let avatar = try lifecycle.recordAvatar(first, .human(nil), fileKey: "k", now: Date(timeIntervalSince1970: 1))
    let (second, more) = ChangeLog.record(before: first, after: avatar, actor: coach, at: "t1", newId: newId)
    #expect(more.map(\.type) == [.avatarVerified])
    let entry = try #require(second.verification.history?.last)
    #expect(entry.statusBefore == .pending && entry.status == .avatarVerified && entry.actor == coach)
    #expect(second.verification.history?.count == 2)
    // Nothing changed: nothing recorded.
    #expect(ChangeLog.record(before: second, after: second, actor: coach, at: "t2", newId: newId).events.isEmpty)
  }

  @Test func aCorrectionNamesTheFieldsItChangedNotTheirValues() {
    let read = PassportData(
      firstName: "Anna", lastName: "Eriksson", passportNumber: "L898902C3", dateOfBirth: "1974-08-12",
      issuedDate: "2012-04-16", placeOfBirth: "Zenith", middleName: "Maria", subdivision: "")
    var fixed = read
    fixed.lastName = "Erikson"
    fixed.placeOfBirth = "Zenith City"
    #expect(ChangeLog.changedFields(read, fixed) == ["lastName", "placeOfBirth"])
  }

  @Test func erasureIsOneChange() throws {
    var done = lifecycle.create(id: "v", coachId: "c", notes: "a note", now: Date(timeIntervalSince1970: 0))
    done.verification.status = .approved
    done.verification.currentStep = .completed
    done.verification.completedAt = "2026-01-01T00:00:00.000Z"
    done.avatarFileKey = "uploads/a.jpg"
    let (erased, keys) = Redaction.erase(done, at: "2026-02-01T00:00:00.000Z")
    #expect(keys == ["uploads/a.jpg"] && erased.avatarFileKey == nil && erased.verification.notes == nil)
    let (_, events) = ChangeLog.record(before: done, after: erased, actor: .system, at: "t", newId: ids())
    #expect(events.map(\.type) == [.redacted])
    #expect(Redaction.isDue(done, cutoff: "2026-01-31T00:00:00.000Z"))
    #expect(!Redaction.isDue(done, cutoff: "2025-12-31T00:00:00.000Z"))
    #expect(!Redaction.isDue(erased, cutoff: "2026-12-31T00:00:00.000Z"))
  }
}

/// A subscriber that answers as scripted and remembers what it was sent.
final class ScriptedSender: EventSender {
  let answers: Mutex<[DeliveryResult]>
  let sent = Mutex<[String]>([])

  init(_ answers: [DeliveryResult]) { self.answers = Mutex(answers) }

  func send(id: String, body: [UInt8], timestamp: Int) -> DeliveryResult {
    sent.withLock { $0.append(id) }
    return answers.withLock { $0.isEmpty ? .delivered : $0.removeFirst() }
  }
}

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

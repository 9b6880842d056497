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

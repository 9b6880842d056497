import CivilTime
import KYCJSON
import KYCModel
import KYCRules
import SigV4
import Testing

@testable import KYCStore
@testable import KYCTestSupport

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The behaviour every `VerificationStore` must show, run against each implementation.
struct StoreContract {
  let store: any VerificationStore
  let lifecycle = Lifecycle()

  func record(coach: String, at seconds: Double, id: String = UUID().uuidString.lowercased()) -> VerificationRecord {
    lifecycle.create(id: id, coachId: coach, notes: nil, now: Date(timeIntervalSince1970: seconds))
  }

  func finished(_ record: VerificationRecord) throws -> VerificationRecord {
    var done = record
    done.verification.status = .rejected
    done.verification.currentStep = .completed
    return try store.replace(done)
  }

  func insertThenFetchRoundTrips() throws {
    let created = record(coach: "coach-a", at: 1000)
    try store.insert(created)
    #expect(try store.fetch(id: created.id) == created)
    #expect(try store.fetch(id: "missing") == nil)
  }

  /// A capture session and the images' capture methods are kept with the record, and a newer
  /// session replaces the older.
  func captureSessionsAreKeptWithTheRecord() throws {
    var created = record(coach: "coach-capture", at: 1000)
    try store.insert(created)
    created.captureSession = CaptureGrant(
      tokenHash: String(repeating: "a", count: 64), expiresAt: "1970-01-01T00:31:40Z", expiresAtSeconds: 1900)
    created.avatarCaptureMethod = .live
    let saved = try store.replace(created)
    #expect(try store.fetch(id: created.id) == saved)
    var newer = saved
    newer.captureSession?.tokenHash = String(repeating: "b", count: 64)
    newer.passportCaptureMethod = .file
    _ = try store.replace(newer)
    let fetched = try store.fetch(id: created.id)
    #expect(fetched?.captureSession?.tokenHash == String(repeating: "b", count: 64))
    #expect(fetched?.captureSession?.expiresAtSeconds == 1900)
    #expect(fetched?.avatarCaptureMethod == .live && fetched?.passportCaptureMethod == .file)
  }

  func oneActiveVerificationPerCoach() throws {
    let first = record(coach: "coach-b", at: 1000)
    try store.insert(first)
    #expect(throws: StoreError.activeVerificationExists) { try store.insert(record(coach: "coach-b", at: 1001)) }
    try store.insert(record(coach: "coach-c", at: 1001))
    _ = try finished(first)
    try store.insert(record(coach: "coach-b", at: 1002))
  }

  func updatesAreConditionalOnTheVersion() throws {
    let created = record(coach: "coach-d", at: 1000)
    try store.insert(created)
    var changed = created
    changed.verification.notes = "first"
    let saved = try store.replace(changed)
    #expect(saved.version == created.version + 1)
    var stale = created
    stale.verification.notes = "second"
    #expect(throws: StoreError.versionConflict) { try store.replace(stale) }
    #expect(try store.fetch(id: created.id)?.verification.notes == "first")
  }

  func listsNewestFirstWithTotals() throws {
    for index in 0..<7 {
      _ = try finished(
        try {
          let r = record(coach: "coach-e", at: 2000 + Double(index)); try store.insert(r); return r
        }())
    }
    try store.insert(record(coach: "coach-f", at: 3000))
    let first = try store.list(coachId: "coach-e", offset: 0, limit: 3)
    #expect(first.total == 7)
    #expect(first.records.count == 3)
    #expect(first.records.map(\.verification.createdAt) == first.records.map(\.verification.createdAt).sorted(by: >))
    let last = try store.list(coachId: "coach-e", offset: 6, limit: 3)
    #expect(last.records.count == 1)
    #expect(last.records[0].verification.createdAt == Timestamp.string(from: Date(timeIntervalSince1970: 2000)))
    let beyond = try store.list(coachId: "coach-e", offset: 30, limit: 3)
    #expect(beyond.records.isEmpty && beyond.total == 7)
    let everyone = try store.list(coachId: nil, offset: 0, limit: 100)
    #expect(everyone.total >= 8)
    #expect(everyone.records.first?.coachId == "coach-f")
  }

  func latestIsTheMostRecentlyCreated() throws {
    #expect(try store.latest(coachId: "coach-g") == nil)
    let old = record(coach: "coach-g", at: 1000)
    try store.insert(old)
    _ = try finished(old)
    let new = record(coach: "coach-g", at: 5000)
    try store.insert(new)
    #expect(try store.latest(coachId: "coach-g")?.id == new.id)
    // Created within the same millisecond as the one before it: still the latest.
    _ = try finished(new)
    let same = record(coach: "coach-g", at: 5000)
    try store.insert(same)
    #expect(try store.latest(coachId: "coach-g")?.id == same.id)
  }

  func indexEntriesAreWrittenWithTheRecordOrNotAtAll() throws {
    let key = "k-\(UUID().uuidString.lowercased())"
    let created = record(coach: "coach-h", at: 1000)
    try store.insert(created)
    let entry = SignalIndexEntry(
      key: key, verificationId: created.id, coachId: "coach-h", recordedAt: "2026-12-01T10:00:00.000Z")
    // A stale write fails whole: its index entries are not kept either.
    var stale = created
    stale.version = created.version + 7
    #expect(throws: StoreError.versionConflict) { try store.replace(stale, index: [entry]) }
    #expect(try store.lookup(keys: [key]).isEmpty)
    let saved = try store.replace(created, index: [entry])
    #expect(try store.lookup(keys: [key]) == [entry])
    // A second verification under the same key, and a finishing write that carries entries.
    let other = record(coach: "coach-i", at: 2000)
    try store.insert(other)
    let second = SignalIndexEntry(
      key: key, verificationId: other.id, coachId: "coach-i", recordedAt: "2026-12-02T10:00:00.000Z")
    var done = other
    done.verification.status = .rejected
    done.verification.currentStep = .completed
    _ = try store.replace(done, index: [second])
    #expect(Set(try store.lookup(keys: [key, "absent"])) == [entry, second])
    _ = try store.replace(saved, index: [entry])  // idempotent
    #expect(try store.lookup(keys: [key]).count == 2)
    #expect(try store.lookup(keys: []).isEmpty)
  }

  func listsFilterByStatus() throws {
    let coach = "coach-s-\(UUID().uuidString.lowercased())"
    var ids: [String] = []
    for index in 0..<5 {
      let created = record(coach: coach, at: 9000 + Double(index))
      try store.insert(created)
      ids.append(created.id)
      if index < 4 { _ = try finished(created) }  // rejected; the last stays pending
    }
    let pending = try store.list(coachId: coach, status: .pending, offset: 0, limit: 10)
    #expect(pending.total == 1 && pending.records.map(\.id) == [ids[4]])
    let rejected = try store.list(coachId: coach, status: .rejected, offset: 1, limit: 2)
    #expect(rejected.total == 4 && rejected.records.map(\.id) == [ids[2], ids[1]])
    let everyone = try store.list(coachId: nil, status: .rejected, offset: 0, limit: 100)
    #expect(everyone.records.allSatisfy { $0.verification.status == .rejected })
    #expect(try store.list(coachId: coach, status: .approved, offset: 0, limit: 10).total == 0)
  }

  func event(_ record: VerificationRecord, _ type: VerificationEvent.Kind) -> VerificationEvent {
    VerificationEvent(
      id: UUID().uuidString.lowercased(), type: type, verificationId: record.id, coachId: record.coachId,
      status: record.verification.status, currentStep: record.verification.currentStep,
      occurredAt: record.verification.updatedAt)
  }

  /// `record` with one more history entry per event, as `ChangeLog` leaves it.
  func logged(_ record: VerificationRecord, _ events: [VerificationEvent]) -> VerificationRecord {
    var next = record
    for event in events {
      next.verification.history =
        (next.verification.history ?? []) + [
          HistoryEntry(
            eventId: event.id, type: event.type, occurredAt: event.occurredAt, actor: .system, statusBefore: nil,
            stepBefore: nil, status: event.status, currentStep: event.currentStep)
        ]
    }
    return next
  }

  func pending(_ id: String) throws -> [OutboxEvent] {
    try store.pendingEvents(limit: 10_000).filter { $0.event.verificationId == id }
  }

  func eventsAreWrittenWithTheChangeOrNotAtAll() throws {
    let coach = "coach-e-\(UUID().uuidString.lowercased())"
    let created = record(coach: coach, at: 1000)
    let first = event(created, .created)
    try store.insert(logged(created, [first]), events: [first])
    #expect(try pending(created.id).map(\.event) == [first])
    #expect(try pending(created.id).map(\.sequence) == [0])
    // A second active verification for the coach is refused, and so are its events.
    let rival = record(coach: coach, at: 1001)
    #expect(throws: StoreError.activeVerificationExists) {
      try store.insert(logged(rival, [event(rival, .created)]), events: [event(rival, .created)])
    }
    #expect(try pending(rival.id).isEmpty)
    // A stale change keeps no event; a current one keeps its events in order.
    let stored = try #require(try store.fetch(id: created.id))
    var stale = stored
    stale.version += 3
    #expect(throws: StoreError.versionConflict) {
      try store.replace(
        logged(stale, [event(stale, .avatarVerified)]), changes: StoreChanges(events: [event(stale, .avatarVerified)]))
    }
    let two = [event(stored, .passportRead), event(stored, .facesCompared)]
    _ = try store.replace(logged(stored, two), changes: StoreChanges(events: two))
    #expect(try pending(created.id).map(\.event) == [first] + two)
    #expect(try pending(created.id).map(\.sequence) == [0, 1, 2])
  }

  func outboxEntriesMoveBetweenStates() throws {
    let created = record(coach: "coach-o-\(UUID().uuidString.lowercased())", at: 1000)
    let events = [event(created, .created), event(created, .avatarVerified)]
    try store.insert(logged(created, events), events: events)
    try store.acknowledge(eventId: try pending(created.id)[0].event.id)
    try store.acknowledge(eventId: "event-that-is-not-there")  // a second acknowledgement changes nothing
    var dead = try pending(created.id)[0]
    #expect(dead.event == events[1])
    dead.state = .dead
    dead.attempts = 8
    dead.lastError = "HTTP 500"
    try store.update(dead)
    #expect(try pending(created.id).isEmpty)
    #expect(try store.deadLetters(limit: 10_000).filter { $0.event.verificationId == created.id } == [dead])
    #expect(try store.outboxEvent(id: events[0].id) == nil)  // delivered: gone from the outbox
    #expect(try store.outboxEvent(id: events[1].id) == dead)
    #expect(try store.outboxEvent(id: "absent") == nil)
  }

  func erasureRemovesIndexEntriesAndRetentionFindsTheDue() throws {
    let key = "k-\(UUID().uuidString.lowercased())"
    var old = record(coach: "coach-r-\(UUID().uuidString.lowercased())", at: 1000)
    try store.insert(old)
    let entry = SignalIndexEntry(
      key: key, verificationId: old.id, coachId: old.coachId, recordedAt: "2026-01-01T00:00:00.000Z")
    old = try store.replace(old, index: [entry])
    old.verification.status = .approved
    old.verification.currentStep = .completed
    old.verification.completedAt = "2026-01-01T10:00:00.000Z"
    old = try store.replace(old)
    var recent = record(coach: "coach-r-\(UUID().uuidString.lowercased())", at: 1000)
    try store.insert(recent)
    recent.verification.status = .rejected
    recent.verification.currentStep = .completed
    recent.verification.completedAt = "2026-03-01T10:00:00.000Z"
    recent = try store.replace(recent)
    let due = try store.completedUnredacted(before: "2026-02-01T00:00:00.000Z").map(\.id)
    #expect(due.contains(old.id) && !due.contains(recent.id))
    var erased = old
    erased.verification.redactedAt = "2026-02-01T00:00:00.000Z"
    _ = try store.replace(erased, changes: StoreChanges(removedIndex: [entry]))
    #expect(try store.lookup(keys: [key]).isEmpty)
    #expect(!(try store.completedUnredacted(before: "2026-02-01T00:00:00.000Z").map(\.id).contains(old.id)))
  }

  func untouchedVerificationsWaitingOnTheCoachAreFound() throws {
    let left = record(coach: "coach-a-\(UUID().uuidString.lowercased())", at: 1000)
    try store.insert(left)
    var review = record(coach: "coach-a-\(UUID().uuidString.lowercased())", at: 1000)
    try store.insert(review)
    review.verification.status = .adminReviewRequired
    review = try store.replace(review)
    let fresh = record(coach: "coach-a-\(UUID().uuidString.lowercased())", at: 5000)
    try store.insert(fresh)
    let found = try store.untouchedWaitingOnCoach(before: Timestamp.string(from: Date(timeIntervalSince1970: 2000)))
    let ids = found.map(\.id)
    #expect(ids.contains(left.id) && !ids.contains(review.id) && !ids.contains(fresh.id))
    #expect(found.first { $0.id == left.id }?.version == left.version)
  }

  func oneAnalysisLeaseAtATime() throws {
    let id = UUID().uuidString.lowercased()
    let t0 = "2026-01-01T00:00:00.000Z"
    let t1 = "2026-01-01T00:00:45.000Z"
    #expect(try store.acquireLease(verificationId: id, holder: "a", now: t0, expiresAt: t1))
    #expect(!(try store.acquireLease(verificationId: id, holder: "b", now: "2026-01-01T00:00:10.000Z", expiresAt: t1)))
    // Another holder cannot free it; its holder can, and then it is free.
    try store.releaseLease(verificationId: id, holder: "b")
    #expect(!(try store.acquireLease(verificationId: id, holder: "b", now: "2026-01-01T00:00:11.000Z", expiresAt: t1)))
    try store.releaseLease(verificationId: id, holder: "a")
    #expect(try store.acquireLease(verificationId: id, holder: "b", now: "2026-01-01T00:00:12.000Z", expiresAt: t1))
    // A holder that died frees it when its lease runs out.
    #expect(try store.acquireLease(verificationId: id, holder: "c", now: t1, expiresAt: "2026-01-01T00:01:30.000Z"))
    #expect(try store.acquireLease(verificationId: UUID().uuidString, holder: "d", now: t0, expiresAt: t1))
    #expect(try store.unusableImages(verificationId: id) == 0)
    try store.countUnusableImage(verificationId: id)
    try store.countUnusableImage(verificationId: id)
    #expect(try store.unusableImages(verificationId: id) == 2)
  }

  /// The contract's checks, each its own test on a fresh store.
  enum Check: String, CaseIterable, Sendable {
    case insertThenFetchRoundTrips
    case oneActiveVerificationPerCoach
    case captureSessionsAreKeptWithTheRecord
    case updatesAreConditionalOnTheVersion
    case listsNewestFirstWithTotals
    case latestIsTheMostRecentlyCreated
    case indexEntriesAreWrittenWithTheRecordOrNotAtAll
    case listsFilterByStatus
    case eventsAreWrittenWithTheChangeOrNotAtAll
    case outboxEntriesMoveBetweenStates
    case erasureRemovesIndexEntriesAndRetentionFindsTheDue
    case untouchedVerificationsWaitingOnTheCoachAreFound
    case oneAnalysisLeaseAtATime

    func run(on contract: StoreContract) throws {
      switch self {
      case .insertThenFetchRoundTrips: try contract.insertThenFetchRoundTrips()
      case .oneActiveVerificationPerCoach: try contract.oneActiveVerificationPerCoach()
      case .captureSessionsAreKeptWithTheRecord: try contract.captureSessionsAreKeptWithTheRecord()
      case .updatesAreConditionalOnTheVersion: try contract.updatesAreConditionalOnTheVersion()
      case .listsNewestFirstWithTotals: try contract.listsNewestFirstWithTotals()
      case .latestIsTheMostRecentlyCreated: try contract.latestIsTheMostRecentlyCreated()
      case .indexEntriesAreWrittenWithTheRecordOrNotAtAll: try contract.indexEntriesAreWrittenWithTheRecordOrNotAtAll()
      case .listsFilterByStatus: try contract.listsFilterByStatus()
      case .eventsAreWrittenWithTheChangeOrNotAtAll: try contract.eventsAreWrittenWithTheChangeOrNotAtAll()
      case .outboxEntriesMoveBetweenStates: try contract.outboxEntriesMoveBetweenStates()
      case .erasureRemovesIndexEntriesAndRetentionFindsTheDue:
        try contract.erasureRemovesIndexEntriesAndRetentionFindsTheDue()
      case .untouchedVerificationsWaitingOnTheCoachAreFound:
        try contract.untouchedVerificationsWaitingOnTheCoachAreFound()
      case .oneAnalysisLeaseAtATime: try contract.oneAnalysisLeaseAtATime()
      }
    }
  }
}

@Suite struct SQLiteStoreTests {
  @Test(arguments: StoreContract.Check.allCases)
  func satisfiesTheStoreContract(_ check: StoreContract.Check) throws {
    let store = try SQLiteStore(path: temporaryDirectory() + "/nested/dir/kyc.sqlite")
    try check.run(on: StoreContract(store: store))
  }

  @Test func theFileIsTheOwnersAloneAndErasedDataIsOverwritten() throws {
    let path = temporaryDirectory() + "/kyc.sqlite"
    let store = try SQLiteStore(path: path)
    try store.insert(StoreContract(store: store).record(coach: "coach-x", at: 1))
    for file in [path, path + "-wal"] {
      let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
      #expect(mode == 0o600, "\(file)")
    }
    #expect(try store.pragma("secure_delete") == 1)
  }

  @Test func twoConnectionsSeeOneDatabase() throws {
    let path = temporaryDirectory() + "/kyc.sqlite"
    let first = try SQLiteStore(path: path)
    let second = try SQLiteStore(path: path)
    let record = StoreContract(store: first).record(coach: "coach-x", at: 1)
    try first.insert(record)
    #expect(try second.fetch(id: record.id) == record)
    #expect(throws: StoreError.activeVerificationExists) {
      try second.insert(StoreContract(store: second).record(coach: "coach-x", at: 2))
    }
  }
}

/// The same contract against DynamoDB: moto's server mode, signatures checked.
@Suite(.enabled(if: LocalAWS.available, "needs the local AWS peers of scripts/test"))
struct DynamoDBStoreTests {
  func store() throws -> DynamoDBStore {
    let store = DynamoDBStore(
      table: "kyc-test-\(UUID().uuidString.prefix(8))", endpoint: LocalAWS.value("KYC_TEST_S3_ENDPOINT"),
      region: LocalAWS.value("KYC_TEST_REGION"), credentials: LocalAWS.credentials)
    try store.createTableIfMissing()
    try store.createTableIfMissing()  // idempotent
    return store
  }

  @Test(arguments: StoreContract.Check.allCases)
  func satisfiesTheStoreContract(_ check: StoreContract.Check) throws {
    try check.run(on: StoreContract(store: try store()))
  }

  @Test func paginatesBeyondOneQueryPage() throws {
    let store = try store()
    let contract = StoreContract(store: store)
    for index in 0..<25 {
      _ = try contract.finished(
        try {
          let r = contract.record(coach: "coach-many", at: 10_000 + Double(index))
          try store.insert(r)
          return r
        }())
    }
    let page = try store.list(coachId: "coach-many", offset: 20, limit: 10)
    #expect(page.total == 25 && page.records.count == 5)
    #expect(page.records.last?.verification.createdAt == Timestamp.string(from: Date(timeIntervalSince1970: 10_000)))
  }

  /// A keyed hash on many verifications: its entries spread over shards, each capped, so no item
  /// nears DynamoDB's 400 KB; an entry for a full shard is left out without failing the write,
  /// and erasure leaves no empty item behind.
  @Test func signalIndexItemsAreShardedAndCapped() throws {
    let table = "kyc-test-\(UUID().uuidString.prefix(8))"
    let store = DynamoDBStore(
      table: table, endpoint: LocalAWS.value("KYC_TEST_S3_ENDPOINT"), region: LocalAWS.value("KYC_TEST_REGION"),
      credentials: LocalAWS.credentials, indexShardCapacity: 3)
    try store.createTableIfMissing()
    let contract = StoreContract(store: store)
    let key = "k-shared"
    var written: [VerificationRecord] = []
    for index in 0..<60 {
      var record = contract.record(coach: "coach-s-\(index)", at: 1000 + Double(index))
      try store.insert(record)
      let entry = SignalIndexEntry(
        key: key, verificationId: record.id, coachId: record.coachId, recordedAt: "2026-01-01T00:00:00.000Z")
      record.signalIndex = [entry]
      written.append(try store.replace(record, index: [entry]))
    }
    let found = try store.lookup(keys: [key])
    // At most 3 per shard of 16 (48), and no write failed for the ones left out.
    #expect(found.count <= 48 && found.count > 16)
    #expect(written.allSatisfy { $0.version == 1 })
    for shard in 0..<DynamoDBStore.indexShards {
      let item = try store.item(id: DynamoDBStore.indexKey(key, shard: shard))
      if case .object(let set)? = item?["entries"], case .array(let values)? = set["SS"] { #expect(values.count <= 3) }
    }
    for record in written {
      var erased = record
      erased.verification.redactedAt = "2026-02-01T00:00:00.000Z"
      _ = try store.replace(erased, changes: StoreChanges(removedIndex: record.signalIndex ?? []))
    }
    #expect(try store.lookup(keys: [key]).isEmpty)
    for shard in 0..<DynamoDBStore.indexShards {
      #expect(try store.item(id: DynamoDBStore.indexKey(key, shard: shard)) == nil)
    }
  }

  /// 10,000 verifications under one keyed hash: its items stay far below DynamoDB's 400 KB, a
  /// lookup reads all 10,000, and a write into a full item is kept without that one entry.
  @Test func tenThousandEntriesUnderOneKey() throws {
    let store = try store()
    let key = "k-popular"
    var shards: [Int: [JSONValue]] = [:]
    for index in 0..<10_000 {
      let id = UUID().uuidString.lowercased()
      let entry = SignalIndexEntry(
        key: key, verificationId: id, coachId: "coach-\(index)", recordedAt: "2026-01-01T00:00:00.000Z")
      shards[DynamoDBStore.shard(of: id), default: []].append(.string(DynamoDBStore.entryText(entry)))
    }
    // Written as the transactions would have left them, one item per shard.
    for (shard, entries) in shards {
      _ = try store.client.call(
        "PutItem",
        [
          "TableName": .string(store.table),
          "Item": .object([
            "id": .s(DynamoDBStore.indexKey(key, shard: shard)), "entries": .object(["SS": .array(entries)]),
          ]),
        ])
    }
    #expect(try store.lookup(keys: [key]).count == 10_000)
    for shard in 0..<DynamoDBStore.indexShards {
      let item = try #require(try store.item(id: DynamoDBStore.indexKey(key, shard: shard)))
      let bytes = try JSONEncoder().encode(JSONValue.object(item)).count
      #expect(bytes < 100_000, "shard \(shard): \(bytes) bytes")
    }
    // One shard filled to its capacity: a step that adds to it is written all the same.
    let contract = StoreContract(store: store)
    var record = contract.record(coach: "coach-late", at: 5000)
    try store.insert(record)
    let full = DynamoDBStore.shard(of: record.id)
    let padding = (shards[full]?.count ?? 0)..<store.indexShardCapacity
    _ = try store.client.call(
      "UpdateItem",
      [
        "TableName": .string(store.table), "Key": .object(["id": .s(DynamoDBStore.indexKey(key, shard: full))]),
        "UpdateExpression": .string("ADD entries :more"),
        "ExpressionAttributeValues": .object([
          ":more": .object(["SS": .array(padding.map { .string("pad-\($0) coach-pad 2026-01-01T00:00:00.000Z") })])
        ]),
      ])
    let entry = SignalIndexEntry(
      key: key, verificationId: record.id, coachId: record.coachId, recordedAt: "2026-02-01T00:00:00.000Z")
    record.verification.notes = "written although its index item is full"
    let saved = try store.replace(record, index: [entry])
    #expect(saved.version == record.version + 1)
    #expect(try store.fetch(id: record.id)?.verification.notes == "written although its index item is full")
    #expect(!(try store.lookup(keys: [key]).contains { $0.verificationId == record.id }))
  }

  @Test func wrongCredentialsAreAFailureNotACrash() throws {
    var wrong = LocalAWS.credentials
    wrong.secretAccessKey = "nope"
    let store = DynamoDBStore(
      table: "kyc-any", endpoint: LocalAWS.value("KYC_TEST_S3_ENDPOINT"), region: LocalAWS.value("KYC_TEST_REGION"),
      credentials: wrong)
    #expect(throws: StoreError.self) { try store.fetch(id: "x") }
  }
}

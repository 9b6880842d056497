import KYCJSON
import KYCModel
import KYCRules
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The embedded store: one SQLite file in WAL mode, safe for many processes at once.
///
/// A partial unique index on `coach_id` over active rows makes "one active verification per
/// coach" a property of the database itself, so two processes racing to create both reach
/// SQLite and exactly one insert wins.
public final class SQLiteStore: VerificationStore {
  private let connection: Mutex<SQLiteConnection>

  public init(path: String) throws(StoreError) {
    let directory = String(
      path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/"))
    if !directory.isEmpty {
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      } catch {
        throw .failure("cannot create the directory for the SQLite database")
      }
    }
    let db = try SQLiteConnection(path: path, busyTimeoutMs: 15_000)
    // Erased personal data is overwritten on disk, not merely unlinked from the b-tree.
    try db.execute("PRAGMA secure_delete=ON")
    try Self.migrate(db)
    connection = Mutex(db)
  }

  static let schemaVersion = 4

  /// An integer PRAGMA's value on this connection (for checks of the settings).
  func pragma(_ name: String) throws(StoreError) -> Int {
    try connection.withLock { db throws(StoreError) -> Int in
      let statement = try db.prepare("PRAGMA \(name)")
      guard try statement.step() else { return 0 }
      return statement.integer(0)
    }
  }

  static func migrate(_ db: SQLiteConnection) throws(StoreError) {
    try enableWAL(db)
    try db.execute("PRAGMA synchronous=FULL")
    guard try userVersion(db) < schemaVersion else { return }
    // Version 1 made the verifications table; version 2 adds the risk-signal index; version 3
    // the event outbox; version 4 the analysis guards (leases, unusable images). Each statement is idempotent, so a file of any version migrates in one
    // transaction.
    try db.transaction(immediate: true) { () throws(StoreError) in
      guard try userVersion(db) < schemaVersion else { return }
      try db.execute(
        """
        CREATE TABLE IF NOT EXISTS verifications (
          id TEXT PRIMARY KEY,
          coach_id TEXT NOT NULL,
          created_at TEXT NOT NULL,
          active INTEGER NOT NULL,
          version INTEGER NOT NULL,
          record TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS one_active_per_coach ON verifications(coach_id) WHERE active = 1;
        CREATE INDEX IF NOT EXISTS by_coach_created ON verifications(coach_id, created_at);
        CREATE INDEX IF NOT EXISTS by_created ON verifications(created_at);
        CREATE TABLE IF NOT EXISTS signal_index (
          key TEXT NOT NULL,
          verification_id TEXT NOT NULL,
          coach_id TEXT NOT NULL,
          recorded_at TEXT NOT NULL,
          PRIMARY KEY (key, verification_id)
        );
        CREATE TABLE IF NOT EXISTS events (
          id TEXT PRIMARY KEY,
          verification_id TEXT NOT NULL,
          sequence INTEGER NOT NULL,
          body TEXT NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL,
          next_attempt_at TEXT NOT NULL,
          last_error TEXT
        );
        CREATE INDEX IF NOT EXISTS events_by_state ON events(state, verification_id, sequence);
        CREATE TABLE IF NOT EXISTS analysis_leases (
          verification_id TEXT PRIMARY KEY,
          holder TEXT NOT NULL,
          expires_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS unusable_images (
          verification_id TEXT PRIMARY KEY,
          count INTEGER NOT NULL
        );
        PRAGMA user_version = \(schemaVersion);
        """)
    }
  }

  /// The schema version the file holds. Its statement is finished when this returns: one left
  /// stepped would hold a read snapshot, and `BEGIN IMMEDIATE` on a snapshot another process has
  /// written past fails at once (SQLITE_BUSY, no busy wait): twenty functions starting together
  /// on a fresh file did.
  static func userVersion(_ db: SQLiteConnection) throws(StoreError) -> Int {
    let statement = try db.prepare("PRAGMA user_version")
    return try statement.step() ? statement.integer(0) : 0
  }

  /// Switching to WAL needs a moment with no other connection mid-change; retry briefly if a
  /// sibling process is doing the same. The mode is stored in the file, so later opens are quick.
  static func enableWAL(_ db: SQLiteConnection) throws(StoreError) {
    var lastError = StoreError.failure("cannot enable WAL")
    for attempt in 0..<50 {
      do {
        let statement = try db.prepare("PRAGMA journal_mode=WAL")
        if try statement.step(), statement.text(0) == "wal" { return }
      } catch {
        lastError = error
      }
      usleep(UInt32(2_000 + attempt * 1_000))
    }
    throw lastError
  }

  public func insert(_ record: VerificationRecord, events: [VerificationEvent]) throws(StoreError) {
    let json = try Self.encode(record)
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) in
      try db.transaction(immediate: true) { () throws(StoreError) in
        _ = try db.run(
          "INSERT INTO verifications (id, coach_id, created_at, active, version, record) VALUES (?, ?, ?, ?, ?, ?)",
          [
            .text(record.id), .text(record.coachId), .text(record.verification.createdAt),
            .integer(record.isActive ? 1 : 0), .integer(record.version), .text(json),
          ])
        try Self.append(OutboxEvent.entries(for: record, events), to: db)
      }
    }
  }

  public func fetch(id: String) throws(StoreError) -> VerificationRecord? {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> VerificationRecord? in
      let statement = try db.prepare("SELECT record, version FROM verifications WHERE id = ?", [.text(id)])
      return try statement.step() ? Self.decode(statement) : nil
    }
  }

  public func replace(_ record: VerificationRecord, changes: StoreChanges) throws(StoreError)
    -> VerificationRecord
  {
    var next = record
    next.version = record.version + 1
    let json = try Self.encode(next)
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) in
      try db.transaction(immediate: true) { () throws(StoreError) in
        let changed = try db.run(
          "UPDATE verifications SET record = ?, active = ?, version = ? WHERE id = ? AND version = ?",
          [
            .text(json), .integer(next.isActive ? 1 : 0), .integer(next.version), .text(record.id),
            .integer(record.version),
          ])
        // Thrown inside the transaction, so the index entries are rolled back with it.
        guard changed == 1 else { throw .versionConflict }
        for entry in changes.index {
          _ = try db.run(
            "INSERT OR IGNORE INTO signal_index (key, verification_id, coach_id, recorded_at) VALUES (?, ?, ?, ?)",
            [.text(entry.key), .text(entry.verificationId), .text(entry.coachId), .text(entry.recordedAt)])
        }
        for entry in changes.removedIndex {
          _ = try db.run(
            "DELETE FROM signal_index WHERE key = ? AND verification_id = ?",
            [.text(entry.key), .text(entry.verificationId)])
        }
        try Self.append(OutboxEvent.entries(for: next, changes.events), to: db)
      }
    }
    return next
  }

  public func acquireLease(verificationId: String, holder: String, now: String, expiresAt: String)
    throws(StoreError) -> Bool
  {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> Bool in
      // One statement: a new marker, or one whose lease ran out taken over; a live one stays.
      let changed = try db.run(
        """
        INSERT INTO analysis_leases (verification_id, holder, expires_at) VALUES (?, ?, ?)
        ON CONFLICT(verification_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE analysis_leases.expires_at <= ?
        """,
        [.text(verificationId), .text(holder), .text(expiresAt), .text(now)])
      return changed == 1
    }
  }

  public func releaseLease(verificationId: String, holder: String) throws(StoreError) {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) in
      _ = try db.run(
        "DELETE FROM analysis_leases WHERE verification_id = ? AND holder = ?", [.text(verificationId), .text(holder)])
    }
  }

  public func countUnusableImage(verificationId: String) throws(StoreError) {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) in
      _ = try db.run(
        """
        INSERT INTO unusable_images (verification_id, count) VALUES (?, 1)
        ON CONFLICT(verification_id) DO UPDATE SET count = count + 1
        """, [.text(verificationId)])
    }
  }

  public func unusableImages(verificationId: String) throws(StoreError) -> Int {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> Int in
      let statement = try db.prepare(
        "SELECT count FROM unusable_images WHERE verification_id = ?", [.text(verificationId)])
      return try statement.step() ? statement.integer(0) : 0
    }
  }

  public func lookup(keys: [String]) throws(StoreError) -> [SignalIndexEntry] {
    guard !keys.isEmpty else { return [] }
    return try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> [SignalIndexEntry] in
      let marks = Array(repeating: "?", count: keys.count).joined(separator: ", ")
      let statement = try db.prepare(
        "SELECT key, verification_id, coach_id, recorded_at FROM signal_index WHERE key IN (\(marks))",
        keys.map { .text($0) })
      var entries: [SignalIndexEntry] = []
      while try statement.step() {
        entries.append(
          SignalIndexEntry(
            key: statement.text(0), verificationId: statement.text(1), coachId: statement.text(2),
            recordedAt: statement.text(3)))
      }
      return entries
    }
  }

  public func list(coachId: String?, status: Status?, offset: Int, limit: Int) throws(StoreError) -> (
    records: [VerificationRecord], total: Int
  ) {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> ([VerificationRecord], Int) in
      try db.transaction(immediate: false) { () throws(StoreError) -> ([VerificationRecord], Int) in
        var conditions: [String] = []
        var filterValues: [SQLiteValue] = []
        if let coachId {
          conditions.append("coach_id = ?")
          filterValues.append(.text(coachId))
        }
        if let status {
          conditions.append("json_extract(record, '$.verification.status') = ?")
          filterValues.append(.text(status.rawValue))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let count = try db.prepare("SELECT COUNT(*) FROM verifications \(filter)", filterValues)
        let total = try count.step() ? count.integer(0) : 0
        let page = try db.prepare(
          "SELECT record, version FROM verifications \(filter) ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
          filterValues + [.integer(limit), .integer(offset)])
        var records: [VerificationRecord] = []
        while try page.step() { records.append(try Self.decode(page)) }
        return (records, total)
      }
    }
  }

  public func latest(coachId: String) throws(StoreError) -> VerificationRecord? {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> VerificationRecord? in
      let statement = try db.prepare(
        "SELECT record, version FROM verifications WHERE coach_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
        [.text(coachId)])
      return try statement.step() ? Self.decode(statement) : nil
    }
  }

  // MARK: Outbox

  static func append(_ entries: [OutboxEvent], to db: SQLiteConnection) throws(StoreError) {
    for entry in entries {
      _ = try db.run(
        """
        INSERT INTO events (id, verification_id, sequence, body, state, attempts, next_attempt_at, last_error)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          .text(entry.event.id), .text(entry.event.verificationId), .integer(entry.sequence),
          .text(try EventCoding.encode(entry.event)), .text(entry.state.rawValue), .integer(entry.attempts),
          .text(entry.nextAttemptAt), entry.lastError.map { .text($0) } ?? .null,
        ])
    }
  }

  public func pendingEvents(limit: Int) throws(StoreError) -> [OutboxEvent] {
    try events(where: "state = 'pending'", [], limit: limit)
  }

  public func deadLetters(limit: Int) throws(StoreError) -> [OutboxEvent] {
    try events(where: "state = 'dead'", [], limit: limit)
  }

  public func outboxEvent(id: String) throws(StoreError) -> OutboxEvent? {
    try events(where: "id = ?", [.text(id)], limit: 1).first
  }

  func events(where condition: String, _ values: [SQLiteValue], limit: Int) throws(StoreError) -> [OutboxEvent] {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> [OutboxEvent] in
      let statement = try db.prepare(
        """
        SELECT body, sequence, state, attempts, next_attempt_at, last_error FROM events WHERE \(condition)
        ORDER BY verification_id, sequence LIMIT ?
        """, values + [.integer(limit)])
      var found: [OutboxEvent] = []
      while try statement.step() {
        found.append(
          OutboxEvent(
            event: try EventCoding.decode(statement.text(0)), sequence: statement.integer(1),
            state: OutboxEvent.State(rawValue: statement.text(2)) ?? .pending, attempts: statement.integer(3),
            nextAttemptAt: statement.text(4), lastError: statement.isNull(5) ? nil : statement.text(5)))
      }
      return found
    }
  }

  public func acknowledge(eventId: String) throws(StoreError) {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) in
      _ = try db.run("DELETE FROM events WHERE id = ?", [.text(eventId)])
    }
  }

  public func update(_ event: OutboxEvent) throws(StoreError) {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) in
      _ = try db.run(
        "UPDATE events SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
        [
          .text(event.state.rawValue), .integer(event.attempts), .text(event.nextAttemptAt),
          event.lastError.map { .text($0) } ?? .null, .text(event.event.id),
        ])
    }
  }

  public func completedUnredacted(before cutoff: String) throws(StoreError) -> [VerificationRecord] {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> [VerificationRecord] in
      let statement = try db.prepare(
        """
        SELECT record, version FROM verifications WHERE active = 0
          AND json_extract(record, '$.verification.redactedAt') IS NULL
          AND json_extract(record, '$.verification.completedAt') < ?
        ORDER BY created_at
        """, [.text(cutoff)])
      var records: [VerificationRecord] = []
      while try statement.step() { records.append(try Self.decode(statement)) }
      return records
    }
  }

  public func erased(since cutoff: String) throws(StoreError) -> [VerificationRecord] {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> [VerificationRecord] in
      let statement = try db.prepare(
        """
        SELECT record, version FROM verifications
          WHERE json_extract(record, '$.verification.redactedAt') >= ? ORDER BY created_at
        """, [.text(cutoff)])
      var records: [VerificationRecord] = []
      while try statement.step() { records.append(try Self.decode(statement)) }
      return records
    }
  }

  public func untouchedWaitingOnCoach(before cutoff: String) throws(StoreError) -> [VerificationRecord] {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> [VerificationRecord] in
      let statuses = Lifecycle.waitingOnCoach.map(\.rawValue).sorted()
      let statement = try db.prepare(
        """
        SELECT record, version FROM verifications WHERE active = 1
          AND json_extract(record, '$.verification.status') IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))
          AND json_extract(record, '$.verification.updatedAt') < ?
        ORDER BY created_at
        """, statuses.map { .text($0) } + [.text(cutoff)])
      var records: [VerificationRecord] = []
      while try statement.step() { records.append(try Self.decode(statement)) }
      return records
    }
  }

  static func encode(_ record: VerificationRecord) throws(StoreError) -> String {
    do {
      return String(decoding: try JSONCoding.encoder().encode(record), as: UTF8.self)
    } catch {
      throw .failure("cannot encode a verification record")
    }
  }

  static func decode(_ statement: SQLiteStatement) throws(StoreError) -> VerificationRecord {
    do {
      var record = try JSONDecoder().decode(VerificationRecord.self, from: Data(statement.text(0).utf8))
      record.version = statement.integer(1)
      return record
    } catch {
      throw .failure("a stored verification record cannot be decoded")
    }
  }
}

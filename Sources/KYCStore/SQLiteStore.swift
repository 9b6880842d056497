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
    try Self.migrate(db)
    connection = Mutex(db)
  }

  static let schemaVersion = 2

  static func migrate(_ db: SQLiteConnection) throws(StoreError) {
    try enableWAL(db)
    try db.execute("PRAGMA synchronous=FULL")
    let current = try db.prepare("PRAGMA user_version")
    guard try current.step(), current.integer(0) < schemaVersion else { return }
    // Version 1 made the verifications table; version 2 adds the risk-signal index. Each
    // statement is idempotent, so a file of either version migrates in one transaction.
    try db.transaction(immediate: true) { () throws(StoreError) in
      let check = try db.prepare("PRAGMA user_version")
      guard try check.step(), check.integer(0) < schemaVersion else { return }
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
        PRAGMA user_version = \(schemaVersion);
        """)
    }
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

  public func insert(_ record: VerificationRecord) throws(StoreError) {
    let json = try Self.encode(record)
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) in
      _ = try db.transaction(immediate: true) { () throws(StoreError) -> Int in
        try db.run(
          "INSERT INTO verifications (id, coach_id, created_at, active, version, record) VALUES (?, ?, ?, ?, ?, ?)",
          [
            .text(record.id), .text(record.coachId), .text(record.verification.createdAt),
            .integer(record.isActive ? 1 : 0), .integer(record.version), .text(json),
          ])
      }
    }
  }

  public func fetch(id: String) throws(StoreError) -> VerificationRecord? {
    try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> VerificationRecord? in
      let statement = try db.prepare("SELECT record, version FROM verifications WHERE id = ?", [.text(id)])
      return try statement.step() ? Self.decode(statement) : nil
    }
  }

  public func replace(_ record: VerificationRecord, index: [SignalIndexEntry]) throws(StoreError)
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
        for entry in index {
          _ = try db.run(
            "INSERT OR IGNORE INTO signal_index (key, verification_id, coach_id, recorded_at) VALUES (?, ?, ?, ?)",
            [.text(entry.key), .text(entry.verificationId), .text(entry.coachId), .text(entry.recordedAt)])
        }
      }
    }
    return next
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

  static func encode(_ record: VerificationRecord) throws(StoreError) -> String {
    do {
      return String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
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

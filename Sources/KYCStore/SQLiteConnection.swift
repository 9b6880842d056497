import CSQLite

#if canImport(Glibc)
  import Glibc
#endif

/// A thin, synchronous handle on one SQLite database connection.
final class SQLiteConnection {
  private let db: OpaquePointer

  init(path: String, busyTimeoutMs: Int32) throws(StoreError) {
    // Passport data lives here: the file is the owner's alone, whatever the umask. SQLite gives
    // its -wal and -shm files the main file's permissions.
    let descriptor = open(path, O_RDWR | O_CREAT, 0o600)
    if descriptor >= 0 { close(descriptor) }
    var handle: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
      if let handle { sqlite3_close(handle) }
      throw .failure("cannot open SQLite database")
    }
    db = handle
    sqlite3_busy_timeout(db, busyTimeoutMs)
  }

  deinit { sqlite3_close_v2(db) }

  func execute(_ sql: String) throws(StoreError) {
    let code = sqlite3_exec(db, sql, nil, nil, nil)
    guard code == SQLITE_OK else { throw error(code) }
  }

  func prepare(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) -> SQLiteStatement {
    var statement: OpaquePointer?
    let code = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
    guard code == SQLITE_OK, let statement else { throw error(code) }
    let prepared = SQLiteStatement(statement, connection: self)
    for (index, value) in values.enumerated() { try prepared.bind(value, at: Int32(index + 1)) }
    return prepared
  }

  /// Runs a statement that returns no rows and gives the number of rows it changed.
  @discardableResult
  func run(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) -> Int {
    let statement = try prepare(sql, values)
    _ = try statement.step()
    return Int(sqlite3_changes(db))
  }

  /// Runs `body` in a transaction. `immediate` takes the write lock up front so that two
  /// writers never both read, then both try to write.
  func transaction<T>(immediate: Bool, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
    try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  func error(_ code: Int32) -> StoreError {
    if code & 0xFF == SQLITE_CONSTRAINT { return .activeVerificationExists }
    return .failure("SQLite error \(code): \(String(cString: sqlite3_errstr(code)))")
  }
}

enum SQLiteValue {
  case text(String)
  case integer(Int)
  case null
}

/// A prepared statement; finalised when released.
final class SQLiteStatement {
  private let handle: OpaquePointer
  private let connection: SQLiteConnection

  init(_ handle: OpaquePointer, connection: SQLiteConnection) {
    self.handle = handle
    self.connection = connection
  }

  deinit { sqlite3_finalize(handle) }

  func bind(_ value: SQLiteValue, at index: Int32) throws(StoreError) {
    let code: Int32
    switch value {
    case .text(let text):
      // SQLITE_TRANSIENT: SQLite copies the bytes before this call returns.
      code = sqlite3_bind_text(handle, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    case .integer(let number):
      code = sqlite3_bind_int64(handle, index, Int64(number))
    case .null:
      code = sqlite3_bind_null(handle, index)
    }
    guard code == SQLITE_OK else { throw connection.error(code) }
  }

  /// Advances one row: `true` while a row is available.
  func step() throws(StoreError) -> Bool {
    let code = sqlite3_step(handle)
    switch code {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw connection.error(code)
    }
  }

  func text(_ column: Int32) -> String {
    guard let bytes = sqlite3_column_text(handle, column) else { return "" }
    return String(cString: bytes)
  }

  func integer(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
}

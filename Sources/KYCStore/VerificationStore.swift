import KYCModel
import KYCRules

/// Where verification records live. Implementations keep two invariants under concurrency:
/// a coach has at most one active verification, and an update applies only to the version it
/// was computed from.
public protocol VerificationStore: Sendable {
  /// Stores a new record. Throws `.activeVerificationExists` if its coach already has an active one.
  func insert(_ record: VerificationRecord) throws(StoreError)
  func fetch(id: String) throws(StoreError) -> VerificationRecord?
  /// Replaces the record if its stored version is still `record.version`, and adds `index`
  /// entries in the same write; returns the record with its new version. Throws
  /// `.versionConflict` otherwise, and then nothing is written.
  func replace(_ record: VerificationRecord, index: [SignalIndexEntry]) throws(StoreError) -> VerificationRecord
  /// Every index entry under any of `keys`, read consistently.
  func lookup(keys: [String]) throws(StoreError) -> [SignalIndexEntry]
  /// One page, newest first, and the number of all matching records: a coach's or everyone's,
  /// in one status or any.
  func list(coachId: String?, status: Status?, offset: Int, limit: Int) throws(StoreError) -> (
    records: [VerificationRecord], total: Int
  )
  /// The coach's most recently created verification.
  func latest(coachId: String) throws(StoreError) -> VerificationRecord?
}

extension VerificationStore {
  public func list(coachId: String?, offset: Int, limit: Int) throws(StoreError) -> (
    records: [VerificationRecord], total: Int
  ) {
    try list(coachId: coachId, status: nil, offset: offset, limit: limit)
  }

  public func replace(_ record: VerificationRecord) throws(StoreError) -> VerificationRecord {
    try replace(record, index: [])
  }
}

public enum StoreError: Error, Sendable, Equatable {
  case activeVerificationExists
  case versionConflict
  /// The store could not do its work; the message is for logs, not for clients.
  case failure(String)
}

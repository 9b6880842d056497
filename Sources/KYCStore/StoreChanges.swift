import KYCModel
import KYCRules

/// What a record's write carries besides the record, all applied in the same transaction.
public struct StoreChanges: Sendable, Equatable {
  /// Risk-signal index entries to add.
  public var index: [SignalIndexEntry]
  /// Risk-signal index entries to remove (erasure).
  public var removedIndex: [SignalIndexEntry]
  /// Events for the outbox.
  public var events: [VerificationEvent]

  public init(index: [SignalIndexEntry] = [], removedIndex: [SignalIndexEntry] = [], events: [VerificationEvent] = []) {
    self.index = index
    self.removedIndex = removedIndex
    self.events = events
  }
}

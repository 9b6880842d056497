import KYCModel
import KYCRules

/// Where verification records live, as the union of five narrow stores, each what one kind of
/// caller needs: the records (handlers), the signal index (the risk checks), the outbox (the
/// event dispatcher), the retention queries (the daily job) and the analysis guards (the upload
/// functions). Implementations keep two
/// invariants under concurrency: a coach has at most one active verification, and an update
/// applies only to the version it was computed from.
public typealias VerificationStore = RecordStore & SignalIndex & Outbox & RetentionQueries & AnalysisGuards

/// The verification records.
public protocol RecordStore: Sendable {
  /// Stores a new record and its events in one write. Throws `.activeVerificationExists` if its
  /// coach already has an active one, and then nothing is written.
  func insert(_ record: VerificationRecord, events: [VerificationEvent]) throws(StoreError)
  func fetch(id: String) throws(StoreError) -> VerificationRecord?
  /// Replaces the record if its stored version is still `record.version`, with `changes` (index
  /// entries added and removed, outbox events) in the same write; returns the record with its
  /// new version. Throws `.versionConflict` otherwise, and then nothing is written.
  func replace(_ record: VerificationRecord, changes: StoreChanges) throws(StoreError) -> VerificationRecord
  /// One page, newest first, and the number of all matching records: a coach's or everyone's,
  /// in one status or any.
  func list(coachId: String?, status: Status?, offset: Int, limit: Int) throws(StoreError) -> (
    records: [VerificationRecord], total: Int
  )
  /// The coach's most recently created verification.
  func latest(coachId: String) throws(StoreError) -> VerificationRecord?
}

/// The risk-signal index (written with the records, through `StoreChanges`).
public protocol SignalIndex: Sendable {
  /// Every index entry under any of `keys`, read consistently.
  func lookup(keys: [String]) throws(StoreError) -> [SignalIndexEntry]
}

/// The events still to deliver and those given up (written with the records, through
/// `StoreChanges`).
public protocol Outbox: Sendable {
  /// Outbox events not yet delivered nor dead, up to `limit`, by verification and sequence.
  func pendingEvents(limit: Int) throws(StoreError) -> [OutboxEvent]
  /// Events whose delivery was given up, for an admin to see and replay.
  func deadLetters(limit: Int) throws(StoreError) -> [OutboxEvent]
  /// Records a failed delivery attempt, a dead letter or a replay for one outbox event.
  func update(_ event: OutboxEvent) throws(StoreError)
  /// A delivered event leaves the outbox: it holds only what is still to deliver and what was
  /// given up. Acknowledging an event that is not there is no error.
  func acknowledge(eventId: String) throws(StoreError)
  /// One outbox event by id.
  func outboxEvent(id: String) throws(StoreError) -> OutboxEvent?
}

/// What keeps image analysis, the costly step, in bounds, kept beside the records and not in
/// them (an upload refused or unusable changes no record): one analysis at a time per
/// verification — an upload takes the verification's marker before it analyses and gives it back
/// after its write, and a marker whose holder died frees itself when its lease runs out — and the
/// count of the verification's images that could not be analysed at all.
public protocol AnalysisGuards: Sendable {
  /// Takes the marker of `verificationId` for `holder` until `expiresAt`, unless another holder's
  /// marker is still valid at `now` (timestamps as `Timestamp` writes them). True when taken.
  func acquireLease(verificationId: String, holder: String, now: String, expiresAt: String) throws(StoreError) -> Bool
  /// Gives the marker back if `holder` still holds it; otherwise does nothing.
  func releaseLease(verificationId: String, holder: String) throws(StoreError)
  /// Counts one more image of the verification that could not be analysed.
  func countUnusableImage(verificationId: String) throws(StoreError)
  /// How many images of the verification could not be analysed.
  func unusableImages(verificationId: String) throws(StoreError) -> Int
}

/// What the retention job looks for.
public protocol RetentionQueries: Sendable {
  /// Completed verifications (approved or rejected) whose `completedAt` is before `cutoff` and
  /// whose personal data has not been erased yet.
  func completedUnredacted(before cutoff: String) throws(StoreError) -> [VerificationRecord]
  /// Active verifications waiting on their coach (`Lifecycle.waitingOnCoach`) whose `updatedAt`
  /// is before `cutoff`: what the retention job closes as abandoned.
  func untouchedWaitingOnCoach(before cutoff: String) throws(StoreError) -> [VerificationRecord]
  /// Verifications whose personal data was erased at or after `cutoff`: an upload slot handed out
  /// before an erasure may still land an image under their prefix.
  func erased(since cutoff: String) throws(StoreError) -> [VerificationRecord]
}

extension RecordStore {
  public func list(coachId: String?, offset: Int, limit: Int) throws(StoreError) -> (
    records: [VerificationRecord], total: Int
  ) {
    try list(coachId: coachId, status: nil, offset: offset, limit: limit)
  }

  public func replace(_ record: VerificationRecord) throws(StoreError) -> VerificationRecord {
    try replace(record, changes: StoreChanges())
  }

  public func replace(_ record: VerificationRecord, index: [SignalIndexEntry]) throws(StoreError)
    -> VerificationRecord
  {
    try replace(record, changes: StoreChanges(index: index))
  }

  public func insert(_ record: VerificationRecord) throws(StoreError) {
    try insert(record, events: [])
  }
}

extension Outbox {
  /// A dead letter back in the outbox, due at `time` (`OutboxEvent.replayed`); `nil` when no
  /// dead letter has this id (a pending or delivered event does not replay).
  public func replayDeadLetter(id: String, at time: String) throws(StoreError) -> OutboxEvent? {
    guard let letter = try outboxEvent(id: id), letter.state == .dead else { return nil }
    let replayed = letter.replayed(at: time)
    try update(replayed)
    return replayed
  }
}

public enum StoreError: Error, Sendable, Equatable {
  case activeVerificationExists
  case versionConflict
  /// The store could not do its work; the message is for logs, not for clients.
  case failure(String)
}

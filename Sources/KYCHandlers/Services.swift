import CivilTime
import KYCConfiguration
import KYCLogging
import KYCModel
import KYCRules
import KYCRuntime
import KYCStore
import SigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What the operations work with, built once per process and reused across invocations.
public struct Services: Sendable {
  public let configuration: Configuration
  public let store: any VerificationStore
  public let lifecycle: Lifecycle
  public let images: any ImageStore
  public let analysis: any ImageAnalysis
  public let clock: @Sendable () -> Date
  public let newId: @Sendable () -> String
  /// The capture page's frame check, in the one function that makes it (`checkCaptureFrame`).
  public var frameInspection: (any FrameInspection)?
  /// The chip check, in the one function that makes it (`verifyChip`).
  public var chipInspection: (any ChipInspection)?

  public init(
    configuration: Configuration, store: any VerificationStore, images: any ImageStore, analysis: any ImageAnalysis,
    clock: @escaping @Sendable () -> Date = { Date() },
    newId: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
  ) {
    self.configuration = configuration
    self.store = store
    self.lifecycle = Lifecycle(maxAttempts: configuration.maxAttempts, matchThreshold: configuration.matchThreshold)
    self.images = images
    self.analysis = analysis
    self.clock = clock
    self.newId = newId
  }

  /// Services for a function process, from the environment, at start-up: what cannot work
  /// stops the function there (`ConfigurationError`). Functions that analyse images pass their
  /// engines in; the others never load them. A function that keeps the risk index refuses to
  /// start in the cloud on the development key: an index keyed with a published key can be
  /// searched by trying document numbers.
  public static func live(
    environment: [String: String], function: String = "",
    analysis: (Configuration) -> any ImageAnalysis = { _ in UnavailableImageAnalysis() }
  ) throws(ConfigurationError) -> Services {
    let configuration = try Configuration(environment: environment)
    if case .dynamoDB = configuration.store, configuration.usesDevelopmentSignalKey,
      FunctionSettings.reads(function).contains(.signalKey)
    {
      throw ConfigurationError(
        .signalKey, "must be set: \(function) keeps the risk index and refuses the development key")
    }
    return Services(
      configuration: configuration, store: try openStore(configuration, environment: environment),
      images: S3ImageStore(configuration: configuration, environment: environment),
      analysis: analysis(configuration))
  }

  public static func openStore(_ configuration: Configuration, environment: [String: String])
    throws(ConfigurationError) -> any VerificationStore
  {
    switch configuration.store {
    case .sqlite(let path):
      do {
        return try SQLiteStore(path: path)
      } catch {
        throw ConfigurationError(.store, "names a database that cannot be opened: \(error)")
      }
    case .dynamoDB(let table):
      guard let credentials = SigV4Signer.Credentials(environment: environment) else {
        throw ConfigurationError("AWS_ACCESS_KEY_ID", "and AWS_SECRET_ACCESS_KEY must be set for the DynamoDB store")
      }
      return DynamoDBStore(
        table: table, endpoint: configuration.dynamoDBEndpoint, region: configuration.region, credentials: credentials)
    }
  }
}

extension Services {
  /// The verification behind a path id that the caller may read.
  func readableRecord(_ id: String, caller: Caller) throws -> VerificationRecord {
    guard let record = try store.fetch(id: id) else {
      throw APIError.notFound("verification not found")
    }
    try caller.checkCanRead(record.coachId)
    return record
  }

  /// Writes `next`, computed from `before` by `actor`'s request, with its history entries, their
  /// events and the risk-signal index entries, all in one write.
  func save(
    _ next: VerificationRecord, from before: VerificationRecord, by actor: HistoryEntry.Actor,
    index: [SignalIndexEntry] = [], removingIndex: [SignalIndexEntry] = [], at time: String? = nil
  ) throws -> VerificationRecord {
    // A verification that leaves the capture states revokes its capture session.
    var next = CaptureAccess.revokedIfComplete(next)
    if !index.isEmpty { next.signalIndex = (next.signalIndex ?? []) + index }
    let (logged, events) = ChangeLog.record(
      before: before, after: next, actor: actor, at: time ?? next.verification.updatedAt, newId: newId)
    let changes = StoreChanges(
      index: index, removedIndex: removingIndex, events: configuration.writesEvents ? events : [])
    return try store.replace(logged, changes: changes)
  }

  /// The risk checks; says so in the log when they run on the development key.
  func riskScreen(_ logger: Logger) -> RiskScreen {
    if configuration.usesDevelopmentSignalKey {
      logger.warning("KYC_SIGNAL_KEY is not set: the risk-signal index uses the development key")
    }
    return RiskScreen(store: store, key: configuration.signalKey, minimumAge: configuration.minimumAge)
  }

  /// Stores a new verification with its first history entry and event.
  func insert(_ record: VerificationRecord, by actor: HistoryEntry.Actor) throws -> VerificationRecord {
    let (logged, events) = ChangeLog.record(
      before: nil, after: record, actor: actor, at: record.verification.createdAt, newId: newId)
    let written = configuration.writesEvents ? events : []
    try store.insert(logged, events: written)
    return logged
  }

  func latest(coachId: String) throws -> VerificationRecord? {
    try store.latest(coachId: coachId)
  }

  func list(coachId: String?, status: Status?, offset: Int, limit: Int) throws -> (
    records: [VerificationRecord], total: Int
  ) {
    try store.list(coachId: coachId, status: status, offset: offset, limit: limit)
  }

  var today: CalendarDate { CalendarDate(clock()) }
}

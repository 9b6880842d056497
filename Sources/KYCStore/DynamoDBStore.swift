import DynamoDBClient
import KYCJSON
import KYCModel
import KYCRules
import SigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Verification records in one DynamoDB table (key `id`).
///
/// - Each verification is an item holding the record as JSON plus the attributes its indexes
///   need: GSI `byCoach` (coachId, createdAt) for a coach's list and latest verification, and
///   GSI `byCreated` (entity, createdAt) for the admin's list of all.
/// - "One active verification per coach" is a guard item `active-coach#<coachId>`, written in
///   the same transaction as the verification and deleted in the same transaction that finishes
///   it: two racing creates cannot both commit.
/// - Every update is conditional on the stored `version` (optimistic locking).
/// - Lists read the indexes, which DynamoDB keeps eventually consistent: a verification created
///   a moment ago may take a moment to appear in a list. Reads by id are strongly consistent, and
///   so is a coach's latest verification: the item `latest-coach#<coachId>`, written in the same
///   transaction as each create, names it.
/// - Every change writes its events as items `event#<id>` in the same transaction (the outbox);
///   the sparse GSI `byOutbox` (outbox, nextAttemptAt) lists those pending or dead.
public final class DynamoDBStore: VerificationStore {
  let table: String
  let client: DynamoDBClient
  /// Entries one signal index item holds at most (see `DynamoDBStore+SignalIndex`): about 100 bytes
  /// each, so an item stays far below DynamoDB's 400 KB.
  let indexShardCapacity: Int

  public init(
    table: String, endpoint: String?, region: String, credentials: SigV4Signer.Credentials,
    indexShardCapacity: Int = 1_000
  ) {
    self.table = table
    self.indexShardCapacity = indexShardCapacity
    client = DynamoDBClient(endpoint: endpoint, region: region, credentials: credentials)
  }

  static let entity = "verification"
  static func guardKey(_ coachId: String) -> String { "active-coach#\(coachId)" }
  static func latestKey(_ coachId: String) -> String { "latest-coach#\(coachId)" }
  static func coachKey(_ coachId: String) -> String { "coach-verifications#\(coachId)" }

  // MARK: Records

  public func insert(_ record: VerificationRecord, events: [VerificationEvent]) throws(StoreError) {
    var actions: [JSONValue] = [
      .object([
        "Put": .object([
          "TableName": .string(table), "Item": try Self.item(record),
          "ConditionExpression": .string("attribute_not_exists(id)"),
        ])
      ])
    ]
    if record.isActive {
      actions.append(
        .object([
          "Put": .object([
            "TableName": .string(table),
            "Item": .object(["id": .s(Self.guardKey(record.coachId)), "verificationId": .s(record.id)]),
            "ConditionExpression": .string("attribute_not_exists(id)"),
          ])
        ]))
    }
    // The coach's latest verification, named by an item read with strong consistency, so a status
    // read right after a create sees it (the byCoach index may not yet). After the guard, whose
    // position in the transaction says which condition failed.
    actions.append(
      .object([
        "Put": .object([
          "TableName": .string(table),
          "Item": .object([
            "id": .s(Self.latestKey(record.coachId)), "verificationId": .s(record.id),
            "createdAt": .s(record.verification.createdAt),
          ]),
        ])
      ]))
    // Every verification of the coach, named by an item read with strong consistency, so the
    // coach's own list sees a verification the moment it exists.
    actions.append(
      .object([
        "Update": .object([
          "TableName": .string(table), "Key": .object(["id": .s(Self.coachKey(record.coachId))]),
          "UpdateExpression": .string("ADD verificationIds :id"),
          "ExpressionAttributeValues": .object([":id": .object(["SS": .array([.string(record.id)])])]),
        ])
      ]))
    actions += try OutboxEvent.entries(for: record, events).map { entry throws(StoreError) in
      .object(["Put": .object(["TableName": .string(table), "Item": try Self.item(entry)])])
    }
    do {
      _ = try client.call("TransactWriteItems", ["TransactItems": .array(actions)])
    } catch .transactionCanceled(let reasons) where reasons.count > 1 && reasons[1] == "ConditionalCheckFailed" {
      throw .activeVerificationExists
    } catch {
      throw Self.storeError(error)
    }
  }

  public func fetch(id: String) throws(StoreError) -> VerificationRecord? {
    guard let item = try item(id: id), item["entity"]?.attribute == Self.entity else { return nil }
    return try Self.record(item)
  }

  /// The item with this key, read consistently: every read of this store needs its own writes.
  func item(id: String) throws(StoreError) -> [String: JSONValue]? {
    let output: [String: JSONValue]
    do {
      output = try client.call(
        "GetItem", ["TableName": .string(table), "Key": .object(["id": .s(id)]), "ConsistentRead": .bool(true)])
    } catch {
      throw Self.storeError(error)
    }
    guard case .object(let item)? = output["Item"] else { return nil }
    return item
  }

  public func replace(_ record: VerificationRecord, changes: StoreChanges) throws(StoreError)
    -> VerificationRecord
  {
    var changes = changes
    do {
      return try write(record, changes: changes)
    } catch .indexFull(let positions) {
      // Entries for full index items are left out, never failing the step (see the index's note).
      changes.index = changes.index.enumerated().filter { !positions.contains($0.offset) }.map(\.element)
      do {
        return try write(record, changes: changes)
      } catch {
        throw error.storeError
      }
    } catch {
      throw error.storeError
    }
  }

  /// Why one transaction of `replace` failed.
  enum WriteFailure: Error {
    /// These of the change's index entries were refused: their items are full.
    case indexFull(Set<Int>)
    case store(StoreError)

    var storeError: StoreError {
      switch self {
      case .indexFull: .failure("the signal index refused an entry")
      case .store(let error): error
      }
    }
  }

  func write(_ record: VerificationRecord, changes: StoreChanges) throws(WriteFailure) -> VerificationRecord {
    var next = record
    next.version = record.version + 1
    let put: [String: JSONValue]
    let events: [JSONValue]
    do {
      put = [
        "TableName": .string(table), "Item": try Self.item(next),
        "ConditionExpression": .string("version = :expected"),
        "ExpressionAttributeValues": .object([":expected": .n(record.version)]),
      ]
      events = try OutboxEvent.entries(for: next, changes.events).map { entry throws(StoreError) in
        .object(["Put": .object(["TableName": .string(table), "Item": try Self.item(entry)])])
      }
    } catch {
      throw .store(error)
    }
    // Index entries and events go in the same transaction as the record they belong to.
    var actions: [JSONValue] = changes.index.map { .object(["Update": indexUpdate($0)]) }
    actions += changes.removedIndex.map { .object(["Update": indexUpdate($0, removing: true)]) }
    actions += events
    if !next.isActive {
      // Finishing frees the coach's guard; a guard held by another verification stays.
      actions.append(
        .object([
          "Delete": .object([
            "TableName": .string(table), "Key": .object(["id": .s(Self.guardKey(record.coachId))]),
            "ConditionExpression": .string("attribute_not_exists(id) OR verificationId = :id"),
            "ExpressionAttributeValues": .object([":id": .s(record.id)]),
          ])
        ]))
    }
    do throws(DynamoDBClient.Failure) {
      if actions.isEmpty {
        _ = try client.call("PutItem", put)
      } else {
        _ = try client.call(
          "TransactWriteItems", ["TransactItems": .array([.object(["Put": .object(put)])] + actions)])
      }
    } catch .conditionFailed {
      throw .store(.versionConflict)
    } catch .transactionCanceled(let reasons) where reasons.first == "ConditionalCheckFailed" {
      throw .store(.versionConflict)
    } catch .transactionCanceled(let reasons)
      where reasons.dropFirst().prefix(changes.index.count).contains("ConditionalCheckFailed")
    {
      let full = reasons.dropFirst().prefix(changes.index.count).enumerated().filter {
        $0.element == "ConditionalCheckFailed"
      }
      throw .indexFull(Set(full.map(\.offset)))
    } catch {
      throw .store(Self.storeError(error))
    }
    // After the write, and only tidying: an empty item left by a failure here is harmless.
    if !changes.removedIndex.isEmpty { try? deleteEmptyIndexItems(changes.removedIndex) }
    return next
  }

  public func list(coachId: String?, status: Status?, offset: Int, limit: Int) throws(StoreError) -> (
    records: [VerificationRecord], total: Int
  ) {
    if let coachId { return try coachList(coachId, status: status, offset: offset, limit: limit) }
    var total = 0
    var counting = Self.newestFirst(table: table, coachId: coachId, status: status)
    counting["Select"] = .string("COUNT")
    try paginate(counting) { page in
      total += Int(page["Count"]?.numberValue ?? 0)
      return true
    }
    return (try newest(coachId: coachId, status: status, skipping: offset, count: limit), total)
  }

  /// The verification the coach's `latest-coach#` item names, read consistently; records
  /// written before that item existed fall back to the index.
  public func latest(coachId: String) throws(StoreError) -> VerificationRecord? {
    if let item = try item(id: Self.latestKey(coachId)), let id = item["verificationId"]?.attribute {
      return try fetch(id: id)
    }
    return try newest(coachId: coachId, status: nil, skipping: 0, count: 1).first
  }

  /// A coach's list, read your writes: the ids the coach's item names (consistent) with those the
  /// index knows (for verifications older than that item), each record read consistently, so a
  /// verification created or changed a moment ago shows as it is. A coach has few.
  func coachList(_ coachId: String, status: Status?, offset: Int, limit: Int) throws(StoreError) -> (
    records: [VerificationRecord], total: Int
  ) {
    var ids = Set<String>()
    if let item = try item(id: Self.coachKey(coachId)), case .object(let set)? = item["verificationIds"],
      case .array(let values)? = set["SS"]
    {
      for case .string(let id) in values { ids.insert(id) }
    }
    var query = Self.newestFirst(table: table, coachId: coachId)
    query["ProjectionExpression"] = .string("id")
    try paginate(query) { page in
      if case .array(let found)? = page["Items"] {
        for case .object(let item) in found { if let id = item["id"]?.attribute { ids.insert(id) } }
      }
      return true
    }
    var records: [VerificationRecord] = []
    for id in ids.sorted() {
      if let record = try fetch(id: id), status == nil || record.verification.status == status {
        records.append(record)
      }
    }
    records.sort { ($0.verification.createdAt, $0.id) > ($1.verification.createdAt, $1.id) }
    return (Array(records.dropFirst(offset).prefix(limit)), records.count)
  }

  /// Records newest first from the index, `count` of them after skipping `skipping`.
  func newest(coachId: String?, status: Status?, skipping offset: Int, count limit: Int) throws(StoreError)
    -> [VerificationRecord]
  {
    var query = Self.newestFirst(table: table, coachId: coachId, status: status)
    query["Limit"] = .number(Double(min(1_000, offset + limit)))
    let items = try items(query, upTo: offset + limit)
    return try items.dropFirst(offset).prefix(limit).map { item throws(StoreError) in try Self.record(item) }
  }

  /// A query of a coach's verifications (index byCoach) or of all (index byCreated), newest first.
  /// A status narrows the query with a filter (DynamoDB applies `Limit` before it, so the
  /// pagers above keep reading until they have enough).
  static func newestFirst(table: String, coachId: String?, status: Status? = nil) -> [String: JSONValue] {
    let (index, condition, key): (String, String, String) =
      coachId.map { ("byCoach", "coachId = :key", $0) } ?? ("byCreated", "entity = :key", entity)
    var query: [String: JSONValue] = [
      "TableName": .string(table), "IndexName": .string(index), "KeyConditionExpression": .string(condition),
      "ExpressionAttributeValues": .object([":key": .s(key)]), "ScanIndexForward": .bool(false),
    ]
    if let status {
      query["FilterExpression"] = .string("#status = :status")
      query["ExpressionAttributeNames"] = .object(["#status": .string("status")])
      query["ExpressionAttributeValues"] = .object([":key": .s(key), ":status": .s(status.rawValue)])
    }
    return query
  }

  // MARK: Items

  /// Runs a query page after page; `each` returns whether to go on.
  func paginate(_ input: [String: JSONValue], _ each: ([String: JSONValue]) -> Bool) throws(StoreError) {
    var request = input
    while true {
      let page: [String: JSONValue]
      do {
        page = try client.call("Query", request)
      } catch {
        throw Self.storeError(error)
      }
      guard each(page), let next = page["LastEvaluatedKey"], next != .null else { return }
      request["ExclusiveStartKey"] = next
    }
  }

  /// The items a query finds, page after page, until there are `limit` of them.
  func items(_ query: [String: JSONValue], upTo limit: Int = .max) throws(StoreError) -> [[String: JSONValue]] {
    var items: [[String: JSONValue]] = []
    try paginate(query) { page in
      if case .array(let found)? = page["Items"] {
        items += found.compactMap { if case .object(let item) = $0 { return item } else { return nil } }
      }
      return items.count < limit
    }
    return items
  }

  static func item(_ record: VerificationRecord) throws(StoreError) -> JSONValue {
    let json: String
    do {
      json = String(decoding: try JSONCoding.encoder().encode(record), as: UTF8.self)
    } catch {
      throw .failure("cannot encode a verification record")
    }
    var item: [String: JSONValue] = [
      "id": .s(record.id), "entity": .s(entity), "coachId": .s(record.coachId),
      "createdAt": .s(record.verification.createdAt), "status": .s(record.verification.status.rawValue),
      "version": .n(record.version), "record": .s(json),
    ]
    // For retention's queries.
    item["updatedAt"] = .s(record.verification.updatedAt)
    if let completed = record.verification.completedAt { item["completedAt"] = .s(completed) }
    if let redacted = record.verification.redactedAt { item["redactedAt"] = .s(redacted) }
    return .object(item)
  }

  static func record(_ item: [String: JSONValue]) throws(StoreError) -> VerificationRecord {
    guard let json = item["record"]?.attribute, let version = item["version"]?.attribute.flatMap({ Int($0) }),
      var record = try? JSONDecoder().decode(VerificationRecord.self, from: Data(json.utf8))
    else { throw .failure("a stored verification item cannot be decoded") }
    record.version = version
    return record
  }

  static func storeError(_ failure: DynamoDBClient.Failure) -> StoreError {
    .failure("DynamoDB: \(failure)")
  }
}

extension JSONValue {
  /// A DynamoDB string attribute.
  static func s(_ value: String) -> JSONValue { .object(["S": .string(value)]) }
  /// A DynamoDB number attribute.
  static func n(_ value: Int) -> JSONValue { .object(["N": .string(String(value))]) }

  /// The text of a DynamoDB S or N attribute.
  var attribute: String? {
    guard case .object(let fields) = self else { return nil }
    return (fields["S"] ?? fields["N"])?.stringValue
  }

  var numberValue: Double? {
    if case .number(let value) = self { return value }
    return nil
  }
}

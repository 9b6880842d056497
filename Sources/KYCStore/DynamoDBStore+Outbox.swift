import KYCJSON
import KYCModel
import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The outbox items (`event#<id>`) and the dispatcher's reads of them.
extension DynamoDBStore {
  /// Outbox events are items `event#<id>` (deleted once delivered); `outbox` (`pending` or `dead`)
  /// with `nextAttemptAt` keys the sparse index `byOutbox` the dispatcher reads.
  static func eventKey(_ id: String) -> String { "event#\(id)" }

  static func item(_ entry: OutboxEvent) throws(StoreError) -> JSONValue {
    var item: [String: JSONValue] = [
      "id": .s(eventKey(entry.event.id)), "verificationId": .s(entry.event.verificationId),
      "sequence": .n(entry.sequence), "body": .s(try EventCoding.encode(entry.event)),
      "state": .s(entry.state.rawValue), "attempts": .n(entry.attempts), "nextAttemptAt": .s(entry.nextAttemptAt),
    ]
    item["outbox"] = .s(entry.state.rawValue)
    if let error = entry.lastError { item["lastError"] = .s(error) }
    return .object(item)
  }

  static func outboxEvent(_ item: [String: JSONValue]) throws(StoreError) -> OutboxEvent {
    guard let body = item["body"]?.attribute, let sequence = item["sequence"]?.attribute.flatMap({ Int($0) }),
      let state = item["state"]?.attribute.flatMap(OutboxEvent.State.init(rawValue:)),
      let attempts = item["attempts"]?.attribute.flatMap({ Int($0) }), let next = item["nextAttemptAt"]?.attribute
    else { throw .failure("a stored event item cannot be decoded") }
    return OutboxEvent(
      event: try EventCoding.decode(body), sequence: sequence, state: state, attempts: attempts,
      nextAttemptAt: next, lastError: item["lastError"]?.attribute)
  }

  public func pendingEvents(limit: Int) throws(StoreError) -> [OutboxEvent] {
    try outbox(.pending, limit: limit)
  }

  public func deadLetters(limit: Int) throws(StoreError) -> [OutboxEvent] {
    try outbox(.dead, limit: limit)
  }

  func outbox(_ state: OutboxEvent.State, limit: Int) throws(StoreError) -> [OutboxEvent] {
    let query: [String: JSONValue] = [
      "TableName": .string(table), "IndexName": .string("byOutbox"),
      "KeyConditionExpression": .string("outbox = :state"),
      "ExpressionAttributeValues": .object([":state": .s(state.rawValue)]),
    ]
    let items = try items(query, upTo: limit)
    let events = try items.prefix(limit).map { item throws(StoreError) in try Self.outboxEvent(item) }
    return events.sorted { ($0.event.verificationId, $0.sequence) < ($1.event.verificationId, $1.sequence) }
  }

  public func outboxEvent(id: String) throws(StoreError) -> OutboxEvent? {
    try item(id: Self.eventKey(id)).map { (item) throws(StoreError) in try Self.outboxEvent(item) }
  }

  public func update(_ event: OutboxEvent) throws(StoreError) {
    let item = try Self.item(event)
    do {
      _ = try client.call("PutItem", ["TableName": .string(table), "Item": item])
    } catch {
      throw Self.storeError(error)
    }
  }

  public func acknowledge(eventId: String) throws(StoreError) {
    do {
      _ = try client.call(
        "DeleteItem", ["TableName": .string(table), "Key": .object(["id": .s(Self.eventKey(eventId))])])
    } catch {
      throw Self.storeError(error)
    }
  }
}

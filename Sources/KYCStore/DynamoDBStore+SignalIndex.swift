import KYCJSON
import KYCModel
import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The risk-signal index items, written with the records' transactions.
///
/// A keyed hash seen on many verifications (a selfie hash chunk is shared by one selfie in
/// 65,536) would grow one item toward DynamoDB's 400 KB limit, after which every write naming it
/// fails. So each key is spread over `indexShards` items, `signal#<key>#<shard>`, the shard
/// chosen by the verification, and each item holds at most `indexShardCapacity` entries: an entry
/// for a full shard is left out (the key is on thousands of verifications already, which is all a
/// signal says), never failing the step that writes it.
extension DynamoDBStore {
  static let indexShards = 16

  static func indexKey(_ key: String, shard: Int) -> String { "signal#\(key)#\(shard)" }

  /// The shard of a verification's entries: FNV-1a of its id, so it is found again at erasure.
  static func shard(of verificationId: String) -> Int {
    var hash: UInt32 = 2_166_136_261
    for byte in verificationId.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    return Int(hash % UInt32(indexShards))
  }

  static func indexItemKey(_ entry: SignalIndexEntry) -> String {
    indexKey(entry.key, shard: shard(of: entry.verificationId))
  }

  static func entryText(_ entry: SignalIndexEntry) -> String {
    "\(entry.verificationId) \(entry.coachId) \(entry.recordedAt)"
  }

  func indexUpdate(_ entry: SignalIndexEntry, removing: Bool = false) -> JSONValue {
    var update: [String: JSONValue] = [
      "TableName": .string(table), "Key": .object(["id": .s(Self.indexItemKey(entry))]),
      "UpdateExpression": .string(removing ? "DELETE entries :entry" : "ADD entries :entry"),
    ]
    var values: [String: JSONValue] = [":entry": .object(["SS": .array([.string(Self.entryText(entry))])])]
    if !removing {
      update["ConditionExpression"] = .string("attribute_not_exists(entries) OR size(entries) < :capacity")
      values[":capacity"] = .n(indexShardCapacity)
    }
    update["ExpressionAttributeValues"] = .object(values)
    return .object(update)
  }

  /// Deletes the index items that erasure left without entries (DynamoDB drops an emptied set,
  /// not the item): an item that gained an entry meanwhile stays.
  func deleteEmptyIndexItems(_ removed: [SignalIndexEntry]) throws(StoreError) {
    for key in Set(removed.map(Self.indexItemKey)).sorted() {
      do {
        _ = try client.call(
          "DeleteItem",
          [
            "TableName": .string(table), "Key": .object(["id": .s(key)]),
            "ConditionExpression": .string("attribute_not_exists(entries)"),
          ])
      } catch .conditionFailed {
        continue
      } catch {
        throw Self.storeError(error)
      }
    }
  }

  public func lookup(keys: [String]) throws(StoreError) -> [SignalIndexEntry] {
    let wanted = Set(keys).sorted().flatMap { key in (0..<Self.indexShards).map { (key, Self.indexKey(key, shard: $0)) }
    }
    let keyOf = Dictionary(wanted.map { ($0.1, $0.0) }, uniquingKeysWith: { first, _ in first })
    var entries: [SignalIndexEntry] = []
    // BatchGetItem takes 100 keys a call, and may hand some back unprocessed under load.
    for batch in stride(from: 0, to: wanted.count, by: 100).map({ Array(wanted[$0..<min($0 + 100, wanted.count)]) }) {
      var pending: [JSONValue] = batch.map { .object(["id": .s($0.1)]) }
      var rounds = 0
      while !pending.isEmpty {
        rounds += 1
        guard rounds <= 10 else { throw .failure("DynamoDB left index reads unprocessed") }
        let output: [String: JSONValue]
        do {
          output = try client.call(
            "BatchGetItem",
            [
              "RequestItems": .object([
                table: .object(["Keys": .array(pending), "ConsistentRead": .bool(true)])
              ])
            ])
        } catch {
          throw Self.storeError(error)
        }
        if case .object(let responses)? = output["Responses"], case .array(let items)? = responses[table] {
          for case .object(let item) in items {
            guard let id = item["id"]?.attribute, let key = keyOf[id] else { continue }
            entries += Self.entries(item, key: key)
          }
        }
        pending = []
        if case .object(let unprocessed)? = output["UnprocessedKeys"], case .object(let request)? = unprocessed[table],
          case .array(let keys)? = request["Keys"]
        {
          pending = keys
        }
      }
    }
    return entries.sorted { ($0.key, $0.recordedAt, $0.verificationId) < ($1.key, $1.recordedAt, $1.verificationId) }
  }

  static func entries(_ item: [String: JSONValue], key: String) -> [SignalIndexEntry] {
    guard case .object(let set)? = item["entries"], case .array(let values)? = set["SS"] else { return [] }
    return values.compactMap { value in
      guard case .string(let text) = value else { return nil }
      let parts = text.split(separator: " ").map(String.init)
      guard parts.count == 3 else { return nil }
      return SignalIndexEntry(key: key, verificationId: parts[0], coachId: parts[1], recordedAt: parts[2])
    }
  }
}

import KYCModel
import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The risk-signal index items (`signal#<key>`), written with the records' transactions.
extension DynamoDBStore {
  /// The risk-signal index: one item per keyed hash, `signal#<key>`, whose string set `entries`
  /// holds `<verificationId> <coachId> <recordedAt>` for each verification it was seen on.
  static func indexKey(_ key: String) -> String { "signal#\(key)" }

  static func indexUpdate(table: String, _ entry: SignalIndexEntry, removing: Bool = false) -> JSONValue {
    .object([
      "TableName": .string(table), "Key": .object(["id": .s(indexKey(entry.key))]),
      "UpdateExpression": .string(removing ? "DELETE entries :entry" : "ADD entries :entry"),
      "ExpressionAttributeValues": .object([
        ":entry": .object(["SS": .array([.string("\(entry.verificationId) \(entry.coachId) \(entry.recordedAt)")])])
      ]),
    ])
  }

  public func lookup(keys: [String]) throws(StoreError) -> [SignalIndexEntry] {
    var entries: [SignalIndexEntry] = []
    for key in Set(keys).sorted() {
      guard let item = try item(id: Self.indexKey(key)), case .object(let set)? = item["entries"],
        case .array(let values)? = set["SS"]
      else { continue }
      for case .string(let value) in values {
        let parts = value.split(separator: " ").map(String.init)
        guard parts.count == 3 else { continue }
        entries.append(SignalIndexEntry(key: key, verificationId: parts[0], coachId: parts[1], recordedAt: parts[2]))
      }
    }
    return entries
  }
}

import KYCJSON
import KYCModel
import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The retention job's queries over the records.
extension DynamoDBStore {
  public func completedUnredacted(before cutoff: String) throws(StoreError) -> [VerificationRecord] {
    var query = Self.newestFirst(table: table, coachId: nil)
    query["FilterExpression"] = .string(
      "attribute_exists(completedAt) AND completedAt < :cutoff AND attribute_not_exists(redactedAt)")
    query["ExpressionAttributeValues"] = .object([":key": .s(Self.entity), ":cutoff": .s(cutoff)])
    return try items(query).map { item throws(StoreError) in try Self.record(item) }
  }

  public func erased(since cutoff: String) throws(StoreError) -> [VerificationRecord] {
    var query = Self.newestFirst(table: table, coachId: nil)
    query["FilterExpression"] = .string("redactedAt >= :cutoff")
    query["ExpressionAttributeValues"] = .object([":key": .s(Self.entity), ":cutoff": .s(cutoff)])
    return try items(query).map { item throws(StoreError) in try Self.record(item) }
  }

  public func untouchedWaitingOnCoach(before cutoff: String) throws(StoreError) -> [VerificationRecord] {
    var query = Self.newestFirst(table: table, coachId: nil)
    let statuses = Lifecycle.waitingOnCoach.map(\.rawValue).sorted()
    let names = statuses.indices.map { ":status\($0)" }
    // Items written before `updatedAt` was an attribute fall back to their creation time.
    query["FilterExpression"] = .string(
      "#status IN (\(names.joined(separator: ", "))) AND (updatedAt < :cutoff"
        + " OR (attribute_not_exists(updatedAt) AND createdAt < :cutoff))")
    query["ExpressionAttributeNames"] = .object(["#status": .string("status")])
    var values: [String: JSONValue] = [":key": .s(Self.entity), ":cutoff": .s(cutoff)]
    for (name, status) in zip(names, statuses) { values[name] = .s(status) }
    query["ExpressionAttributeValues"] = .object(values)
    return try items(query).map { item throws(StoreError) in try Self.record(item) }
  }
}

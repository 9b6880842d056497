import KYCJSON
import KYCModel
import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The table and its indexes, for local development and tests.
extension DynamoDBStore {
  /// Creates the table with its indexes when it does not exist (local development and tests;
  /// in AWS, template.yaml creates it).
  public func createTableIfMissing() throws(StoreError) {
    let keys: [JSONValue] = [
      ("id", "S"), ("coachId", "S"), ("createdAt", "S"), ("entity", "S"), ("outbox", "S"), ("nextAttemptAt", "S"),
    ].map {
      .object(["AttributeName": .string($0.0), "AttributeType": .string($0.1)])
    }
    func index(_ name: String, _ hash: String, _ range: String = "createdAt") -> JSONValue {
      .object([
        "IndexName": .string(name),
        "KeySchema": .array([
          .object(["AttributeName": .string(hash), "KeyType": .string("HASH")]),
          .object(["AttributeName": .string(range), "KeyType": .string("RANGE")]),
        ]),
        "Projection": .object(["ProjectionType": .string("ALL")]),
      ])
    }
    do {
      _ = try client.call(
        "CreateTable",
        [
          "TableName": .string(table), "AttributeDefinitions": .array(keys),
          "KeySchema": .array([.object(["AttributeName": .string("id"), "KeyType": .string("HASH")])]),
          "GlobalSecondaryIndexes": .array([
            index("byCoach", "coachId"), index("byCreated", "entity"), index("byOutbox", "outbox", "nextAttemptAt"),
          ]),
          "BillingMode": .string("PAY_PER_REQUEST"),
        ])
    } catch .service(let type, _) where type == "ResourceInUseException" {
      return
    } catch {
      throw Self.storeError(error)
    }
  }
}

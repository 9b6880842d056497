import KYCModel
import KYCRules

/// The analysis guards: markers `lease#<verificationId>` (one image analysis at a time per
/// verification) and counters `unusable#<verificationId>` (images that could not be analysed).
extension DynamoDBStore {
  static func leaseKey(_ verificationId: String) -> String { "lease#\(verificationId)" }
  static func unusableKey(_ verificationId: String) -> String { "unusable#\(verificationId)" }

  public func countUnusableImage(verificationId: String) throws(StoreError) {
    do {
      _ = try client.call(
        "UpdateItem",
        [
          "TableName": .string(table), "Key": .object(["id": .s(Self.unusableKey(verificationId))]),
          "UpdateExpression": .string("ADD images :one"), "ExpressionAttributeValues": .object([":one": .n(1)]),
        ])
    } catch {
      throw Self.storeError(error)
    }
  }

  public func unusableImages(verificationId: String) throws(StoreError) -> Int {
    guard let item = try item(id: Self.unusableKey(verificationId)) else { return 0 }
    return item["images"]?.attribute.flatMap { Int($0) } ?? 0
  }

  public func acquireLease(verificationId: String, holder: String, now: String, expiresAt: String)
    throws(StoreError) -> Bool
  {
    do {
      _ = try client.call(
        "PutItem",
        [
          "TableName": .string(table),
          "Item": .object([
            "id": .s(Self.leaseKey(verificationId)), "holder": .s(holder), "expiresAt": .s(expiresAt),
          ]),
          // Taken only when free, or when its holder's lease ran out (a function that died).
          "ConditionExpression": .string("attribute_not_exists(id) OR expiresAt <= :now"),
          "ExpressionAttributeValues": .object([":now": .s(now)]),
        ])
      return true
    } catch .conditionFailed {
      return false
    } catch {
      throw Self.storeError(error)
    }
  }

  public func releaseLease(verificationId: String, holder: String) throws(StoreError) {
    do {
      _ = try client.call(
        "DeleteItem",
        [
          "TableName": .string(table), "Key": .object(["id": .s(Self.leaseKey(verificationId))]),
          "ConditionExpression": .string("holder = :holder"),
          "ExpressionAttributeValues": .object([":holder": .s(holder)]),
        ])
    } catch .conditionFailed {
      return  // taken over after our lease ran out: not ours to free
    } catch {
      throw Self.storeError(error)
    }
  }
}

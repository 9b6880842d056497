import KYCModel
import KYCRuntime

/// `DELETE /verifications/{verificationId}/personal-data` (an addition to the LE-KO spec): an
/// admin erases a completed verification's personal data at once, without waiting for the
/// retention period. Idempotent: erasing an erased verification answers 204 and changes nothing.
/// A verification still under way must be decided first (409).
public enum DeletePersonalData: Operation {
  public static let operationId = "deletePersonalData"
  public static let routeKey = "DELETE /verifications/{verificationId}/personal-data"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    guard request.caller.isAdmin else { throw APIError.forbidden("only admins may erase personal data") }
    let record = try services.readableRecord(id, caller: request.caller)
    // Separation of duties, as for the decision: nobody erases the evidence of their own check.
    guard record.coachId != request.caller.userId else {
      throw APIError.forbidden("an admin may not erase their own verification")
    }
    guard record.verification.redactedAt == nil else { return .noContent() }
    guard !record.isActive else {
      throw APIError.conflict("the verification is \(record.verification.status.rawValue); approve or reject it first")
    }
    _ = try Erasure.erase(record, by: request.caller.actor, services: services, logger: request.logger)
    request.logger.info(
      "personal data erased",
      ["audit": .bool(true), "adminId": .string(request.caller.userId), "verificationId": .string(id)])
    return .noContent()
  }
}

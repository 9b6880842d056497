import KYCModel
import KYCRules
import KYCRuntime

/// `PUT /verifications/{verificationId}/admin`: an admin approves or rejects a verification
/// that awaits review. The reviewer is the authenticated admin, whatever the body says.
/// `If-Match` (the `ETag` of what the admin read) is required: without it, or with `*`, 428; a
/// record changed since — a coach's correction, say — answers 412 and nothing changes. A decision
/// covers exactly the data it was made on, and an approval the images as analysed: one whose
/// selfie or page is missing or was replaced after its check answers 409 (a rejection stays open).
public enum AdminManageVerification: Operation {
  public static let operationId = "adminManageVerification"
  public static let routeKey = "PUT /verifications/{verificationId}/admin"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    guard request.caller.isAdmin else { throw APIError.forbidden("only admins may approve or reject verifications") }
    let id = try request.pathId()
    let decision = try request.body(AdminDecision.self, today: services.today)
    let record = try services.readableRecord(id, caller: request.caller)
    guard let expected = request.event.header("if-match"), expected != "*" else {
      throw APIError.preconditionRequired(
        "a decision needs If-Match with the ETag of the verification as read (getVerification); '*' is not accepted")
    }
    if expected != record.etag {
      throw APIError.preconditionFailed(
        "the verification changed since it was read (ETag \(expected), now \(record.etag)): read it again and decide")
    }
    let next = try services.lifecycle.decide(record, decision, reviewerId: request.caller.userId, now: services.clock())
    if decision.approved {
      try EvidenceCheck.requireAnalysedImages(record, services: services, logger: request.logger)
    }
    let saved = try services.save(next, from: record, by: request.caller.actor)
    request.logger.info(
      "admin decision", ["verificationId": .string(id), "approved": .bool(decision.approved)])
    return .json(200, services.lifecycle.status(of: saved))
  }
}

import KYCModel
import KYCRules
import KYCRuntime

/// `POST /verifications`: starts a verification for the calling coach, within the coach's daily
/// quota (`KYC_MAX_VERIFICATIONS_PER_DAY`; 429 with `Retry-After` past it).
public enum CreateVerification: Operation {
  public static let operationId = "createVerification"
  public static let routeKey = "POST /verifications"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let body = try request.body(VerificationCreate.self, today: services.today)
    let quota = CreationQuota(perDay: services.configuration.maxVerificationsPerDay)
    let recent = try services.list(coachId: request.caller.userId, status: nil, offset: 0, limit: quota.perDay)
    try quota.check(created: recent.records.map(\.verification.createdAt), now: services.clock())
    let record = services.lifecycle.create(
      id: services.newId(), coachId: request.caller.userId, notes: body.notes, now: services.clock())
    let saved = try services.insert(record, by: request.caller.actor)
    request.logger.info("verification created", ["verificationId": .string(record.id)])
    return .json(201, request.caller.view(saved))
  }
}

import KYCModel
import KYCRuntime

/// `POST /verifications`: starts a verification for the calling coach.
public enum CreateVerification: Operation {
  public static let operationId = "createVerification"
  public static let routeKey = "POST /verifications"

  public static func handle(_ request: Request, services: Services) throws(APIError) -> FunctionResponse {
    let body = try request.body(VerificationCreate.self, today: services.today)
    let record = services.lifecycle.create(
      id: services.newId(), coachId: request.caller.userId, notes: body.notes, now: services.clock())
    let saved = try services.insert(record, by: request.caller.actor)
    request.logger.info("verification created", ["verificationId": .string(record.id)])
    return .json(201, request.caller.view(saved))
  }
}

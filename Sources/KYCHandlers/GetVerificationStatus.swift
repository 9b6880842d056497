import KYCModel
import KYCRuntime

/// `GET /verifications/status`: the caller's most recent verification at a glance.
public enum GetVerificationStatus: Operation {
  public static let operationId = "getVerificationStatus"
  public static let routeKey = "GET /verifications/status"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let userId = request.caller.userId
    guard let record = try services.latest(coachId: userId) else {
      throw APIError.notFound("no verification found for this user")
    }
    return .json(200, services.lifecycle.status(of: record))
  }
}

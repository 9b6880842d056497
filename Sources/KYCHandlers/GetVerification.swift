import KYCModel
import KYCRuntime

/// `GET /verifications/{verificationId}`.
public enum GetVerification: Operation {
  public static let operationId = "getVerification"
  public static let routeKey = "GET /verifications/{verificationId}"

  public static func handle(_ request: Request, services: Services) throws(APIError) -> FunctionResponse {
    let record = try services.readableRecord(try request.pathId(), caller: request.caller)
    return .json(200, request.caller.view(record.verification))
  }
}

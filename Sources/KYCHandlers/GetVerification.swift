import KYCModel
import KYCRuntime

/// `GET /verifications/{verificationId}`. The `ETag` header (and the body's `etag`) is the
/// record's version: an admin's decision names it in `If-Match`.
public enum GetVerification: Operation {
  public static let operationId = "getVerification"
  public static let routeKey = "GET /verifications/{verificationId}"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let record = try services.readableRecord(try request.pathId(), caller: request.caller)
    var response = FunctionResponse.json(200, request.caller.view(record))
    response.headers["etag"] = record.etag
    return response
  }
}

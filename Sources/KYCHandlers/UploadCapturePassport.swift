import KYCModel
import KYCRuntime

/// `POST /capture/verifications/{verificationId}/passport` (an addition to the LE-KO spec): the
/// capture page's document (a card's MRZ side and its other side), read as `uploadPassport` reads
/// the coach's, with its `captureMethod` (required here) recorded. Capture token only; the flow is
/// complete when it succeeds, and the token with it.
public enum UploadCapturePassport: Operation {
  public static let operationId = "uploadCapturePassport"
  public static let routeKey = "POST /capture/verifications/{verificationId}/passport"
  public static let authentication = OperationAuthentication.capture

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let body = try request.body(PassportUploadRequest.self, today: services.today)
    guard body.captureMethod != nil else { throw APIError.validation("missing required field 'captureMethod'") }
    return try UploadPassport.handle(request, services: services)
  }
}

import KYCModel
import KYCRuntime

/// `POST /capture/verifications/{verificationId}/avatar` (an addition to the LE-KO spec): the
/// capture page's selfie, checked as `uploadAvatar` checks the coach's, with its `captureMethod`
/// (required here) recorded. Capture token only.
public enum UploadCaptureAvatar: Operation {
  public static let operationId = "uploadCaptureAvatar"
  public static let routeKey = "POST /capture/verifications/{verificationId}/avatar"
  public static let authentication = OperationAuthentication.capture

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let body = try request.body(FileKeyRequest.self, today: services.today)
    guard body.captureMethod != nil else { throw APIError.validation("missing required field 'captureMethod'") }
    return try UploadAvatar.handle(request, services: services)
  }
}

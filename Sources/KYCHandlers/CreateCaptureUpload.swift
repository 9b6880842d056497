import KYCModel
import KYCRuntime

/// `POST /capture/verifications/{verificationId}/uploads` (an addition to the LE-KO spec): an
/// upload slot of the capture token's verification, exactly as `createUploadSlot` gives its coach.
public enum CreateCaptureUpload: Operation {
  public static let operationId = "createCaptureUpload"
  public static let routeKey = "POST /capture/verifications/{verificationId}/uploads"
  public static let authentication = OperationAuthentication.capture

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    try CreateUploadSlot.handle(request, services: services)
  }
}

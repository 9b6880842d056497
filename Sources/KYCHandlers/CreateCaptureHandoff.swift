import KYCModel
import KYCRules
import KYCRuntime

/// `POST /capture/verifications/{verificationId}/handoff` (an addition to the LE-KO spec): the
/// capture page on a desktop hands the capture over to a phone. A fresh session replaces the one
/// whose token calls (that token stops working); the page shows the new link's QR code and follows
/// the phone's progress with the new token. The fresh session ends when the one it replaces would
/// have: a token cannot lengthen its own life by handing off. Capture token only.
public enum CreateCaptureHandoff: Operation {
  public static let operationId = "createCaptureHandoff"
  public static let routeKey = "POST /capture/verifications/{verificationId}/handoff"
  public static let authentication = OperationAuthentication.capture

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    return try CreateCaptureSession.issue(
      record, request: request, services: services, notAfter: record.captureSession)
  }
}

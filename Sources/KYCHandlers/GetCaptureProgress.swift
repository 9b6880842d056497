import KYCModel
import KYCRuntime

/// `GET /capture/verifications/{verificationId}` (an addition to the LE-KO spec): the capture
/// page's view of its verification — the steps done, the latest refusal's reason for a retake,
/// when the link stops working and how long the images are kept. Capture token only.
public enum GetCaptureProgress: Operation {
  public static let operationId = "getCaptureProgress"
  public static let routeKey = "GET /capture/verifications/{verificationId}"
  public static let authentication = OperationAuthentication.capture

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let record = try services.readableRecord(id, caller: request.caller)
    let status = services.lifecycle.status(of: record)
    return .json(
      200,
      CaptureProgress(
        verificationId: id, status: status.status, currentStep: status.currentStep, progress: status.progress,
        failureReason: record.verification.failureReason, expiresAt: record.captureSession?.expiresAt ?? "",
        retentionDays: services.configuration.retentionDays))
  }
}

import KYCConfiguration
import KYCModel
import KYCRules
import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `POST /capture/verifications/{verificationId}/frame-check` (an addition to the LE-KO spec): the
/// capture page's light server check of a small camera frame — where the face is for a selfie,
/// whether the MRZ band is in the frame for a document — with the face detector and the passport
/// reader's `MRZLocator`. The page asks at most twice a second. The function holds no rights at
/// all (it decodes a client's JPEG): it trusts the `authorizeCapture` authorizer's context for
/// the token, and reads and stores nothing.
public enum CheckCaptureFrame: Operation {
  public static let operationId = "checkCaptureFrame"
  public static let routeKey = "POST /capture/verifications/{verificationId}/frame-check"
  public static let authentication = OperationAuthentication.captureAuthorizer

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    _ = try request.pathId()
    let body = try request.body(CaptureFrameRequest.self, today: services.today)
    guard let inspection = services.frameInspection else { throw APIError.internal("the frame check is not set up") }
    let check = try inspection.inspect(body.bytes, kind: body.kind)
    return .json(200, check)
  }

  /// The function's entry point, with its engines.
  public static func main(inspection: @escaping (Configuration) throws(ConfigurationError) -> any FrameInspection)
    -> Never
  {
    let environment = ProcessInfo.processInfo.environment
    FunctionRuntime.run(function: operationId, environment: environment) {
      () throws(ConfigurationError) -> any FunctionHandler in
      var services = try Services.live(environment: environment, function: operationId)
      let configuration = services.configuration
      services.frameInspection = try inspection(configuration)
      return handler(services: services)
    }
  }
}

import KYCConfiguration
import KYCJSON
import KYCLogging
import KYCModel
import KYCRules
import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The capture routes' Lambda authorizer (API Gateway HTTP API, payload format 2.0, simple
/// responses): `isAuthorized` when the request's `Authorization: Capture <token>` is the live
/// capture token of the verification in its path, with that verification and its coach as the
/// context. API Gateway answers 401 without the header and 403 when refused, before any function
/// runs; `kyc-local` runs this same executable for the same answers. The functions behind it
/// check the token again (`CaptureAuthentication`). Reads one record; the token is never logged.
public struct AuthorizeCapture: JobHandler {
  public static let functionName = "authorizeCapture"
  let services: Services

  public init(services: Services) {
    self.services = services
  }

  public func run(_ payload: [UInt8], logger: Logger) throws -> [String: JSONValue] {
    guard let event = try? JSONDecoder().decode(HTTPEvent.self, from: Data(payload)) else {
      logger.warning("capture refused", ["reason": .string("the authorizer's event is not valid JSON")])
      return ["isAuthorized": .bool(false)]
    }
    do {
      let record = try CaptureAuthentication.record(event, services: services)
      return [
        "isAuthorized": .bool(true),
        "context": .object(["verificationId": .string(record.id), "coachId": .string(record.coachId)]),
      ]
    } catch let refusal as CaptureRefusal {
      // A refusal is an answer; a store that fails is the invocation's error (API Gateway: 500).
      logger.info("capture refused", ["status": .number(Double(refusal.status)), "reason": .string(refusal.message)])
      return ["isAuthorized": .bool(false)]
    }
  }

  public static func main() -> Never {
    let environment = ProcessInfo.processInfo.environment
    JobRuntime.run(function: functionName, environment: environment) {
      () throws(ConfigurationError) -> any JobHandler in
      AuthorizeCapture(services: try Services.live(environment: environment, function: functionName))
    }
  }
}

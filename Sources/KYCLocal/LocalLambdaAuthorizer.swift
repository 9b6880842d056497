import Foundation
import KYCJSON
import KYCModel

/// A Lambda authorizer of an HTTP API (payload format 2.0, simple responses) run as API Gateway
/// runs it: the request's event with `type: REQUEST` and its identity sources in, `isAuthorized`
/// and a context out. Its executable runs once per request, like the functions.
struct LocalLambdaAuthorizer: Sendable {
  enum Decision: Sendable {
    case allowed([String: JSONValue])
    case denied
    /// The authorizer failed or answered nothing usable: API Gateway answers 500.
    case failed
  }

  let executable: URL
  let environment: [String: String]
  let timeoutSeconds: Double

  func authorize(_ event: [String: JSONValue], identity: [String]) -> Decision {
    var input = event
    input["type"] = .string("REQUEST")
    input["identitySource"] = .array(identity.map { .string($0) })
    input["routeArn"] = .string("arn:aws:execute-api:local:local:local/v1/\(event["routeKey"]?.stringValue ?? "")")
    guard let payload = try? JSONCoding.encoder().encode(input) else { return .failed }
    let run = FunctionProcess(executable: executable, environment: environment, timeoutSeconds: timeoutSeconds)
    guard case .exited(status: 0, let output) = run.run(input: payload),
      case .object(let answer)? = try? JSONDecoder().decode(JSONValue.self, from: output),
      case .bool(let allowed)? = answer["isAuthorized"]
    else { return .failed }
    guard allowed else { return .denied }
    if case .object(let context)? = answer["context"] { return .allowed(context) }
    return .allowed([:])
  }
}

import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCHandlers

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

let coachA = "6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f70"
let coachB = "0b7e3c52-1f4a-4d8e-b6c9-7a2d1e0f3b41"
let admin = "a1d3e5f7-2b4c-4d6e-8f01-23456789abcd"

/// Runs operations in-process over a fresh SQLite store.
struct Harness {
  let services: Services
  let logs = LogCapture()

  init(environment: [String: String] = [:]) throws {
    var env = environment
    env["KYC_STORE"] = "sqlite:" + temporaryDirectory() + "/kyc.sqlite"
    services = try Services.live(environment: env)
  }

  func call<Op: Operation>(
    _ op: Op.Type, user: String? = coachA, sub: String? = nil, groups: JSONValue? = nil, claims: Bool = true,
    path: [String: String]? = nil, query: [String: String]? = nil, body: String? = nil, base64: Bool = false,
    headers extra: [String: String] = [:]
  ) -> (status: Int, json: JSONValue?) {
    var headers = extra
    if let user { headers["x-current-user-id"] = user }
    var claimSet: [String: JSONValue] = ["sub": .string(sub ?? user ?? coachA)]
    if let groups { claimSet["cognito:groups"] = groups }
    var event = HTTPEvent(
      routeKey: Op.routeKey, headers: headers, queryStringParameters: query, pathParameters: path,
      body: base64 ? body.map { Data($0.utf8).base64EncodedString() } : body, claims: claims ? claimSet : nil,
      requestId: "req-42")
    event.isBase64Encoded = base64
    let logger = Logger(function: Op.operationId, sink: logs.append)
    let response = FunctionRuntime.invoke(
      Array(try! JSONEncoder().encode(EventBox(event))), handler: Op.handler(services: services), logger: logger)
    let json = response.body.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    return (response.statusCode, json)
  }

  func create(_ user: String = coachA) -> String {
    let (status, json) = call(CreateVerification.self, user: user, body: "{}")
    precondition(status == 201)
    return json!["id"]!.stringValue!
  }
}

/// Re-encodes an event the way API Gateway would send it.
struct EventBox: Encodable {
  let event: HTTPEvent
  init(_ event: HTTPEvent) { self.event = event }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    try c.encode("2.0", forKey: .version)
    try c.encode(event.routeKey, forKey: .routeKey)
    try c.encode(event.headers, forKey: .headers)
    try c.encodeIfPresent(event.queryStringParameters, forKey: .queryStringParameters)
    try c.encodeIfPresent(event.pathParameters, forKey: .pathParameters)
    try c.encodeIfPresent(event.body, forKey: .body)
    try c.encode(event.isBase64Encoded ?? false, forKey: .isBase64Encoded)
    var context: [String: JSONValue] = ["requestId": .string(event.requestId)]
    if let claims = event.claims { context["authorizer"] = .object(["jwt": .object(["claims": .object(claims)])]) }
    try c.encode(context, forKey: .requestContext)
  }
  enum Key: String, CodingKey {
    case version, routeKey, headers, queryStringParameters, pathParameters, body, isBase64Encoded, requestContext
  }
}

extension JSONValue {
  subscript(key: String) -> JSONValue? {
    if case .object(let object) = self { return object[key] }
    return nil
  }
  var errorCode: String? {
    if case .array(let errors)? = self["errors"], case .object(let first)? = errors.first {
      return first["code"]?.stringValue
    }
    return nil
  }
}

import CivilTime
import Foundation
import KYCConsole
import KYCHandlers
import KYCJSON
import KYCModel

/// What API Gateway does in front of the functions, on one machine: route by method and path
/// (under the stage `/v1`), check the JWT, build the HTTP API v2 event, run the function
/// executable with it (a process per request, like `sam local start-api`), and turn the response
/// document into the HTTP response.
struct LocalGateway: Sendable {
  struct Route: Sendable {
    var method: String
    var template: [Substring]
    var routeKey: String
    var operationId: String
    var authentication: OperationAuthentication = .jwt
  }

  /// The routes of the operations, from their route keys (which a test holds to openapi.yaml).
  static let routes: [Route] = {
    OperationRegistry.operations.map { op in
      let parts = op.routeKey.split(separator: " ", maxSplits: 1)
      return Route(
        method: String(parts[0]), template: parts[1].split(separator: "/"), routeKey: op.routeKey,
        operationId: op.operationId, authentication: op.authentication)
    }
  }()

  /// The review console's files, served by the `serveConsole` function as in AWS.
  static let consoleRoute = Route(
    method: "GET", template: ["console", "{proxy+}"], routeKey: ConsoleAssets.routeKey,
    operationId: ConsoleFunction.functionName)

  let stage = "v1"
  let binaries: URL
  let authorizer: LocalAuthorizer
  let signIn: DevelopmentSignIn
  let timeoutSeconds: Double
  let environment: [String: String]

  func handle(_ request: HTTPServer.Request) -> HTTPServer.Response {
    let started = Date()
    let (path, query) = Self.split(request.target)
    var routeKey = "-"
    let response: HTTPServer.Response
    if path == "/console" || path.hasPrefix("/console/") {
      routeKey = Self.consoleRoute.routeKey
      response = console(request, path: path, query: query)
    } else if let (route, parameters) = match(request.method, path) {
      routeKey = route.routeKey
      let header = request.headers.first { $0.name == "authorization" }?.value
      if route.authentication != .jwt {
        response = capture(request, route: route, path: path, query: query, parameters: parameters, header: header)
      } else if let claims = authorizer.claims(authorization: header) {
        let event = Self.event(request, route: route, path: path, query: query, parameters: parameters, claims: claims)
        response = invoke(route.operationId, event: event)
      } else {
        response = .json(401, #"{"message":"Unauthorized"}"#)
      }
    } else {
      response = .json(404, #"{"message":"Not Found"}"#)
    }
    AccessLog.write(
      method: request.method, route: routeKey, status: response.status,
      milliseconds: Date().timeIntervalSince(started) * 1000)
    return response
  }

  /// A capture route, as API Gateway serves one behind the `authorizeCapture` Lambda authorizer:
  /// 401 without an `Authorization` header, 403 when the authorizer refuses, else the function
  /// with the authorizer's context in the event.
  func capture(
    _ request: HTTPServer.Request, route: Route, path: String, query: String, parameters: [String: String],
    header: String?
  ) -> HTTPServer.Response {
    guard let header, !header.isEmpty else { return .json(401, #"{"message":"Unauthorized"}"#) }
    var event = Self.event(request, route: route, path: path, query: query, parameters: parameters, claims: nil)
    let check = LocalLambdaAuthorizer(
      executable: binaries.appendingPathComponent(AuthorizeCapture.functionName), environment: environment,
      timeoutSeconds: timeoutSeconds)
    switch check.authorize(event, identity: [header]) {
    case .allowed(let context):
      if case .object(var requestContext)? = event["requestContext"] {
        requestContext["authorizer"] = .object(["lambda": .object(context)])
        event["requestContext"] = .object(requestContext)
      }
      return invoke(route.operationId, event: event)
    case .denied: return .json(403, #"{"message":"Forbidden"}"#)
    case .failed: return .json(500, #"{"message":"Internal Server Error"}"#)
    }
  }

  /// The console's files (no authorizer, like its route in AWS) and the development sign-in.
  func console(_ request: HTTPServer.Request, path: String, query: String) -> HTTPServer.Response {
    if path == DevelopmentSignIn.path { return signIn.respond(request) }
    guard request.method == "GET" else { return .json(405, #"{"message":"Method Not Allowed"}"#) }
    let proxy = String(path.dropFirst("/console/".count))
    let event = Self.event(
      request, route: Self.consoleRoute, path: path, query: query,
      parameters: proxy.isEmpty ? [:] : ["proxy": proxy], claims: nil)
    var environment = environment
    environment["KYC_CONSOLE_SIGN_IN"] = environment["KYC_CONSOLE_SIGN_IN"] ?? "development"
    return invoke(Self.consoleRoute.operationId, event: event, environment: environment)
  }

  func match(_ method: String, _ path: String) -> (Route, [String: String])? {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    guard parts.first == Substring(stage) else { return nil }
    let rest = Array(parts.dropFirst())
    // Literal segments beat parameters: /verifications/status is not a verification id.
    let candidates = Self.routes.filter { $0.method == method && $0.template.count == rest.count }
      .sorted { $0.template.filter { $0.hasPrefix("{") }.count < $1.template.filter { $0.hasPrefix("{") }.count }
    for route in candidates {
      var parameters: [String: String] = [:]
      var matched = true
      for (segment, actual) in zip(route.template, rest) {
        if segment.hasPrefix("{") {
          guard !actual.isEmpty else {
            matched = false
            break
          }
          parameters[String(segment.dropFirst().dropLast())] = String(actual).removingPercentEncoding ?? String(actual)
        } else if segment != actual {
          matched = false
          break
        }
      }
      if matched { return (route, parameters) }
    }
    return nil
  }

  static func split(_ target: String) -> (String, String) {
    guard let mark = target.firstIndex(of: "?") else { return (target, "") }
    return (String(target[..<mark]), String(target[target.index(after: mark)...]))
  }

  static func event(
    _ request: HTTPServer.Request, route: Route, path: String, query: String, parameters: [String: String],
    claims: [String: JSONValue]?
  ) -> [String: JSONValue] {
    var headers: [String: String] = [:]
    for (name, value) in request.headers { headers[name] = headers[name].map { "\($0),\(value)" } ?? value }
    var queryParameters: [String: String] = [:]
    for pair in query.split(separator: "&") where !pair.isEmpty {
      let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
      }
      let key = kv[0]
      let value = kv.count > 1 ? kv[1] : ""
      queryParameters[key] = queryParameters[key].map { "\($0),\(value)" } ?? value
    }
    let textual = String(validating: request.body, as: UTF8.self) != nil
    let now = Date()
    var event: [String: JSONValue] = [
      "version": .string("2.0"), "routeKey": .string(route.routeKey), "rawPath": .string(path),
      "rawQueryString": .string(query), "headers": .object(headers.mapValues { .string($0) }),
      "isBase64Encoded": .bool(!textual),
      "requestContext": .object([
        "accountId": .string("local"), "apiId": .string("local"), "stage": .string("v1"),
        "requestId": .string(UUID().uuidString.lowercased()), "routeKey": .string(route.routeKey),
        "time": .string(Timestamp.string(from: now)),
        "timeEpoch": .number((now.timeIntervalSince1970 * 1000).rounded()),
        "domainName": .string(headers["host"] ?? "127.0.0.1"),
        "http": .object([
          "method": .string(request.method), "path": .string(path), "protocol": .string("HTTP/1.1"),
          "sourceIp": .string(request.peer), "userAgent": .string(headers["user-agent"] ?? ""),
        ]),
      ]),
    ]
    if let claims, case .object(var context)? = event["requestContext"] {
      context["authorizer"] = .object(["jwt": .object(["claims": .object(claims), "scopes": .null])])
      event["requestContext"] = .object(context)
    }
    if !queryParameters.isEmpty { event["queryStringParameters"] = .object(queryParameters.mapValues { .string($0) }) }
    if !parameters.isEmpty { event["pathParameters"] = .object(parameters.mapValues { .string($0) }) }
    if !request.body.isEmpty {
      event["body"] = .string(
        textual ? String(decoding: request.body, as: UTF8.self) : Data(request.body).base64EncodedString())
    }
    return event
  }

  /// Runs the function executable with the event; its stderr (JSON log lines) passes through.
  func invoke(_ operationId: String, event: [String: JSONValue], environment: [String: String]? = nil)
    -> HTTPServer.Response
  {
    guard let input = try? JSONCoding.encoder().encode(event) else {
      return .json(500, #"{"message":"Internal Server Error"}"#)
    }
    let run = FunctionProcess(
      executable: binaries.appendingPathComponent(operationId), environment: environment ?? self.environment,
      timeoutSeconds: timeoutSeconds)
    let document: FunctionDocument
    switch run.run(input: input) {
    case .exited(_, let output):
      guard let decoded = try? JSONDecoder().decode(FunctionDocument.self, from: output) else {
        return .json(500, #"{"message":"Internal Server Error"}"#)
      }
      document = decoded
    case .signalled: return .json(503, #"{"message":"Service Unavailable"}"#)
    case .notStarted: return .json(500, #"{"message":"Internal Server Error"}"#)
    }
    let body: [UInt8]
    if document.isBase64Encoded == true {
      body = Array(Data(base64Encoded: document.body ?? "") ?? Data())
    } else {
      body = Array((document.body ?? "").utf8)
    }
    return HTTPServer.Response(
      status: document.statusCode, headers: (document.headers ?? [:]).map { ($0.key, $0.value) }, body: body)
  }

  struct FunctionDocument: Decodable {
    var statusCode: Int
    var headers: [String: String]?
    var body: String?
    var isBase64Encoded: Bool?
  }
}

/// One JSON line per request on stderr: method, route, status, time. No tokens, no bodies.
enum AccessLog {
  static func write(method: String, route: String, status: Int, milliseconds: Double) {
    let entry: [String: JSONValue] = [
      "level": .string("info"), "msg": .string("access"), "function": .string("kyc-local"),
      "method": .string(method), "route": .string(route), "status": .number(Double(status)),
      "durationMs": .number(milliseconds.rounded()), "time": .string(Timestamp.string(from: Date())),
    ]
    let encoder = JSONCoding.encoder()
    if let data = try? encoder.encode(entry) { FileHandle.standardError.write(data + Data("\n".utf8)) }
  }
}

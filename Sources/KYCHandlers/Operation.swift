import CivilTime
import KYCConfiguration
import KYCLogging
import KYCModel
import KYCRules
import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// One API operation: its route and what it does for an authenticated request.
public protocol Operation: Sendable {
  static var operationId: String { get }
  static var routeKey: String { get }
  /// Who may call it: a JWT's user (the default), or a capture page with its capture token.
  static var authentication: OperationAuthentication { get }
  /// Throws the domain's errors as they are: each states its status (`DomainErrors.swift`).
  static func handle(_ request: Request, services: Services) throws -> FunctionResponse
}

/// A decoded request with its authenticated caller.
public struct Request: Sendable {
  /// JSON bodies of this API are small; anything larger is refused before parsing.
  public static let maxBodyBytes = 64 * 1024

  public let event: HTTPEvent
  public let caller: Caller
  public let logger: Logger

  /// A UUID path parameter in canonical form.
  public func pathId(_ name: String = "verificationId") throws(APIError) -> String {
    guard let text = event.pathParameters?[name] else {
      throw APIError.validation("path parameter '\(name)' is required")
    }
    guard let id = Identifier.canonicalUUID(text) else {
      throw APIError.validation("path parameter '\(name)' must be a UUID")
    }
    return id
  }

  /// The body bytes, base64-decoded when API Gateway encoded them.
  public func bodyBytes(maxBytes: Int = Self.maxBodyBytes) throws(APIError) -> [UInt8] {
    guard let body = event.body, !body.isEmpty else { throw APIError.validation("request body is required") }
    guard body.utf8.count <= maxBytes * 4 / 3 + 4 else {
      throw APIError.payloadTooLarge("request body must be at most \(maxBytes) bytes")
    }
    let bytes: [UInt8]
    if event.isBase64Encoded == true {
      guard let data = Data(base64Encoded: body) else { throw APIError.validation("request body is not valid base64") }
      bytes = Array(data)
    } else {
      bytes = Array(body.utf8)
    }
    guard bytes.count <= maxBytes else {
      throw APIError.payloadTooLarge("request body must be at most \(maxBytes) bytes")
    }
    return bytes
  }

  public func body<T: RequestBody>(_ type: T.Type, today: CalendarDate, maxBytes: Int = Self.maxBodyBytes)
    throws -> T
  {
    let bytes = try bodyBytes(maxBytes: maxBytes)
    return try T.decode(bytes, today: today)
  }

  /// An integer query parameter within `range`, or `fallback` when absent.
  public func queryInteger(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
    guard let text = event.queryStringParameters?[name] else { return fallback }
    guard let value = Int(text), range.contains(value) else {
      throw APIError.validation(
        "query parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
    }
    return value
  }
}

/// Adapts an `Operation` to the function runtime: authenticate, then handle.
struct OperationHandler<Op: Operation>: FunctionHandler {
  let services: Services
  var routeKey: String { Op.routeKey }

  func handle(_ event: HTTPEvent, logger: Logger) throws -> FunctionResponse {
    let caller: Caller
    switch Op.authentication {
    case .jwt: caller = try Caller(event: event, adminGroup: services.configuration.adminGroup)
    case .capture: caller = try CaptureAuthentication.caller(event, services: services)
    case .captureAuthorizer: caller = try CaptureAuthentication.authorizedCaller(event)
    }
    return try Op.handle(Request(event: event, caller: caller, logger: logger), services: services)
  }
}

extension Operation {
  public static var authentication: OperationAuthentication { .jwt }

  /// A function handler for this operation over the given services.
  public static func handler(services: Services) -> any FunctionHandler {
    OperationHandler<Self>(services: services)
  }

  /// The entry point of each function executable.
  public static func main(
    analysis: @escaping (Configuration) -> any ImageAnalysis = { _ in UnavailableImageAnalysis() }
  ) -> Never {
    let environment = ProcessInfo.processInfo.environment
    FunctionRuntime.run(function: operationId, environment: environment) {
      () throws(ConfigurationError) -> any FunctionHandler in
      handler(services: try Services.live(environment: environment, function: operationId, analysis: analysis))
    }
  }
}

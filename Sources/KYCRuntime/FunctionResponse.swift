import KYCJSON
import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The response document a function writes: what API Gateway turns into the HTTP response.
public struct FunctionResponse: Codable, Sendable, Equatable {
  public var statusCode: Int
  public var headers: [String: String]
  public var body: String?
  public var isBase64Encoded: Bool

  public init(statusCode: Int, headers: [String: String] = [:], body: String? = nil) {
    self.statusCode = statusCode
    self.headers = headers
    self.body = body
    self.isBase64Encoded = false
  }

  /// A JSON body. KYC data must not sit in shared caches, hence `no-store`.
  public static func json(_ status: Int, _ value: some Encodable) -> FunctionResponse {
    let encoder = JSONCoding.encoder()
    guard let data = try? encoder.encode(value) else {
      return .error(.internal("response could not be encoded"), endpoint: "", requestId: "")
    }
    return FunctionResponse(
      statusCode: status,
      headers: ["content-type": "application/json", "cache-control": "no-store"],
      body: String(decoding: data, as: UTF8.self))
  }

  public static func noContent() -> FunctionResponse {
    FunctionResponse(statusCode: 204, headers: ["cache-control": "no-store"])
  }

  public static func error(_ error: APIError, endpoint: String, requestId: String) -> FunctionResponse {
    var response = json(
      error.status,
      ErrorEnvelope(code: error.code.rawValue, message: error.message, endpoint: endpoint, requestId: requestId))
    if let seconds = error.retryAfter { response.headers["retry-after"] = String(seconds) }
    return response
  }

  /// Any value as compact, key-sorted JSON.
  static func jsonBytes(_ value: some Encodable) -> [UInt8] {
    let encoder = JSONCoding.encoder()
    return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
  }

  /// The document as one line of JSON.
  public func encoded() -> [UInt8] {
    let encoder = JSONCoding.encoder()
    return Array((try? encoder.encode(self)) ?? Data(#"{"statusCode":500,"headers":{},"isBase64Encoded":false}"#.utf8))
  }
}

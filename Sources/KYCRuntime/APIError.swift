/// A refusal of the HTTP edge itself (a path parameter, a header, a missing record): an
/// `HTTPResponseError` with its status spelt out. The domain's errors state theirs
/// (`DomainErrors.swift`); the model, the rules and the readers never see this type.
public struct APIError: HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
  public let status: Int
  public let code: ErrorCode
  public let message: String
  /// Seconds after which a refused request may be tried again (`Retry-After`), for 429s.
  public let retryAfter: Int?

  public init(status: Int, code: ErrorCode, message: String, retryAfter: Int? = nil) {
    self.status = status
    self.code = code
    self.message = message
    self.retryAfter = retryAfter
  }

  public var description: String { "\(status) \(code.rawValue): \(message)" }

  public static func validation(_ message: String) -> APIError {
    APIError(status: 400, code: .validation, message: message)
  }
  /// A request that is well formed but clashes with the verification's state (409, code `validation`).
  public static func conflict(_ message: String) -> APIError {
    APIError(status: 409, code: .validation, message: message)
  }
  public static func unauthorized(_ message: String) -> APIError {
    APIError(status: 401, code: .unauthorized, message: message)
  }
  /// A conditional write whose condition (`If-Match`) no longer holds.
  public static func preconditionFailed(_ message: String) -> APIError {
    APIError(status: 412, code: .validation, message: message)
  }

  /// A conditional write sent without its condition (`If-Match` missing or `*`).
  public static func preconditionRequired(_ message: String) -> APIError {
    APIError(status: 428, code: .validation, message: message)
  }
  /// A limit on abuse was reached; the caller may try again after `retryAfter` seconds.
  public static func tooManyRequests(_ message: String, retryAfter: Int) -> APIError {
    APIError(status: 429, code: .tooManyRequests, message: message, retryAfter: max(1, retryAfter))
  }

  public static func forbidden(_ message: String) -> APIError {
    APIError(status: 403, code: .forbidden, message: message)
  }
  public static func notFound(_ message: String) -> APIError {
    APIError(status: 404, code: .notFound, message: message)
  }
  public static func payloadTooLarge(_ message: String) -> APIError {
    APIError(status: 413, code: .validation, message: message)
  }
  public static func `internal`(_ message: String = "internal error") -> APIError {
    APIError(status: 500, code: .internal, message: message)
  }
}

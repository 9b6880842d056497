/// The spec's `Error.code` values this service uses.
public enum ErrorCode: String, Sendable, Codable {
  case validation, unauthorized, forbidden, notFound, tooManyRequests, `internal`
}

/// An error that states how the API answers it: its HTTP status, its `Error.code`, a message
/// and, for a limit, when to try again. Each layer keeps its own typed errors; `KYCHandlers`
/// makes them state these (`DomainErrors.swift`, the one file of statuses), and the runtime
/// renders any of them as the `Errors` envelope. Any other error is a 500 whose details reach
/// the log only.
public protocol HTTPResponseError: Error {
  var status: Int { get }
  var code: ErrorCode { get }
  /// Shown to the client below 500 (never passport data, tokens or image bytes); from 500 up it
  /// goes to the log and the client sees a generic message with the request id.
  var message: String { get }
  /// Seconds after which a refused request may be tried again (`Retry-After`).
  var retryAfter: Int? { get }
}

extension HTTPResponseError {
  public var retryAfter: Int? { nil }
}

extension APIError {
  /// What the client is told of `error`: what it states when the fault is the client's; a
  /// generic 500 naming the request otherwise, with the details logged by `log`.
  static func shown(_ error: any Error, requestId: String, log: (String) -> Void) -> APIError {
    guard let stated = error as? any HTTPResponseError else {
      log("unexpected \(type(of: error))")
      return .internal("internal error (request \(requestId))")
    }
    guard stated.status >= 500 else {
      return APIError(status: stated.status, code: stated.code, message: stated.message, retryAfter: stated.retryAfter)
    }
    log(stated.message)
    return APIError(status: stated.status, code: stated.code, message: "internal error (request \(requestId))")
  }

  /// The status the API answers `error` with: its own, or 500.
  public static func status(of error: any Error) -> Int {
    (error as? any HTTPResponseError)?.status ?? 500
  }

  /// `error`'s code and message for a log or an invocation error (never for a client).
  public static func logged(_ error: any Error) -> (code: ErrorCode, message: String) {
    guard let stated = error as? any HTTPResponseError else { return (.internal, "unexpected \(type(of: error))") }
    return (stated.code, stated.message)
  }
}

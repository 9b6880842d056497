import HTTPTransport
import KYCJSON
import KYCModel

#if canImport(Glibc)
  import Glibc
#endif

/// The client side of AWS Lambda's Runtime API (2018-06-01): fetch the next invocation, post
/// its response or an error, or report that start-up failed.
struct LambdaRuntimeClient: RuntimeAPI {
  enum Failure: Error, Sendable {
    case transport(HTTPError)
    case protocolViolation(String)
  }

  let base: String
  /// `next` is a long poll: it waits, without a total timeout, until an invocation arrives.
  let poller = HTTPClient(timeouts: .init(connectMs: 2_000, totalMs: 0))
  let poster = HTTPClient(timeouts: .init(connectMs: 2_000, totalMs: 10_000))

  init(api: String) {
    base = "http://\(api)/2018-06-01/runtime"
  }

  func next() throws(Failure) -> RuntimeInvocation {
    let response: HTTPResponse
    do {
      response = try poller.send(HTTPRequest(method: "GET", url: "\(base)/invocation/next"))
    } catch {
      throw .transport(error)
    }
    guard response.status == 200, let requestId = response.header("lambda-runtime-aws-request-id") else {
      throw .protocolViolation("next answered \(response.status)")
    }
    return RuntimeInvocation(
      requestId: requestId, deadlineMs: response.header("lambda-runtime-deadline-ms").flatMap { Int($0) },
      traceId: response.header("lambda-runtime-trace-id"), body: response.body)
  }

  func respond(_ requestId: String, _ body: [UInt8]) throws(Failure) {
    try post("\(base)/invocation/\(requestId)/response", body)
  }

  func fail(_ requestId: String, type: String, message: String) throws(Failure) {
    try post("\(base)/invocation/\(requestId)/error", Self.errorDocument(type: type, message: message), errorType: type)
  }

  func failInit(type: String, message: String) throws(Failure) {
    try post("\(base)/init/error", Self.errorDocument(type: type, message: message), errorType: type)
  }

  func post(_ url: String, _ body: [UInt8], errorType: String? = nil) throws(Failure) {
    var headers = [HTTPHeader("Content-Type", "application/json")]
    if let errorType { headers.append(HTTPHeader("Lambda-Runtime-Function-Error-Type", errorType)) }
    let response: HTTPResponse
    do {
      response = try poster.send(HTTPRequest(method: "POST", url: url, headers: headers, body: body))
    } catch {
      throw .transport(error)
    }
    guard (200..<300).contains(response.status) else { throw .protocolViolation("\(url) answered \(response.status)") }
  }

  static func errorDocument(type: String, message: String) -> [UInt8] {
    let document: [String: JSONValue] = ["errorType": .string(type), "errorMessage": .string(message)]
    return Array(FunctionResponse.jsonBytes(document))
  }
}

import KYCConfiguration
import KYCLogging
import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// What a function does with one decoded event.
public protocol FunctionHandler: Sendable {
  /// The route key used in error envelopes when the event carries none.
  var routeKey: String { get }
  /// Any error it throws is rendered by `invoke`: as it states itself (`HTTPResponseError`),
  /// or as a 500 that names nothing internal.
  func handle(_ event: HTTPEvent, logger: Logger) throws -> FunctionResponse
}

/// Drives a handler. With `AWS_LAMBDA_RUNTIME_API` set (on Lambda, or under the Runtime
/// Interface Emulator) one warm process serves invocations in `RuntimeLoop`; otherwise it reads
/// one event from stdin and writes one response document to stdout.
public enum FunctionRuntime {
  /// Largest event accepted on stdin; API Gateway's own payload limit is 10 MB.
  public static let maxEventBytes = 12 * 1024 * 1024

  public static func run(
    function: String, environment: [String: String],
    makeHandler: () throws(ConfigurationError) -> any FunctionHandler
  ) -> Never {
    let logger = Logger(function: function)
    if let api = environment["AWS_LAMBDA_RUNTIME_API"], !api.isEmpty {
      exit(serve(RuntimeLoop(api: LambdaRuntimeClient(api: api), logger: logger), makeHandler: makeHandler))
    }
    exit(runOnce(logger: logger, input: { readStandardInput(limit: maxEventBytes) }, makeHandler: makeHandler))
  }

  /// Under the Runtime API: every event gets a response document.
  static func serve<API>(
    _ loop: RuntimeLoop<API>, makeHandler: () throws(ConfigurationError) -> any FunctionHandler
  ) -> Int32 {
    loop.run(makeHandler: makeHandler) { handler, invocation, log in
      .response(invoke(invocation.body, handler: handler, logger: log).encoded())
    }
  }

  /// One event from stdin, one response to stdout; exit status 0 — also for 4xx/5xx. A
  /// function that cannot start says why in one log line and exits 1 before reading its event.
  static func runOnce(
    logger: Logger, input: () -> [UInt8]?, makeHandler: () throws(ConfigurationError) -> any FunctionHandler
  ) -> Int32 {
    let handler: any FunctionHandler
    do {
      handler = try makeHandler()
    } catch {
      error.log(to: logger)
      return 1
    }
    writeStandardOutput(invoke(input(), handler: handler, logger: logger).encoded() + [UInt8(ascii: "\n")])
    return 0
  }

  /// Decodes an event, runs the handler, and turns every failure into an `Errors` response.
  public static func invoke(_ input: [UInt8]?, handler: any FunctionHandler, logger: Logger) -> FunctionResponse {
    let started = Date()
    guard let input, let event = try? JSONDecoder().decode(HTTPEvent.self, from: Data(input)) else {
      logger.warning("event is not a valid invocation event")
      return .error(.validation("invocation event is not valid JSON"), endpoint: handler.routeKey, requestId: "")
    }
    let log = logger.with(requestId: event.requestId)
    let endpoint = event.routeKey.flatMap { $0.isEmpty ? nil : $0 } ?? handler.routeKey
    let response: FunctionResponse
    do {
      response = try handler.handle(event, logger: log)
    } catch {
      // A failure of ours: what went wrong goes to the log, never to the client (storage
      // errors name tables, hosts and codes); the request id ties the two together.
      let shown = APIError.shown(error, requestId: event.requestId) {
        log.error("request failed", ["error": .string($0)])
      }
      response = .error(shown, endpoint: endpoint, requestId: event.requestId)
    }
    log.info(
      "request",
      [
        "route": .string(endpoint), "status": .number(Double(response.statusCode)),
        "durationMs": .number((Date().timeIntervalSince(started) * 1000).rounded()),
      ])
    return response
  }

  /// Reads stdin to its end; `nil` if it holds more than `limit` bytes.
  static func readStandardInput(limit: Int) -> [UInt8]? {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      bytes.append(contentsOf: buffer[0..<count])
      if bytes.count > limit { return nil }
    }
    return bytes
  }

  static func writeStandardOutput(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }
}

import KYCConfiguration
import KYCLogging
import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One invocation as the Runtime API hands it out.
struct RuntimeInvocation: Sendable, Equatable {
  var requestId: String
  /// When Lambda stops waiting, in milliseconds since 1970.
  var deadlineMs: Int?
  var traceId: String?
  var body: [UInt8]
}

/// What the loop needs of Lambda's Runtime API: `LambdaRuntimeClient` over HTTP, a scripted
/// client in the tests.
protocol RuntimeAPI: Sendable {
  func next() throws(LambdaRuntimeClient.Failure) -> RuntimeInvocation
  func respond(_ requestId: String, _ body: [UInt8]) throws(LambdaRuntimeClient.Failure)
  /// Reports an invocation that produced no response document.
  func fail(_ requestId: String, type: String, message: String) throws(LambdaRuntimeClient.Failure)
  /// Reports that the function could not start; Lambda then stops this runtime.
  func failInit(type: String, message: String) throws(LambdaRuntimeClient.Failure)
}

/// The Runtime API loop that API functions and jobs share: build the handler once (with its
/// store connection and engines), then answer invocations until the Runtime API goes away. It
/// returns the process's exit status rather than exiting, so it can be tested.
struct RuntimeLoop<API: RuntimeAPI> {
  let api: API
  let logger: Logger
  /// The clock a deadline is compared with.
  var now: @Sendable () -> Date = { Date() }

  /// What one invocation produced.
  enum Outcome: Equatable {
    /// A response document (for an API function, also a 4xx or 5xx one).
    case response([UInt8])
    /// No document: an invocation error, which Lambda retries or sends to a failure destination.
    case error(type: String, message: String)
  }

  /// Serves invocations with the handler `makeHandler` builds; 1 when start-up fails or the
  /// Runtime API cannot be reached (Lambda then starts a fresh process). An invocation whose
  /// deadline has already passed is reported as an error instead of being worked on.
  func run<Handler>(
    makeHandler: () throws(ConfigurationError) -> Handler, invoke: (Handler, RuntimeInvocation, Logger) -> Outcome
  ) -> Int32 {
    let handler: Handler
    do {
      handler = try makeHandler()
    } catch {
      error.log(to: logger)
      try? api.failInit(type: "Runtime.InitError", message: "service is misconfigured")
      return 1
    }
    while true {
      let invocation: RuntimeInvocation
      do {
        invocation = try api.next()
      } catch {
        logger.error("runtime API unavailable", ["error": .string("\(error)")])
        return 1
      }
      let log = logger.with(requestId: invocation.requestId)
      if let deadline = invocation.deadlineMs, deadline <= Int(now().timeIntervalSince1970 * 1000) {
        log.warning("invocation arrived after its deadline")
        try? api.fail(invocation.requestId, type: "Runtime.DeadlineExceeded", message: "deadline passed before start")
        continue
      }
      switch invoke(handler, invocation, log) {
      case .response(let body):
        do {
          try api.respond(invocation.requestId, body)
        } catch {
          log.error("response could not be posted", ["error": .string("\(error)")])
        }
      case .error(let type, let message):
        try? api.fail(invocation.requestId, type: type, message: message)
      }
    }
  }
}

extension ConfigurationError {
  /// The one log line of a function that cannot start: the variable, and what is wrong with it
  /// (never its value).
  func log(to logger: Logger) {
    logger.error("function could not start", ["variable": .string(variable), "error": .string(message)])
  }
}

import KYCConfiguration
import KYCJSON
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

/// What a function run by a schedule or a DynamoDB stream does with one invocation's payload.
public protocol JobHandler: Sendable {
  /// The run's summary (counts, never personal data), or the error that makes it fail.
  func run(_ payload: [UInt8], logger: Logger) throws -> [String: JSONValue]
}

/// Drives a `JobHandler` as `FunctionRuntime` drives an API handler: the Runtime API loop on
/// Lambda, one payload from stdin elsewhere. A failed run is an invocation error, so Lambda
/// retries it (a stream's event source mapping then sends it to its failure destination).
public enum JobRuntime {
  public static func run(
    function: String, environment: [String: String], makeHandler: () throws(ConfigurationError) -> any JobHandler
  ) -> Never {
    let logger = Logger(function: function)
    if let api = environment["AWS_LAMBDA_RUNTIME_API"], !api.isEmpty {
      exit(serve(RuntimeLoop(api: LambdaRuntimeClient(api: api), logger: logger), makeHandler: makeHandler))
    }
    exit(runOnce(logger: logger, makeHandler: makeHandler))
  }

  /// Under the Runtime API: a summary as the response, a failed run as an invocation error.
  static func serve<API>(_ loop: RuntimeLoop<API>, makeHandler: () throws(ConfigurationError) -> any JobHandler)
    -> Int32
  {
    loop.run(makeHandler: makeHandler) { handler, invocation, log in
      switch invoke(invocation.body, handler: handler, logger: log) {
      case .success(let summary): return .response(summary)
      case .failure(let error):
        let (code, message) = APIError.logged(error)
        return .error(type: "Function.\(code.rawValue)", message: message)
      }
    }
  }

  /// One payload from stdin, the summary to stdout; exit status 1 when start-up or the run fails.
  static func runOnce(logger: Logger, makeHandler: () throws(ConfigurationError) -> any JobHandler) -> Int32 {
    let handler: any JobHandler
    do {
      handler = try makeHandler()
    } catch {
      error.log(to: logger)
      return 1
    }
    let input = FunctionRuntime.readStandardInput(limit: FunctionRuntime.maxEventBytes) ?? []
    switch invoke(input, handler: handler, logger: logger) {
    case .success(let summary):
      FunctionRuntime.writeStandardOutput(summary + [UInt8(ascii: "\n")])
      return 0
    case .failure:
      return 1
    }
  }

  static func invoke(_ payload: [UInt8], handler: any JobHandler, logger: Logger) -> Result<[UInt8], any Error> {
    let started = Date()
    do {
      let summary = try handler.run(payload, logger: logger)
      logger.info(
        "run",
        summary.merging(["durationMs": .number((Date().timeIntervalSince(started) * 1000).rounded())]) { a, _ in a })
      return .success(FunctionResponse.jsonBytes(summary))
    } catch {
      logger.error("run failed", ["error": .string(APIError.logged(error).message)])
      return .failure(error)
    }
  }
}

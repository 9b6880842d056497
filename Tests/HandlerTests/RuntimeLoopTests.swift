import KYCConfiguration
import KYCJSON
import KYCLogging
import KYCModel
import Synchronization
import Testing

@testable import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A Runtime API that hands out a script of invocations, records what the loop posts, and goes
/// away (as Lambda's does when it retires a process) once the script is spent.
final class ScriptedRuntimeAPI: RuntimeAPI {
  struct Posted: Equatable {
    var responses: [String: [UInt8]] = [:]
    var errors: [String: String] = [:]
    var initErrors: [String] = []
    var nextCalls = 0
  }

  private let script: Mutex<[RuntimeInvocation]>
  let posted = Mutex(Posted())

  init(_ invocations: [RuntimeInvocation]) { script = Mutex(invocations) }

  func next() throws(LambdaRuntimeClient.Failure) -> RuntimeInvocation {
    posted.withLock { $0.nextCalls += 1 }
    guard let invocation = script.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
      throw .protocolViolation("no more invocations")
    }
    return invocation
  }
  func respond(_ requestId: String, _ body: [UInt8]) throws(LambdaRuntimeClient.Failure) {
    posted.withLock { $0.responses[requestId] = body }
  }
  func fail(_ requestId: String, type: String, message: String) throws(LambdaRuntimeClient.Failure) {
    posted.withLock { $0.errors[requestId] = type }
  }
  func failInit(type: String, message: String) throws(LambdaRuntimeClient.Failure) {
    posted.withLock { $0.initErrors.append(type) }
  }
  var result: Posted { posted.withLock { $0 } }
}

struct EchoRoute: FunctionHandler {
  let routeKey = "GET /echo"
  func handle(_ event: HTTPEvent, logger: Logger) throws -> FunctionResponse {
    switch event.rawPath {
    case "/fail": throw APIError.notFound("no such thing")
    case "/limited": throw Limited()
    case "/broken": throw Broken()
    case "/ours": throw APIError.internal("table kyc-records on host db.internal refused")
    default: return .json(200, ["path": event.rawPath ?? ""])
    }
  }

  /// A domain error stating its own status, as the handlers' errors do.
  struct Limited: HTTPResponseError {
    var status: Int { 429 }
    var code: ErrorCode { .tooManyRequests }
    var message: String { "slow down" }
    var retryAfter: Int? { 7 }
  }

  /// An error that states nothing: a 500 that must not echo it.
  struct Broken: Error, CustomStringConvertible {
    var description: String { "secret detail" }
  }
}

struct CountingJob: JobHandler {
  func run(_ payload: [UInt8], logger: Logger) throws -> [String: JSONValue] {
    guard payload != Array("boom".utf8) else { throw APIError.internal("store unavailable") }
    return ["bytes": .number(Double(payload.count))]
  }
}

@Suite struct RuntimeLoopTests {
  let silent = Logger(function: "test", sink: { _ in })

  func invocation(_ id: String, body: String, deadlineMs: Int? = nil) -> RuntimeInvocation {
    RuntimeInvocation(requestId: id, deadlineMs: deadlineMs, traceId: nil, body: Array(body.utf8))
  }

  struct Document: Decodable { var statusCode: Int }

  func statusCode(_ body: [UInt8]?) throws -> Int {
    try JSONDecoder().decode(Document.self, from: Data(try #require(body))).statusCode
  }

  func event(_ path: String) -> String {
    #"{"version":"2.0","routeKey":"GET /echo","rawPath":"\#(path)","requestContext":{"requestId":"r"}}"#
  }

  @Test func answersEveryInvocationThenEndsWhenTheAPIGoesAway() throws {
    let api = ScriptedRuntimeAPI([invocation("a", body: event("/one")), invocation("b", body: event("/fail"))])
    let status = FunctionRuntime.serve(RuntimeLoop(api: api, logger: silent)) { EchoRoute() }
    #expect(status == 1 && api.result.nextCalls == 3)
    #expect(try statusCode(api.result.responses["a"]) == 200)
    // A handler's error is a response document too (404 in the Errors envelope), not an invocation error.
    #expect(try statusCode(api.result.responses["b"]) == 404 && api.result.errors.isEmpty)
  }

  @Test func anErrorIsRenderedAsItStatesItselfAndAnythingElseAsAGeneric500() throws {
    func answer(_ path: String) throws -> (FunctionResponse, ErrorEnvelope) {
      let response = FunctionRuntime.invoke(Array(event(path).utf8), handler: EchoRoute(), logger: silent)
      return (response, try JSONDecoder().decode(ErrorEnvelope.self, from: Data((response.body ?? "").utf8)))
    }
    let (limited, refusal) = try answer("/limited")
    #expect(limited.statusCode == 429 && limited.headers["retry-after"] == "7")
    #expect(refusal.errors.first?.code == "tooManyRequests" && refusal.errors.first?.message == "slow down")
    for path in ["/broken", "/ours"] {
      let (response, envelope) = try answer(path)
      #expect(response.statusCode == 500 && envelope.errors.first?.code == "internal")
      #expect(envelope.errors.first?.message == "internal error (request r)")
    }
  }

  @Test func aGarbledEventGetsA400Document() throws {
    let api = ScriptedRuntimeAPI([invocation("a", body: "not json")])
    _ = FunctionRuntime.serve(RuntimeLoop(api: api, logger: silent)) { EchoRoute() }
    #expect(try statusCode(api.result.responses["a"]) == 400)
  }

  @Test func aFailedJobRunIsAnInvocationError() {
    let api = ScriptedRuntimeAPI([invocation("a", body: "boom"), invocation("b", body: "four")])
    _ = JobRuntime.serve(RuntimeLoop(api: api, logger: silent)) { CountingJob() }
    #expect(api.result.errors == ["a": "Function.internal"])
    #expect(api.result.responses["b"].map { String(decoding: $0, as: UTF8.self) } == #"{"bytes":4}"#)
  }

  @Test func aHandlerThatCannotStartIsAnInitError() {
    let api = ScriptedRuntimeAPI([invocation("a", body: event("/one"))])
    let status = FunctionRuntime.serve(RuntimeLoop(api: api, logger: silent)) {
      () throws(ConfigurationError) -> any FunctionHandler in throw ConfigurationError(.bucket, "must be set")
    }
    #expect(status == 1 && api.result.initErrors == ["Runtime.InitError"] && api.result.nextCalls == 0)
  }

  @Test func anInvocationPastItsDeadlineIsNotWorkedOn() {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let nowMs = 1_800_000_000_000
    let api = ScriptedRuntimeAPI([
      invocation("late", body: "four", deadlineMs: nowMs - 1),
      invocation("on-time", body: "four", deadlineMs: nowMs + 5),
    ])
    var loop = RuntimeLoop(api: api, logger: silent)
    loop.now = { now }
    _ = JobRuntime.serve(loop) { CountingJob() }
    #expect(
      api.result.errors == ["late": "Runtime.DeadlineExceeded"] && api.result.responses.keys.sorted() == ["on-time"])
  }
}

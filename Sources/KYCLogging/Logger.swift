import CivilTime
import KYCJSON

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// JSON-lines logging to stderr. Callers log ids, codes, sizes and timings only — never names,
/// passport numbers, dates of birth, image bytes, tokens or keys.
public struct Logger: Sendable {
  public enum Level: String, Sendable { case debug, info, warning, error }

  public let function: String
  public let requestId: String
  let sink: @Sendable (String) -> Void

  public init(
    function: String, requestId: String = "", sink: @escaping @Sendable (String) -> Void = Logger.standardError
  ) {
    self.function = function
    self.requestId = requestId
    self.sink = sink
  }

  public func with(requestId: String) -> Logger {
    Logger(function: function, requestId: requestId, sink: sink)
  }

  public func log(_ level: Level, _ message: String, _ fields: [String: JSONValue] = [:]) {
    var entry = fields
    entry["level"] = .string(level.rawValue)
    entry["msg"] = .string(message)
    entry["function"] = .string(function)
    entry["time"] = .string(Timestamp.string(from: Date()))
    if !requestId.isEmpty { entry["requestId"] = .string(requestId) }
    let encoder = JSONCoding.encoder()
    guard let data = try? encoder.encode(entry) else { return }
    sink(String(decoding: data, as: UTF8.self))
  }

  public func info(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.info, message, fields) }
  public func warning(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.warning, message, fields) }
  public func error(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.error, message, fields) }

  /// One `write(2)` per line, so lines from concurrent processes do not interleave.
  public static let standardError: @Sendable (String) -> Void = { line in
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  }
}

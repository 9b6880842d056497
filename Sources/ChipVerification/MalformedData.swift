/// Bytes that are not the structure expected of them: what was being read and why it failed.
public struct MalformedData: Error, Equatable, Sendable, CustomStringConvertible {
  public let reason: String

  public init(_ reason: String) { self.reason = reason }

  public var description: String { reason }
}

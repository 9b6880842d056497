/// A request the wire model refuses: a body that is not the schema's, or a value that breaks a
/// rule JSON types cannot express (a length, a format, a date). The message names the field,
/// never its value. The handlers give it its status (400, `DomainErrors.swift`).
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) {
    self.message = message
  }

  public static func invalid(_ message: String) -> ValidationError {
    ValidationError(message)
  }

  public var description: String { message }
}

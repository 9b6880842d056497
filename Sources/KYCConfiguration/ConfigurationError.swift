/// A setting a function cannot start with: the variable it names, and what is wrong with it. The
/// message names the variable and its rule, never its value (it may be a secret).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  public let variable: String
  public let message: String

  /// `rule` completes a sentence that begins with the variable's name: "must be on or off".
  public init(_ variable: String, _ rule: String) {
    self.variable = variable
    self.message = "\(variable) \(rule)"
  }

  public init(_ setting: Setting, _ rule: String) {
    self.init(setting.rawValue, rule)
  }

  public var description: String { message }
}

/// The spec's `Errors` envelope.
public struct ErrorEnvelope: Codable, Sendable, Equatable {
  public struct Entry: Codable, Sendable, Equatable {
    public let code: String
    public let message: String
    public let endpoint: String
    public let requestId: String
  }

  public let errors: [Entry]

  public init(code: String, message: String, endpoint: String, requestId: String) {
    errors = [Entry(code: code, message: message, endpoint: endpoint, requestId: requestId)]
  }
}

/// One HTTP request as it goes on the wire.
public struct HTTPRequest: Sendable, Equatable {
  public var method: String
  /// The full URL, with its path and query already percent-encoded as they must be sent.
  public var url: String
  public var headers: [HTTPHeader]
  public var body: [UInt8]

  public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8] = []) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
  }
}

public struct HTTPHeader: Sendable, Equatable {
  public var name: String
  public var value: String

  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

public struct HTTPResponse: Sendable, Equatable {
  public var status: Int
  public var headers: [HTTPHeader]
  public var body: [UInt8]

  public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The first header of that name, case-insensitively.
  public func header(_ name: String) -> String? {
    let lower = name.lowercased()
    return headers.first { $0.name.lowercased() == lower }?.value
  }
}

public enum HTTPError: Error, Sendable, Equatable {
  /// libcurl could not be loaded.
  case unavailable(String)
  /// No connection, or it broke before a full response arrived.
  case connection(String)
  case timeout
  /// The response body is larger than the caller accepts; the transfer was cut short.
  case bodyTooLarge(limit: Int)

  /// Worth trying again: the server may answer next time.
  public var isTransient: Bool {
    switch self {
    case .connection, .timeout: true
    case .unavailable, .bodyTooLarge: false
    }
  }
}

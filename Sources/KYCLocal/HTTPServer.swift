import Foundation
import Synchronization

/// A small HTTP/1.1 server for local development: one thread per connection, one request per
/// connection (`Connection: close`), bounded header and body sizes, read timeouts, and a
/// graceful stop that lets requests in flight finish.
final class HTTPServer: Sendable {
  struct Request: Sendable {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var peer: String
  }

  struct Response: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    static func json(_ status: Int, _ text: String) -> Response {
      Response(status: status, headers: [("content-type", "application/json")], body: Array(text.utf8))
    }
  }

  let maxBodyBytes: Int
  let handler: @Sendable (Request) -> Response
  private let listener: Int32
  private let inFlight = DispatchGroup()
  private let stopping = Atomic<Bool>(false)

  init(host: String, port: Int, maxBodyBytes: Int, handler: @escaping @Sendable (Request) -> Response) throws {
    self.maxBodyBytes = maxBodyBytes
    self.handler = handler
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw POSIXError(.EIO) }
    var yes: Int32 = 1
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, host, &address.sin_addr)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(socket, 128) == 0 else {
      close(socket)
      throw POSIXError(.EADDRINUSE)
    }
    listener = socket
  }

  /// Accepts connections until `stop()`; then waits for the requests in flight.
  func run() {
    while !stopping.load(ordering: .relaxed) {
      let connection = accept(listener, nil, nil)
      if connection < 0 {
        if errno == EINTR { continue }
        break
      }
      var timeout = timeval(tv_sec: 30, tv_usec: 0)
      setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      inFlight.enter()
      DispatchQueue.global().async { [self] in
        serve(connection)
        close(connection)
        inFlight.leave()
      }
    }
    inFlight.wait()
  }

  func stop() {
    stopping.store(true, ordering: .relaxed)
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  // MARK: One connection

  func serve(_ connection: Int32) {
    switch read(connection) {
    case .request(let request): write(handler(request), to: connection)
    case .refused(let response): write(response, to: connection)
    }
  }

  enum Reading {
    case request(Request)
    case refused(Response)
  }

  /// The request, or the response that refuses it.
  func read(_ connection: Int32) -> Reading {
    var buffer: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    var headerEnd: Int?
    while headerEnd == nil {
      let count = recv(connection, &chunk, chunk.count, 0)
      guard count > 0 else { return .refused(.json(400, #"{"message":"Bad Request"}"#)) }
      buffer += chunk[0..<count]
      headerEnd = buffer.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound
      if headerEnd == nil && buffer.count > 64 * 1024 {
        return .refused(.json(431, #"{"message":"Request Header Fields Too Large"}"#))
      }
    }
    let head = String(decoding: buffer[..<(headerEnd! - 4)], as: UTF8.self)
    var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
    let requestLine = lines.removeFirst().split(separator: " ")
    guard requestLine.count == 3 else { return .refused(.json(400, #"{"message":"Bad Request"}"#)) }
    let headers = lines.compactMap { line -> (name: String, value: String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (
        String(line[..<colon]).lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      )
    }
    if headers.contains(where: { $0.name == "transfer-encoding" }) {
      return .refused(.json(411, #"{"message":"Length Required"}"#))
    }
    let length = headers.first { $0.name == "content-length" }.flatMap { Int($0.value) } ?? 0
    guard length <= maxBodyBytes else {
      // Read what was sent (up to a bound) so the client sees the 413 rather than a reset.
      var drained = buffer.count - headerEnd!
      while drained < min(length, 4 * maxBodyBytes) {
        let count = recv(connection, &chunk, chunk.count, 0)
        if count <= 0 { break }
        drained += count
      }
      return .refused(.json(413, #"{"message":"Request Entity Too Large"}"#))
    }
    var body = Array(buffer[headerEnd!...])
    while body.count < length {
      let count = recv(connection, &chunk, min(chunk.count, length - body.count), 0)
      guard count > 0 else { return .refused(.json(400, #"{"message":"Bad Request"}"#)) }
      body += chunk[0..<count]
    }
    return .request(
      Request(
        method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
        body: Array(body.prefix(length)), peer: "127.0.0.1"))
  }

  func write(_ response: Response, to connection: Int32) {
    var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
    for (name, value) in response.headers where name.lowercased() != "content-length" {
      head += "\(name): \(value)\r\n"
    }
    head += "content-length: \(response.body.count)\r\nconnection: close\r\n\r\n"
    let bytes = Array(head.utf8) + response.body
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if sent <= 0 { return }
      offset += sent
    }
  }

  static func reason(_ status: Int) -> String {
    [
      200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
      404: "Not Found", 409: "Conflict", 411: "Length Required", 413: "Payload Too Large",
      431: "Request Header Fields Too Large", 500: "Internal Server Error", 503: "Service Unavailable",
    ][status]
      ?? "Status"
  }
}

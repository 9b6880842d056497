import CCurl
import Synchronization

/// A synchronous HTTP client on libcurl. One client keeps one curl handle, so connections are
/// reused across the invocations a warm process serves. Calls are serialised.
public final class HTTPClient: Sendable {
  public struct Timeouts: Sendable {
    public var connectMs: Int
    public var totalMs: Int

    public init(connectMs: Int = 2_000, totalMs: Int = 10_000) {
      self.connectMs = connectMs
      self.totalMs = totalMs
    }
  }

  private let timeouts: Timeouts
  private let handle = Mutex<CurlHandle?>(nil)

  public init(timeouts: Timeouts = Timeouts()) {
    self.timeouts = timeouts
  }

  /// Sends a request and reads the whole response. `maxBodyBytes` is enforced while the body
  /// streams in (and against `Content-Length` before it does), never after the fact.
  public func send(_ request: HTTPRequest, maxBodyBytes: Int? = nil) throws(HTTPError) -> HTTPResponse {
    try handle.withLock { (slot: inout CurlHandle?) throws(HTTPError) -> HTTPResponse in
      if slot == nil { slot = try CurlHandle() }
      guard let curl = slot else { throw .unavailable("no curl handle") }
      return try curl.perform(request, timeouts: timeouts, maxBodyBytes: maxBodyBytes)
    }
  }
}

/// One curl easy handle and the transfer state its callbacks fill.
final class CurlHandle {
  private let easy: UnsafeMutableRawPointer

  init() throws(HTTPError) {
    var message = [CChar](repeating: 0, count: 256)
    guard kyc_curl_load(&message, message.count) == 0 else {
      throw .unavailable(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    guard let easy = kyc_curl_easy_init() else { throw .unavailable("curl_easy_init failed") }
    self.easy = easy
  }

  deinit { kyc_curl_easy_cleanup(easy) }

  func perform(_ request: HTTPRequest, timeouts: HTTPClient.Timeouts, maxBodyBytes: Int?) throws(HTTPError)
    -> HTTPResponse
  {
    let curl = easy
    kyc_curl_easy_reset(curl)
    let transfer = Transfer(limit: maxBodyBytes)
    var headerList: UnsafeMutablePointer<curl_slist>?
    defer { kyc_curl_slist_free_all(headerList) }
    // "Expect:" stops curl from waiting for 100-continue before a body.
    for line in request.headers.map({ $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }) + ["Expect:"] {
      headerList = kyc_curl_slist_append(headerList, line)
    }

    let code: CURLcode = withExtendedLifetime(transfer) {
      let context = Unmanaged.passUnretained(transfer).toOpaque()
      _ = kyc_curl_set_pointer(curl, CURLOPT_URL, request.url)
      // The path was signed exactly as written: curl must not squash "//" or "/../".
      _ = kyc_curl_set_long(curl, CURLOPT_PATH_AS_IS, 1)
      _ = kyc_curl_set_pointer(curl, CURLOPT_PROTOCOLS_STR, "http,https")
      _ = kyc_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
      _ = kyc_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, timeouts.connectMs)
      _ = kyc_curl_set_long(curl, CURLOPT_TIMEOUT_MS, timeouts.totalMs)
      _ = kyc_curl_set_pointer(curl, CURLOPT_HTTPHEADER, headerList)
      if let limit = maxBodyBytes { _ = kyc_curl_set_offset(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limit)) }
      switch request.method {
      case "GET":
        _ = kyc_curl_set_long(curl, CURLOPT_HTTPGET, 1)
      case "HEAD":
        _ = kyc_curl_set_long(curl, CURLOPT_NOBODY, 1)
      default:
        _ = kyc_curl_set_pointer(curl, CURLOPT_CUSTOMREQUEST, request.method)
      }
      if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
        _ = kyc_curl_set_offset(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
        if request.body.isEmpty {
          _ = kyc_curl_set_pointer(curl, CURLOPT_COPYPOSTFIELDS, "")
        } else {
          _ = request.body.withUnsafeBytes { kyc_curl_set_pointer(curl, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
        }
      }
      _ = kyc_curl_set_callback(curl, CURLOPT_WRITEFUNCTION, Transfer.onBody)
      _ = kyc_curl_set_pointer(curl, CURLOPT_WRITEDATA, context)
      _ = kyc_curl_set_callback(curl, CURLOPT_HEADERFUNCTION, Transfer.onHeader)
      _ = kyc_curl_set_pointer(curl, CURLOPT_HEADERDATA, context)
      return kyc_curl_easy_perform(curl)
    }

    if transfer.exceeded || code == CURLE_FILESIZE_EXCEEDED { throw .bodyTooLarge(limit: maxBodyBytes ?? 0) }
    switch code {
    case CURLE_OK:
      return HTTPResponse(status: kyc_curl_response_code(curl), headers: transfer.headers, body: transfer.body)
    case CURLE_OPERATION_TIMEDOUT:
      throw .timeout
    default:
      throw .connection(String(cString: kyc_curl_easy_strerror(code)))
    }
  }
}

/// Collects one response as curl hands it over.
final class Transfer {
  let limit: Int?
  var body: [UInt8] = []
  var headers: [HTTPHeader] = []
  var exceeded = false

  init(limit: Int?) { self.limit = limit }

  static let onBody: kyc_curl_data_fn = { data, size, count, context in
    let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    if let limit = transfer.limit, transfer.body.count + length > limit {
      transfer.exceeded = true
      return 0  // makes curl abort the transfer
    }
    if let data, length > 0 {
      transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    }
    return length
  }

  static let onHeader: kyc_curl_data_fn = { data, size, count, context in
    let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    guard let data, length > 0 else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
      transfer.headers = []  // a new response (after 100 Continue or a redirect)
      return length
    }
    guard let colon = line.firstIndex(of: ":") else { return length }
    let name = String(line[..<colon])
    let value = line[line.index(after: colon)...].trimmingSpaces()
    transfer.headers.append(HTTPHeader(name, value))
    if let limit = transfer.limit, name.lowercased() == "content-length", let size = Int(value), size > limit {
      transfer.exceeded = true
      return 0
    }
    return length
  }
}

extension Substring {
  func trimmingSpaces() -> String {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" || last == "\r" || last == "\n" || last == "\r\n" {
      text = text.dropLast()
    }
    return String(text)
  }
}

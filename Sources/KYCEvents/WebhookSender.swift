import HTTPTransport

/// How one delivery attempt went.
public enum DeliveryResult: Sendable, Equatable {
  case delivered
  /// Why not: a status code or a transport error, never the receiver's body.
  case failed(String)
}

/// Delivers one event's body to subscribers.
public protocol EventSender: Sendable {
  func send(id: String, body: [UInt8], timestamp: Int) -> DeliveryResult
}

/// A webhook: `POST` to the subscriber's URL with the Standard Webhooks headers. Any 2xx is an
/// acknowledgement; anything else, or no answer in time, is a failure to retry.
public struct WebhookSender: EventSender {
  public let url: String
  public let signature: WebhookSignature
  let http: HTTPClient

  public init(url: String, signature: WebhookSignature, timeoutMs: Int = 10_000) {
    self.url = url
    self.signature = signature
    self.http = HTTPClient(timeouts: .init(connectMs: 2_000, totalMs: timeoutMs))
  }

  public func send(id: String, body: [UInt8], timestamp: Int) -> DeliveryResult {
    let headers =
      [("content-type", "application/json"), ("user-agent", "le-ko-kyc-webhooks/1")]
      + signature.headers(id: id, timestamp: timestamp, body: body)
    do {
      let response = try http.send(
        HTTPRequest(method: "POST", url: url, headers: headers.map { HTTPHeader($0.0, $0.1) }, body: body),
        maxBodyBytes: 64 * 1024)
      return (200..<300).contains(response.status) ? .delivered : .failed("HTTP \(response.status)")
    } catch {
      return .failed("transport: \(error)")
    }
  }
}

import HTTPTransport
import Hashing
import KYCJSON
import SigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// DynamoDB's JSON protocol over the shared libcurl client, signed with SigV4, retried with
/// `RetryPolicy`. It knows operations and documents, not records: `KYCStore` builds on it.
public struct DynamoDBClient: Sendable {
  public enum Failure: Error, Sendable, Equatable {
    case conditionFailed
    /// A transaction was cancelled; one reason code per action, in order.
    case transactionCanceled([String])
    case service(type: String, status: Int)
    case transport(String)
  }

  let url: String
  let host: String
  let signer: SigV4Signer
  let http: HTTPClient
  /// Full jitter under 50 ms doubling: throttling and conflicts clear within a few hundred ms.
  let retry = RetryPolicy(maxAttempts: 4, baseMs: 50, capMs: 400, jitter: .full)
  let sleep: @Sendable (Int) -> Void

  public init(
    endpoint: String?, region: String, credentials: SigV4Signer.Credentials,
    sleep: @escaping @Sendable (Int) -> Void = { usleep(UInt32($0) * 1000) }
  ) {
    self.sleep = sleep
    var base = endpoint ?? "https://dynamodb.\(region).amazonaws.com"
    while base.hasSuffix("/") { base.removeLast() }
    url = base + "/"
    let authority =
      base.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? base
    host = authority
    signer = SigV4Signer(credentials: credentials, region: region, service: "dynamodb")
    http = HTTPClient(timeouts: .init(connectMs: 1_000, totalMs: 5_000))
  }

  /// Calls `operation` (GetItem, Query, TransactWriteItems, …). Throttling, 5xx, transaction
  /// conflicts and broken connections are retried with jittered backoff; everything else is not.
  public func call(_ operation: String, _ input: [String: JSONValue]) throws(Failure) -> [String: JSONValue] {
    let encoder = JSONCoding.encoder()
    guard let body = try? encoder.encode(input) else { throw .transport("request could not be encoded") }
    return try retry.run(sleep: sleep, retryable: Self.isTransient) { () throws(Failure) in
      try send(operation, Array(body))
    }
  }

  static func isTransient(_ failure: Failure) -> Bool {
    switch failure {
    case .transport: return true
    case .transactionCanceled(let reasons): return reasons.contains("TransactionConflict")
    case .service(let type, let status):
      return status >= 500
        || [
          "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
          "TransactionConflictException", "TransactionInProgressException",
        ].contains(type)
    case .conditionFailed: return false
    }
  }

  func send(_ operation: String, _ body: [UInt8]) throws(Failure) -> [String: JSONValue] {
    let amzDate = AmzDate.string(epochSeconds: Int(time(nil)))
    let headers = [
      ("host", host), ("content-type", "application/x-amz-json-1.0"),
      ("x-amz-target", "DynamoDB_20120810.\(operation)"),
    ]
    let request = SigV4Signer.Request(
      method: "POST", path: "/", headers: headers, payloadHash: Digest.hex(Digest.sha256(body)))
    let signed = headers + signer.sign(request, amzDate: amzDate)
    let response: HTTPResponse
    do {
      response = try http.send(
        HTTPRequest(method: "POST", url: url, headers: signed.map { HTTPHeader($0.0, $0.1) }, body: body),
        maxBodyBytes: 16 << 20)
    } catch {
      throw .transport("\(error)")
    }
    let document = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(response.body))) ?? [:]
    guard response.status == 200 else {
      let type =
        document["__type"]?.stringValue.map { String($0.split(separator: "#").last ?? "") } ?? "HTTP\(response.status)"
      if type == "ConditionalCheckFailedException" { throw .conditionFailed }
      if type == "TransactionCanceledException", case .array(let reasons)? = document["CancellationReasons"] {
        throw .transactionCanceled(
          reasons.map { reason in
            if case .object(let fields) = reason { return fields["Code"]?.stringValue ?? "None" }
            return "None"
          })
      }
      throw .service(type: type, status: response.status)
    }
    return document
  }
}

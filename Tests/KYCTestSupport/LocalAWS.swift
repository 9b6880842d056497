import HTTPTransport
import S3Client
import SigV4
import Synchronization
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The peers `Tests/support/local_aws.py` starts: moto with signature checking, a flaky server.
struct LocalAWS {
  static let environment = ProcessInfo.processInfo.environment
  static let available = environment["KYC_TEST_S3_ENDPOINT"] != nil
  static func value(_ name: String) -> String { environment[name] ?? "" }

  static var bucket: String { value("KYC_TEST_BUCKET") }
  static var credentials: SigV4Signer.Credentials {
    .init(accessKeyId: value("KYC_TEST_ACCESS_KEY_ID"), secretAccessKey: value("KYC_TEST_SECRET_ACCESS_KEY"))
  }

  static func client(
    endpoint: String = value("KYC_TEST_S3_ENDPOINT"), credentials: SigV4Signer.Credentials = credentials,
    sleeps: Sleeps? = nil
  ) -> S3Client {
    S3Client(
      configuration: .init(endpoint: endpoint, region: value("KYC_TEST_REGION"), credentials: credentials),
      http: HTTPClient(timeouts: .init(connectMs: 1_000, totalMs: 5_000)),
      sleep: { ms in sleeps?.record(ms) })
  }

  /// The back-off pauses a client asked for, recorded instead of slept.
  final class Sleeps: Sendable {
    private let values = Mutex<[Int]>([])
    func record(_ ms: Int) { values.withLock { $0.append(ms) } }
    var all: [Int] { values.withLock { $0 } }
  }

  /// The bytes local_aws.py stored: byte i is (i * 131 + i / 512) % 256.
  static func pattern(_ size: Int) -> [UInt8] {
    (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 / 512) }
  }

  static func hits(_ path: String) throws -> Int {
    let response = try HTTPClient().send(
      HTTPRequest(method: "GET", url: value("KYC_TEST_FLAKY_ENDPOINT") + "/_hits" + path))
    return Int(String(decoding: response.body, as: UTF8.self)) ?? -1
  }
}

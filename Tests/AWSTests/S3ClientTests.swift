import HTTPTransport
import S3Client
import SigV4
import Synchronization
import Testing

@testable import KYCTestSupport

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite(.enabled(if: LocalAWS.available, "needs the local AWS peers of scripts/test"), .serialized)
struct S3ClientTests {
  let bucket = LocalAWS.bucket

  // moto's signature check mis-handles keys with `+ = ( ) ! * ' ; , @ $ :` or non-ASCII; the
  // botocore vectors cover those.
  @Test func aRightKeyFetchesTheExactBytes() throws {
    let client = LocalAWS.client()
    #expect(
      try client.getObject(bucket: bucket, key: "tests/pattern-100k.bin", maxBytes: 1 << 20)
        == LocalAWS.pattern(100_000))
    #expect(try client.headObject(bucket: bucket, key: "tests/pattern-100k.bin").size == 100_000)
    #expect(
      try client.getObject(bucket: bucket, key: "tests/with space/a~b_1.bin", maxBytes: 4096) == LocalAWS.pattern(1_000)
    )
  }

  @Test func aWrongSecretIsRefused() {
    var wrong = LocalAWS.credentials
    wrong.secretAccessKey = "not-the-secret"
    #expect(throws: S3Error.accessDenied(code: "SignatureDoesNotMatch")) {
      try LocalAWS.client(credentials: wrong).getObject(
        bucket: bucket, key: "tests/pattern-100k.bin", maxBytes: 1 << 20)
    }
  }

  @Test func aUserWithoutPermissionIsRefused() {
    let denied = SigV4Signer.Credentials(
      accessKeyId: LocalAWS.value("KYC_TEST_DENIED_ACCESS_KEY_ID"),
      secretAccessKey: LocalAWS.value("KYC_TEST_DENIED_SECRET_ACCESS_KEY"))
    #expect(throws: S3Error.accessDenied(code: "AccessDenied")) {
      try LocalAWS.client(credentials: denied).getObject(
        bucket: bucket, key: "tests/pattern-100k.bin", maxBytes: 1 << 20)
    }
  }

  @Test func temporaryCredentialsNeedTheirSessionToken() throws {
    var temporary = SigV4Signer.Credentials(
      accessKeyId: LocalAWS.value("KYC_TEST_TEMP_ACCESS_KEY_ID"),
      secretAccessKey: LocalAWS.value("KYC_TEST_TEMP_SECRET_ACCESS_KEY"),
      sessionToken: LocalAWS.value("KYC_TEST_TEMP_SESSION_TOKEN"))
    #expect(
      try LocalAWS.client(credentials: temporary).getObject(
        bucket: bucket, key: "tests/pattern-100k.bin", maxBytes: 1 << 20
      ).count == 100_000)
    temporary.sessionToken = nil
    #expect(throws: S3Error.accessDenied(code: "InvalidAccessKeyId")) {
      try LocalAWS.client(credentials: temporary).getObject(
        bucket: bucket, key: "tests/pattern-100k.bin", maxBytes: 1 << 20)
    }
    temporary.sessionToken = "forged"
    #expect(throws: S3Error.accessDenied(code: "InvalidToken")) {
      try LocalAWS.client(credentials: temporary).getObject(
        bucket: bucket, key: "tests/pattern-100k.bin", maxBytes: 1 << 20)
    }
  }

  @Test func missingObjectsAndBuckets() {
    #expect(throws: S3Error.noSuchKey) {
      try LocalAWS.client().getObject(bucket: bucket, key: "tests/absent.jpg", maxBytes: 1 << 20)
    }
    #expect(throws: S3Error.noSuchBucket) {
      try LocalAWS.client().getObject(bucket: "no-such-bucket", key: "x.jpg", maxBytes: 1 << 20)
    }
  }

  @Test func anObjectOverTheLimitIsCutOffWhileStreaming() {
    #expect(throws: S3Error.tooLarge(limit: 512 * 1024)) {
      try LocalAWS.client().getObject(bucket: bucket, key: "tests/pattern-1m.bin", maxBytes: 512 * 1024)
    }
    #expect(
      (try? LocalAWS.client().getObject(bucket: bucket, key: "tests/pattern-1m.bin", maxBytes: 1_048_576))?.count
        == 1_048_576)
  }

  @Test func serverErrorsAreRetriedWithBackoff() throws {
    let flaky = LocalAWS.value("KYC_TEST_FLAKY_ENDPOINT")
    let sleeps = LocalAWS.Sleeps()
    let key = "fail-2/\(UUID().uuidString).jpg"
    #expect(
      try LocalAWS.client(endpoint: flaky, sleeps: sleeps).getObject(bucket: "b", key: key, maxBytes: 1 << 20).count
        == 4096)
    #expect(try LocalAWS.hits("/b/\(key)") == 3)
    #expect(sleeps.all.count == 2)
    #expect(sleeps.all.allSatisfy { (0...1_000).contains($0) })

    let slow = "slowdown-1/\(UUID().uuidString).jpg"
    #expect(try LocalAWS.client(endpoint: flaky).getObject(bucket: "b", key: slow, maxBytes: 1 << 20).count == 4096)
    #expect(try LocalAWS.hits("/b/\(slow)") == 2)
  }

  @Test func persistentFailuresGiveUpAndClientErrorsAreNotRetried() throws {
    let flaky = LocalAWS.value("KYC_TEST_FLAKY_ENDPOINT")
    let broken = "always-500/\(UUID().uuidString).jpg"
    #expect(throws: S3Error.unavailable("HTTP 500 InternalError")) {
      try LocalAWS.client(endpoint: flaky).getObject(bucket: "b", key: broken, maxBytes: 1 << 20)
    }
    #expect(try LocalAWS.hits("/b/\(broken)") == 3)
    let missing = "missing-\(UUID().uuidString).jpg"
    #expect(throws: S3Error.noSuchKey) {
      try LocalAWS.client(endpoint: flaky).getObject(bucket: "b", key: missing, maxBytes: 1 << 20)
    }
    #expect(try LocalAWS.hits("/b/\(missing)") == 1)
  }

  @Test func anUnreachableServerIsUnavailableAfterRetries() {
    let sleeps = LocalAWS.Sleeps()
    let client = LocalAWS.client(endpoint: LocalAWS.value("KYC_TEST_CLOSED_ENDPOINT"), sleeps: sleeps)
    do {
      _ = try client.getObject(bucket: "b", key: "k", maxBytes: 10)
      Issue.record("expected a failure")
    } catch {
      guard case .unavailable = error else {
        Issue.record("got \(error)")
        return
      }
    }
    #expect(sleeps.all.count == 2)
  }
}

@Suite struct S3AddressingTests {
  let credentials = SigV4Signer.Credentials(accessKeyId: "AKID", secretAccessKey: "secret")

  @Test func localEndpointsUsePathStyleAndAWSVirtualHosts() {
    let local = S3Client(
      configuration: .init(endpoint: "http://127.0.0.1:5000/", region: "us-east-1", credentials: credentials))
    #expect(
      local.location(bucket: "kyc-uploads", key: "a b/ü.jpg").url
        == "http://127.0.0.1:5000/kyc-uploads/a%20b/%C3%BC.jpg")
    #expect(local.location(bucket: "kyc-uploads", key: "x.jpg").host == "127.0.0.1:5000")
    let aws = S3Client(configuration: .init(endpoint: nil, region: "eu-west-1", credentials: credentials))
    let target = aws.location(bucket: "kyc-uploads", key: "a//b.jpg")
    #expect(target.url == "https://kyc-uploads.s3.eu-west-1.amazonaws.com/a//b.jpg")
    #expect(target.host == "kyc-uploads.s3.eu-west-1.amazonaws.com")
    #expect(target.path == "/a//b.jpg")
  }

  @Test func environmentNeedsBothKeys() {
    #expect(S3Client.Configuration(environment: ["AWS_ACCESS_KEY_ID": "a"], region: "r", endpoint: nil) == nil)
    let config = S3Client.Configuration(
      environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_SESSION_TOKEN": "t"], region: "r",
      endpoint: nil)
    #expect(config?.credentials.sessionToken == "t")
    #expect(config?.pathStyle == false)
  }

  @Test func integrationPeersArePresentWhenRequired() {
    if ProcessInfo.processInfo.environment["KYC_REQUIRE_INTEGRATION"] == "1" { #expect(LocalAWS.available) }
  }
}

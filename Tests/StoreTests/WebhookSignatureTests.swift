import HTTPTransport
import KYCConfiguration
import KYCEvents
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct WebhookSignatureTests {
  /// The Standard Webhooks specification's own example.
  @Test func matchesTheSpecificationsVector() throws {
    let signature = WebhookSignature(
      key: try #require(Configuration.webhookKey(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
    let body = Array(#"{"test": 2432232314}"#.utf8)
    #expect(
      signature.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
  }

  @Test func refusesShortOrMalformedSecrets() {
    #expect(Configuration.webhookKey(secret: "short") == nil)
    #expect(Configuration.webhookKey(secret: "whsec_not base64!") == nil)
    #expect(Configuration.webhookKey(secret: "a-long-enough-plain-secret-0123") == nil)  // no whsec_ prefix
    #expect(Configuration.webhookKey(secret: "whsec_" + Data(repeating: 7, count: 65).base64EncodedString()) == nil)
    #expect(Configuration.webhookKey(secret: "whsec_" + Data(repeating: 7, count: 64).base64EncodedString()) != nil)
  }
}

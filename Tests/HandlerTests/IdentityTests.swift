import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCHandlers
@testable import KYCTestSupport

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct IdentityTests {
  @Test func requiresClaimsThenAHeaderThatMatchesThem() throws {
    let h = try Harness()
    #expect(h.call(GetVerificationStatus.self, claims: false).status == 401)
    #expect(h.call(GetVerificationStatus.self, user: nil, sub: coachA).status == 400)
    #expect(h.call(GetVerificationStatus.self, user: "nope", sub: coachA).status == 400)
    let mismatch = h.call(GetVerificationStatus.self, user: coachA, sub: coachB)
    #expect(mismatch.status == 403)
    #expect(mismatch.json?.errorCode == "forbidden")
    #expect(h.call(GetVerificationStatus.self, user: coachA.uppercased(), sub: coachA).status == 404)
  }

  @Test func adminGroupAcceptsAPIGatewayStringAndJSONArray() {
    #expect(Caller.groups(.string("[kyc-admin staff]")) == ["kyc-admin", "staff"])
    #expect(Caller.groups(.string(#"["staff","kyc-admin"]"#)) == ["staff", "kyc-admin"])
    // Nothing but those two forms: a plain string is no list, and commas split nothing.
    #expect(Caller.groups(.string("kyc-admin")).isEmpty)
    #expect(Caller.groups(.string("staff,kyc-admin")).isEmpty)
    #expect(Caller.groups(.string("[staff,kyc-admin]")) == ["staff,kyc-admin"])
    #expect(Caller.groups(.array([.string("staff,kyc-admin")])) == ["staff,kyc-admin"])
    #expect(Caller.groups(.array([.string("staff"), .string("kyc-admin")])) == ["staff", "kyc-admin"])
    #expect(Caller.groups(.number(1)).isEmpty)
    #expect(Caller.groups(nil).isEmpty)
  }

  @Test func errorEnvelopeNamesRouteAndRequest() throws {
    let h = try Harness()
    let (status, json) = h.call(GetVerification.self, path: ["verificationId": "123"])
    #expect(status == 400)
    guard case .array(let errors)? = json?["errors"], let first = errors.first else {
      Issue.record("no errors array")
      return
    }
    #expect(first["endpoint"]?.stringValue == "GET /verifications/{verificationId}")
    #expect(first["requestId"]?.stringValue == "req-42")
    #expect(first["code"]?.stringValue == "validation")
  }
}

import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCHandlers

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct RuntimeTests {
  @Test func aBrokenEventStillGetsAnEnvelope() throws {
    let h = try Harness()
    for input: [UInt8]? in [nil, [], Array("{".utf8), Array("[1,2]".utf8), [0xFF, 0xFE]] {
      let response = FunctionRuntime.invoke(
        input, handler: GetVerification.handler(services: h.services), logger: Logger(function: "t", sink: { _ in }))
      #expect(response.statusCode == 400)
      #expect(response.headers["content-type"] == "application/json")
    }
  }

  @Test func configurationRejectsBadValues() {
    #expect(throws: APIError.self) { try Configuration(environment: ["KYC_STORE": "postgres:x"]) }
    #expect(throws: APIError.self) { try Configuration(environment: ["KYC_MAX_ATTEMPTS": "0"]) }
    #expect(throws: APIError.self) { try Configuration(environment: ["KYC_MATCH_THRESHOLD": "1.5"]) }
    let config = try? Configuration(environment: ["KYC_STORE": "dynamodb:kyc", "KYC_MATCH_THRESHOLD": "0.7"])
    #expect(config?.store == .dynamoDB(table: "kyc"))
    #expect(config?.matchThreshold == 0.7)
    #expect((try? Configuration(environment: [:]))?.store == .sqlite(path: ".kyc/kyc.sqlite"))
  }
}

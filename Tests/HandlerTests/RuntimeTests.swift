import KYCConfiguration
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
    #expect(throws: ConfigurationError.self) { try Configuration(environment: ["KYC_STORE": "postgres:x"]) }
    #expect(throws: ConfigurationError.self) { try Configuration(environment: ["KYC_MAX_ATTEMPTS": "0"]) }
    #expect(throws: ConfigurationError.self) { try Configuration(environment: ["KYC_MATCH_THRESHOLD": "1.5"]) }
    let config = try? Configuration(environment: ["KYC_STORE": "dynamodb:kyc", "KYC_MATCH_THRESHOLD": "0.7"])
    #expect(config?.store == .dynamoDB(table: "kyc"))
    #expect(config?.matchThreshold == 0.7)
    #expect((try? Configuration(environment: [:]))?.store == .sqlite(path: ".kyc/kyc.sqlite"))
  }

  /// A refusal names the variable and its rule, never the value: a secret must not reach a log.
  @Test func aConfigurationErrorNamesTheVariableNotItsValue() {
    let secret = "whsec_not-base64-but-secret"
    let environment = ["KYC_WEBHOOK_URL": "https://hooks.example", "KYC_WEBHOOK_SECRET": secret]
    #expect(throws: ConfigurationError.self) { try Configuration(environment: environment) }
    do {
      _ = try Configuration(environment: environment)
    } catch {
      #expect(error.variable == "KYC_WEBHOOK_SECRET" && !error.message.contains(secret))
    }
    #expect(throws: ConfigurationError(.maxAttempts, "must be an integer in 1...100")) {
      try Configuration(environment: ["KYC_MAX_ATTEMPTS": "many"])
    }
  }

  /// `FunctionSettings` names functions by their names: each must be one the handlers define.
  @Test func everyFunctionTheSettingsNameExists() {
    #expect(Set(FunctionSettings.own.keys).isSubset(of: OperationRegistry.functionNames))
    #expect(OperationRegistry.settings["uploadAvatar"]?.contains(.signalKey) == true)
  }
}

import KYCConfiguration
import KYCModel
import KYCRuntime
import Testing

@testable import KYCHandlers
@testable import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Capture sessions: the token's rules (pure), the token itself, and the QR code of the link.
@Suite struct CaptureTests {
  let lifecycle = Lifecycle(maxAttempts: 3, matchThreshold: 0.8)
  let token = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"

  func granted(status: Status = .pending, expiresAtSeconds: Int = 2000) throws -> VerificationRecord {
    var record = lifecycle.create(id: "v1", coachId: "c1", notes: nil, now: Date(timeIntervalSince1970: 1000))
    record.verification.status = status
    return try CaptureAccess.grant(
      record, tokenHash: CaptureToken.hash(token), expiresAt: "x", expiresAtSeconds: expiresAtSeconds)
  }

  /// The refusal `body` throws, `nil` when it throws none.
  func refusal(_ body: () throws -> Void) -> CaptureRefusal? {
    do {
      try body()
      return nil
    } catch let error as CaptureRefusal {
      return error
    } catch {
      Issue.record("not a capture refusal: \(error)")
      return nil
    }
  }

  @Test func theHeaderNamesTheCaptureScheme() throws {
    #expect(try CaptureAccess.token(fromAuthorization: "Capture \(token)") == token)
    #expect(try CaptureAccess.token(fromAuthorization: "capture \(token)") == token)
    #expect(refusal { _ = try CaptureAccess.token(fromAuthorization: nil) } == .missingToken)
    #expect(refusal { _ = try CaptureAccess.token(fromAuthorization: "Bearer \(token)") } == .missingToken)
    #expect(refusal { _ = try CaptureAccess.token(fromAuthorization: "Capture") } == .missingToken)
    #expect(refusal { _ = try CaptureAccess.token(fromAuthorization: "Capture short") } == .unknownToken)
    #expect(refusal { _ = try CaptureAccess.token(fromAuthorization: "Capture \(token) x") } == .unknownToken)
    #expect(refusal { _ = try CaptureAccess.token(fromAuthorization: "Capture \(token)=") } == .unknownToken)
  }

  @Test func aTokenOpensItsVerificationUntilItExpiresOrTheFlowIsComplete() throws {
    let record = try granted()
    let hash = CaptureToken.hash(token)
    #expect(refusal { try CaptureAccess.check(record, tokenHash: hash, nowSeconds: 1999) } == nil)
    #expect(refusal { try CaptureAccess.check(record, tokenHash: hash, nowSeconds: 2000) } == .expired)
    #expect(
      refusal { try CaptureAccess.check(record, tokenHash: CaptureToken.hash("other"), nowSeconds: 1500) }
        == .unknownToken)
    var avatarDone = record
    avatarDone.verification.status = .avatarVerified
    #expect(refusal { try CaptureAccess.check(avatarDone, tokenHash: hash, nowSeconds: 1500) } == nil)
    for status in [Status.passportVerified, .adminReviewRequired, .approved, .rejected] {
      var done = record
      done.verification.status = status
      #expect(refusal { try CaptureAccess.check(done, tokenHash: hash, nowSeconds: 1500) } == .completed)
      // Stored, such a record drops its session: the token is then unknown.
      let stored = CaptureAccess.revokedIfComplete(done)
      #expect(stored.captureSession == nil)
      #expect(refusal { try CaptureAccess.check(stored, tokenHash: hash, nowSeconds: 1500) } == .unknownToken)
    }
    #expect(CaptureAccess.revokedIfComplete(record) == record)
    var none = record
    none.captureSession = nil
    #expect(refusal { try CaptureAccess.check(none, tokenHash: hash, nowSeconds: 1500) } == .unknownToken)
  }

  @Test func aNewerSessionReplacesTheOlderAndNoneIsGrantedPastTheCaptureStates() throws {
    let first = try granted()
    let second = try CaptureAccess.grant(
      first, tokenHash: CaptureToken.hash("newer"), expiresAt: "y", expiresAtSeconds: 3000)
    #expect(
      refusal { try CaptureAccess.check(second, tokenHash: CaptureToken.hash(token), nowSeconds: 1500) }
        == .unknownToken)
    #expect(refusal { try CaptureAccess.check(second, tokenHash: CaptureToken.hash("newer"), nowSeconds: 1500) } == nil)
    #expect(throws: LifecycleError.self) { try granted(status: .adminReviewRequired) }
  }

  @Test func refusalsAreUnauthorizedOrForbiddenAtTheEdge() {
    #expect(CaptureRefusal.missingToken.status == 401)
    #expect(CaptureRefusal.unknownToken.status == 401)
    #expect(CaptureRefusal.expired.status == 401)
    #expect(CaptureRefusal.completed.status == 403)
    #expect(CaptureRefusal.completed.code == .forbidden)
  }

  @Test func tokensAre256RandomBitsInBase64URLAndStoredAsTheirSHA256() {
    let tokens = (0..<100).map { _ in CaptureToken.generate() }
    #expect(Set(tokens).count == 100)
    for token in tokens {
      #expect(token.utf8.count == 43)
      #expect(token.unicodeScalars.allSatisfy { CaptureAccess.isBase64URL($0) })
    }
    // RFC 4648 §10's vectors, without padding, and its URL-safe alphabet.
    #expect(CaptureToken.base64URL(Array("foob".utf8)) == "Zm9vYg")
    #expect(CaptureToken.base64URL(Array("fooba".utf8)) == "Zm9vYmE")
    #expect(CaptureToken.base64URL(Array("foobar".utf8)) == "Zm9vYmFy")
    #expect(CaptureToken.base64URL([0xFB, 0xFF]) == "-_8")
    #expect(CaptureToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func theSVGDrawsEveryDarkModuleInsideTheQuietZone() {
    // A 3 × 3 symbol: a diagonal and a run of two.
    let symbol = QRCodeSymbol(size: 3, modules: [true, true, false, false, true, false, false, false, true])
    let svg = symbol.svg
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 11 11\""))
    #expect(svg.contains("d=\"M4 4h2v1h-2zM5 5h1v1h-1zM6 6h1v1h-1z\""))
  }

  @Test func libqrencodeEncodesALinkAtLevelM() throws {
    let link =
      "https://kyc.example/v1/console/capture.html#verification=5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6&token=\(token)"
    let symbol = try QRCodeEncoder.encode(link)
    // 143 bytes at level M need version 8 (49 modules): version 7 holds 122, version 8 152.
    #expect(link.utf8.count == 143)
    #expect(symbol.size == 49)
    // The three finder patterns: dark 7 × 7 squares' corners, light separators beside them.
    for (row, column) in [(0, 0), (0, 48), (48, 0), (6, 6), (6, 42), (42, 6)] {
      #expect(symbol.isDark(row: row, column: column))
    }
    #expect(!symbol.isDark(row: 7, column: 7) && !symbol.isDark(row: 7, column: 41))
    #expect(throws: QRCodeEncoder.Failure.cannotEncode) {
      try QRCodeEncoder.encode(String(repeating: "x", count: 3000))
    }
  }

  @Test func theCaptureTTLIsFifteenMinutesUnlessSetWithinBounds() throws {
    #expect(try Configuration(environment: [:]).captureTTL == 900)
    #expect(try Configuration(environment: ["KYC_CAPTURE_TTL": "120"]).captureTTL == 120)
    #expect(throws: ConfigurationError.self) { try Configuration(environment: ["KYC_CAPTURE_TTL": "10"]) }
    #expect(throws: ConfigurationError.self) {
      try Configuration(environment: ["KYC_CAPTURE_PAGE_URL": "javascript:x"])
    }
    #expect(try Configuration(environment: [:]).capturePageURL == nil)
  }

  @Test func theLinkCarriesTheTokenInItsFragmentOnly() {
    let url = CreateCaptureSession.link(
      page: "https://k.example/v1/console/capture.html#old", verificationId: "v", token: token)
    #expect(url == "https://k.example/v1/console/capture.html#verification=v&token=\(token)")
  }
}

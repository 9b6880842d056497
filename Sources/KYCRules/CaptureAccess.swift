import KYCModel

/// The capture token's rules, as pure functions: which states a capture page may work in, and
/// whether a presented token (its hash) opens a verification at a given time.
public enum CaptureAccess {
  /// The states in which the capture page still has something to take: the selfie or the
  /// document. Past them the flow is complete and every token of the verification is spent.
  public static func isCaptureState(_ status: Status) -> Bool {
    status == .pending || status == .avatarVerified
  }

  /// The token's value from an `Authorization` header: `Capture <token>`, the scheme in any case,
  /// the token 22 to 128 base64url characters.
  public static func token(fromAuthorization header: String?) throws(CaptureRefusal) -> String {
    guard let header else { throw .missingToken }
    let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    guard parts.count == 2, parts[0].lowercased() == "capture" else { throw .missingToken }
    let token = String(parts[1])
    guard (22...128).contains(token.utf8.count), token.unicodeScalars.allSatisfy(isBase64URL) else {
      throw .unknownToken
    }
    return token
  }

  /// Whether a token whose SHA-256 is `tokenHash` opens `record` at `nowSeconds`.
  public static func check(_ record: VerificationRecord, tokenHash: String, nowSeconds: Int) throws(CaptureRefusal) {
    guard let grant = record.captureSession, constantTimeEqual(grant.tokenHash, tokenHash) else {
      // A completed flow drops its session (`revokedIfComplete`), so a spent token is unknown.
      throw .unknownToken
    }
    guard isCaptureState(record.verification.status) else { throw .completed }
    guard nowSeconds < grant.expiresAtSeconds else { throw .expired }
  }

  /// A new session for `record`: the newer replaces any earlier one. Refused past the capture
  /// states.
  public static func grant(
    _ record: VerificationRecord, tokenHash: String, expiresAt: String, expiresAtSeconds: Int
  ) throws(LifecycleError) -> VerificationRecord {
    guard isCaptureState(record.verification.status) else {
      throw .wrongState(
        "a capture link is only for a verification still waiting on its selfie or document (status is \(record.verification.status.rawValue))"
      )
    }
    var next = record
    next.captureSession = CaptureGrant(tokenHash: tokenHash, expiresAt: expiresAt, expiresAtSeconds: expiresAtSeconds)
    return next
  }

  /// `record` as it should be stored: a session past the capture states is dropped (revoked).
  public static func revokedIfComplete(_ record: VerificationRecord) -> VerificationRecord {
    guard record.captureSession != nil, !isCaptureState(record.verification.status) else { return record }
    var next = record
    next.captureSession = nil
    return next
  }

  static func isBase64URL(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "-", "_": true
    default: false
    }
  }

  static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
  }
}

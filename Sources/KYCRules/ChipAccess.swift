import KYCModel

/// The rules of chip verification (an addition): when an app may ask for an Active
/// Authentication nonce and send what it read, how many times, and what a check leaves on the
/// record. A chip never moves the verification: it is evidence for the admin, with risk signals
/// when it contradicts the page or the selfie or fails its signatures.
public enum ChipAccess {
  /// Seconds a nonce is accepted: the app reads the chip right after asking.
  public static let nonceSeconds = 300

  /// The chip may be checked once the selfie passed and until the admin decides.
  public static func checkSubmission(_ record: VerificationRecord, maxAttempts: Int) throws(LifecycleError) {
    let status = record.verification.status
    guard [.avatarVerified, .passportVerified, .adminReviewRequired].contains(status) else {
      throw .wrongState(
        "a chip is checked once the selfie is verified and until the admin decides; the verification is \(status.rawValue)"
      )
    }
    guard (record.chipAttempts ?? 0) < maxAttempts else {
      throw .wrongState("this verification's chip was checked \(maxAttempts) times already")
    }
  }

  /// `record` holding a new challenge, replacing any earlier one.
  public static func grant(_ record: VerificationRecord, nonce: String, expiresAtSeconds: Int, maxAttempts: Int)
    throws(LifecycleError) -> VerificationRecord
  {
    try checkSubmission(record, maxAttempts: maxAttempts)
    var next = record
    next.chipChallenge = ChipChallenge(nonce: nonce, expiresAtSeconds: expiresAtSeconds)
    return next
  }

  /// The challenge still accepted at `now` (seconds since 1970), if any. Whatever the answer,
  /// the record that follows a check holds none: a nonce is used once.
  public static func liveChallenge(_ record: VerificationRecord, now: Int) -> ChipChallenge? {
    guard let challenge = record.chipChallenge, now <= challenge.expiresAtSeconds else { return nil }
    return challenge
  }

  /// `record` with the check's result, its signals, one more attempt and no challenge left.
  public static func record(_ record: VerificationRecord, result: ChipVerificationResult) -> VerificationRecord {
    var next = record
    next.chipChallenge = nil
    next.chipAttempts = (record.chipAttempts ?? 0) + 1
    next.verification.chipVerification = result
    next.verification.riskSignals = (record.verification.riskSignals ?? []) + signals(result)
    next.verification.updatedAt = result.checkedAt
    return next
  }

  /// The risk signals a check raises; their details name fields and reasons, never values.
  public static func signals(_ result: ChipVerificationResult) -> [RiskSignal] {
    var out: [RiskSignal] = []
    func raise(_ code: RiskSignal.Code, _ details: String) {
      out.append(RiskSignal(code: code, step: .passportVerification, details: details, detectedAt: result.checkedAt))
    }
    if result.passiveAuthentication == .failed {
      let reason = result.failureDetails ?? result.failureReason?.rawValue ?? "failed"
      if result.failureReason == .unknownIssuer {
        raise(.chipUnknownIssuer, "The chip's Document Signer was issued by no trusted CSCA")
      } else {
        raise(.chipSignatureInvalid, "Passive authentication failed: \(reason)")
      }
    }
    if result.mrzComparison == .mismatch {
      let fields = (result.mismatchedFields ?? []).joined(separator: ", ")
      raise(.chipDataMismatch, "The chip's MRZ (DG1) differs from the page: \(fields)")
    }
    if result.portraitMatch == .mismatch {
      raise(.chipDataMismatch, "The chip's portrait (DG2) does not match the selfie")
    }
    if result.cardSecurity == .failed {
      let reason = result.cardSecurityFailureReason?.rawValue ?? "failed"
      raise(.chipSignatureInvalid, "EF.CardSecurity's signature or chain failed: \(reason)")
    }
    if result.activeAuthentication == .failed {
      raise(.chipSignatureInvalid, "Active Authentication failed: the chip did not sign the nonce with DG15's key")
    }
    return out
  }
}

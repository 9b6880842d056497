import CivilTime
import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Personal-data retention as pure functions: which verifications are due, and what erasing one
/// leaves. Erased: the passport data and the coach's correction (names, numbers, dates, places),
/// every free text that may quote them (notes, error messages, failure and signal details), the
/// match score, the image keys and face boxes, the risk-signal index entries, and the chip's signer,
/// issuing country, failure words and portrait score. Kept: status,
/// step, the decision and its reason, the reasons of failures, timestamps and the history.
public enum Redaction {
  /// Verifications completed before this instant are due: `days` before `now`.
  public static func cutoff(retentionDays days: Int, now: Date) -> String {
    Timestamp.string(from: now.addingTimeInterval(-Double(days) * 86_400))
  }

  /// Completed (approved or rejected) before `cutoff`, and not erased yet. Timestamps of one
  /// format compare as strings.
  public static func isDue(_ record: VerificationRecord, cutoff: String) -> Bool {
    guard !record.isActive, record.verification.redactedAt == nil, let completed = record.verification.completedAt
    else { return false }
    return completed < cutoff
  }

  /// The record with its personal data erased at `time`, and the image keys to delete.
  public static func erase(_ record: VerificationRecord, at time: String) -> (
    record: VerificationRecord, fileKeys: [String]
  ) {
    var erased = record
    var v = erased.verification
    if var passport = v.passportVerification {
      passport.passportData = nil
      passport.errorMessage = nil
      v.passportVerification = passport
    }
    v.correctedPassportData = nil
    if var avatar = v.avatarVerification {
      avatar.errorMessage = nil
      v.avatarVerification = avatar
    }
    if var match = v.imageMatchResult {
      match.matchScore = nil
      match.errorMessage = nil
      v.imageMatchResult = match
    }
    v.failureReason?.details = nil
    v.notes = nil
    v.adminApproval?.notes = nil
    v.riskSignals = v.riskSignals?.map { signal in
      var kept = signal
      kept.details = "erased"
      return kept
    }
    v.redactedAt = time
    erased.verification = v
    erased.avatarFileKey = nil
    erased.passportFileKey = nil
    erased.avatarETag = nil
    erased.passportETag = nil
    erased.passportBackFileKey = nil
    erased.passportBackETag = nil
    erased.avatarFace = nil
    erased.passportPortrait = nil
    erased.signalIndex = nil
    // The chip's outcomes stay; who signed (the issuing state), the words and the score go.
    erased.chipChallenge = nil
    if var chip = erased.verification.chipVerification {
      (chip.signer, chip.csca, chip.issuingCountry, chip.failureDetails, chip.portraitMatchScore) = (
        nil, nil, nil, nil, nil
      )
      erased.verification.chipVerification = chip
    }
    return (erased, [record.avatarFileKey, record.passportFileKey, record.passportBackFileKey].compactMap { $0 })
  }
}

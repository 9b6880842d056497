import CivilTime
import KYCModel

/// The pure rules behind the risk signals: what counts as a duplicate, as one photograph used
/// twice, as under age. Lookups and keyed hashing are the caller's (`RiskScreen`).
public enum RiskRules {
  /// Descriptor distance below which the selfie's face and the passport portrait are one
  /// photograph, not two photos of one person. Calibrated on the labelled pairs the tests use
  /// (dlib's johns, face_recognition's obama images): distinct photographs of one person lie at
  /// 0.18–0.569; only a duplicated file (0.00) and frames of one video moment (0.065, 0.086) lie
  /// lower. A portrait cut from a page and re-encoded measures well under 0.12.
  public static let samePhotographDistance = 0.12

  /// Perceptual hash chunks that must agree for two selfies to be one image (of `chunkCount`):
  /// re-encoding or resizing flips a few bits, which may spoil one chunk, rarely two.
  public static let chunkCount = 4
  public static let chunksToMatch = 3

  /// The hash's chunks (16 bits each), the unit the index stores keyed hashes of.
  public static func chunks(_ hash: UInt64) -> [UInt16] {
    (0..<chunkCount).map { UInt16(truncatingIfNeeded: hash >> UInt64(16 * $0)) }
  }

  /// Index entries of other coaches' verifications: the same document seen elsewhere.
  public static func otherCoaches(_ entries: [SignalIndexEntry], coachId: String) -> [SignalIndexEntry] {
    entries.filter { $0.coachId != coachId }.sorted { $0.recordedAt < $1.recordedAt }
  }

  /// Other coaches' verifications whose selfie agrees in at least `chunksToMatch` chunks.
  public static func sameSelfie(_ entries: [SignalIndexEntry], coachId: String) -> [SignalIndexEntry] {
    var keysByVerification: [String: Set<String>] = [:]
    var first: [String: SignalIndexEntry] = [:]
    for entry in otherCoaches(entries, coachId: coachId) {
      keysByVerification[entry.verificationId, default: []].insert(entry.key)
      if first[entry.verificationId] == nil { first[entry.verificationId] = entry }
    }
    return keysByVerification.filter { $0.value.count >= chunksToMatch }.compactMap { first[$0.key] }
      .sorted { $0.recordedAt < $1.recordedAt }
  }

  /// Whether the holder is younger than `minimumAge` full years on `today`.
  public static func isUnderage(birth: CalendarDate, today: CalendarDate, minimumAge: Int) -> Bool {
    birth.years(until: today) < minimumAge
  }
}

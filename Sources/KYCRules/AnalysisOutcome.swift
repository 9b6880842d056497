import KYCModel

/// What avatar analysis concluded about an image it could read.
public enum AvatarOutcome: Sendable, Equatable {
  case human
  /// No usable face: the message says why ("no face found", "several faces", "face too small").
  case notHuman(String)
}

/// What passport analysis concluded about an image it could read.
public enum PassportOutcome: Sendable, Equatable {
  case read(PassportData, confidence: Double, missingFields: [String])
  /// Nothing readable as a machine readable zone.
  case unreadable(String)
  /// An MRZ was read but failed validation (check digits, codes, dates, an expired document).
  case invalid(String)
}

/// What comparing the avatar's face with the passport photo gave.
public enum MatchOutcome: Sendable, Equatable {
  /// A calibrated similarity in 0...1; the lifecycle applies the threshold.
  case compared(score: Double)
  /// The faces could not be compared (no face on the passport, unreadable image).
  case failed(String)
}

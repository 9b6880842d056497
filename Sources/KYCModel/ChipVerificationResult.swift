/// What the check of a chip's data found (an addition to the LE-KO spec): passive authentication
/// with its reason when it failed, who signed, the algorithms and the groups checked; DG1's MRZ
/// against the page, DG2's portrait against the selfie, and Active Authentication. Evidence for
/// the admin, who still decides: nothing here changes the verification's status.
public struct ChipVerificationResult: Codable, Sendable, Equatable {
  /// Whether a check proved what it checks, or was not made.
  public enum Outcome: String, Codable, Sendable, CaseIterable {
    case passed, failed
    case notPerformed = "not_performed"
  }

  /// How the chip's data compares with what the page or the selfie shows.
  public enum Comparison: String, Codable, Sendable, CaseIterable {
    case match
    case mismatch
    case notCompared = "not_compared"
  }

  /// Why passive authentication failed, one code per reason.
  public enum FailureReason: String, Codable, Sendable, CaseIterable {
    case malformed
    case signerNotFound = "signer_not_found"
    case signatureInvalid = "signature_invalid"
    case unknownIssuer = "unknown_issuer"
    case certificateExpired = "certificate_expired"
    case notYetValid = "not_yet_valid"
    case dataGroupMismatch = "data_group_mismatch"
    case dataGroupNotListed = "data_group_not_listed"
  }

  public var checkedAt: String
  public var passiveAuthentication: Outcome
  public var failureReason: FailureReason?
  /// The reason in words (which data group, what is malformed); never the chip's data.
  public var failureDetails: String?
  /// The Document Signer's subject and its CSCA's, and the signer's country.
  public var signer: String?
  public var csca: String?
  public var issuingCountry: String?
  public var dataGroupHashAlgorithm: String?
  public var signatureAlgorithm: String?
  /// The data groups sent (and, when passive authentication passed, each checked), ascending.
  public var dataGroups: [Int]
  public var mrzComparison: Comparison
  /// The fields where DG1's MRZ and the page's reading differ.
  public var mismatchedFields: [String]?
  public var portraitFormat: String?
  public var portraitMatch: Comparison
  /// The calibrated similarity of the chip's portrait and the selfie (admins only).
  public var portraitMatchScore: Double?
  public var activeAuthentication: Outcome
  public var activeAuthenticationAlgorithm: String?
  /// True when the genuine SOD lists DG15 (the chip can answer a challenge) yet Active
  /// Authentication was not performed: data copied from another chip reads the same.
  public var activeAuthenticationSkipped: Bool?
  /// EF.CardSecurity's signature and chain, when the app sent it, and why it failed.
  public var cardSecurity: Outcome
  public var cardSecurityFailureReason: FailureReason?

  public init(
    checkedAt: String, passiveAuthentication: Outcome, dataGroups: [Int], mrzComparison: Comparison = .notCompared,
    portraitMatch: Comparison = .notCompared, activeAuthentication: Outcome = .notPerformed
  ) {
    self.checkedAt = checkedAt
    self.passiveAuthentication = passiveAuthentication
    self.dataGroups = dataGroups
    self.mrzComparison = mrzComparison
    self.portraitMatch = portraitMatch
    self.activeAuthentication = activeAuthentication
    self.cardSecurity = .notPerformed
  }
}

import KYCModel

/// The fields of a passport's machine readable zone (TD3: two lines of 44 characters), as read
/// and validated. Names are as the MRZ writes them: transliterated, upper case, maybe truncated.
public struct TD3: Sendable, Equatable {
  public var documentType: String
  public var issuingState: String
  public var surname: String
  public var givenNames: [String]
  public var documentNumber: String
  public var nationality: String
  public var birthDate: CalendarDate
  public var sex: String
  public var expiryDate: CalendarDate
  public var personalNumber: String

  /// The two lines, corrected, exactly 44 characters each.
  public var lines: [String]

  /// The issuing state as it appears without fillers (`D<<` → `D`).
  public var issuingStateCode: String { issuingState.filter { $0 != "<" } }
  public var nationalityCode: String { nationality.filter { $0 != "<" } }
}

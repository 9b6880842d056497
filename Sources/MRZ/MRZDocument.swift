import CivilTime

/// The fields of a machine readable zone, as read and validated. Names are as the MRZ writes
/// them: transliterated, upper case, maybe truncated.
public struct MRZDocument: Sendable, Equatable {
  public var format: MRZFormat
  /// The document code without fillers: `P`, `PP`, `ID`, `I`, `IR`, `AR`, …
  public var documentType: String
  public var issuingState: String
  public var surname: String
  public var givenNames: [String]
  /// The whole number, with the part a long (TD1, TD2) number continues in the optional data.
  public var documentNumber: String
  public var nationality: String
  public var birthDate: CalendarDate
  public var sex: String
  /// `nil` where the zone carries none (the French identity card of 1988–2021).
  public var expiryDate: CalendarDate?
  /// TD3's personal number, or a card's optional data, without fillers.
  public var optionalData: String
  /// Whether the name field is full to its last position, so the MRZ may have cut the names.
  public var namesTruncated: Bool

  /// The lines, corrected, each exactly the format's length.
  public var lines: [String]

  /// The issuing state as it appears without fillers (`D<<` → `D`).
  public var issuingStateCode: String { issuingState.filter { $0 != "<" } }
  public var nationalityCode: String { nationality.filter { $0 != "<" } }
}

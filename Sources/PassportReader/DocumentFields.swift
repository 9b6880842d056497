import CivilTime

/// What the reader settled about a document: the MRZ's fields, with the printed spellings of the
/// names where the page agrees, and the two fields only the page prints when it settled them.
/// Field names in `missing`, `mismatched` and `unconfirmed` are the API's.
public struct DocumentFields: Sendable, Equatable {
  public var firstName: String
  public var lastName: String
  /// The given names after the first, joined with spaces.
  public var middleName: String
  public var documentNumber: String
  public var dateOfBirth: CalendarDate
  /// `nil` when the page did not settle it (listed in `missing`).
  public var dateOfIssue: CalendarDate?
  /// `nil` when the page did not settle it (listed in `missing`).
  public var placeOfBirth: String?
  public var nationality: String
  public var sex: String
  public var documentType: String
  public var issuingState: String
  /// `nil` where the zone carries none (the French identity card of 1988–2021).
  public var expiryDate: CalendarDate?
  /// `TD1`, `TD2` or `TD3`.
  public var documentFormat: String
  /// 1.0 when every check digit passed as read, less for each repair and contradiction.
  public var confidence: Double
  /// Fields the page did not settle.
  public var missing: [String]
  /// Fields where the printed page contradicts the MRZ (which stays the value).
  public var mismatched: [String]
  /// Fields read but not settled: a birth century the page did not confirm, names mended to
  /// their length that no printed name confirmed.
  public var unconfirmed: [String] = []
}

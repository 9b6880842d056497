import CivilTime

/// The spec's `PassportData`. The eight spec fields are what a coach may correct; the MRZ-only
/// fields (`nationality`, `sex`, `documentType`, `documentFormat`, `issuingState`, `expiryDate`)
/// are extra properties filled by OCR and are not editable. `passportNumber` holds the document
/// number of whichever document was read, a passport or an identity card.
public struct PassportData: RequestBody, Codable, Equatable {
  public static let fieldNames: Set<String> = [
    "firstName", "lastName", "passportNumber", "dateOfBirth", "issuedDate", "placeOfBirth",
    "middleName", "subdivision",
  ]
  public static let maxNameLength = 100

  public var firstName: String
  public var lastName: String
  public var passportNumber: String
  public var dateOfBirth: String
  public var issuedDate: String
  public var placeOfBirth: String
  public var middleName: String
  public var subdivision: String
  public var nationality: String?
  public var sex: String?
  public var documentType: String?
  /// The MRZ's format: `TD3` (passports), `TD1` or `TD2` (identity cards).
  public var documentFormat: String?
  public var issuingState: String?
  public var expiryDate: String?

  public init(
    firstName: String, lastName: String, passportNumber: String, dateOfBirth: String,
    issuedDate: String, placeOfBirth: String, middleName: String, subdivision: String,
    nationality: String? = nil, sex: String? = nil, documentType: String? = nil,
    issuingState: String? = nil, expiryDate: String? = nil, documentFormat: String? = nil
  ) {
    self.firstName = firstName
    self.lastName = lastName
    self.passportNumber = passportNumber
    self.dateOfBirth = dateOfBirth
    self.issuedDate = issuedDate
    self.placeOfBirth = placeOfBirth
    self.middleName = middleName
    self.subdivision = subdivision
    self.nationality = nationality
    self.sex = sex
    self.documentType = documentType
    self.documentFormat = documentFormat
    self.issuingState = issuingState
    self.expiryDate = expiryDate
  }

  /// The text fields in Unicode normalisation form C (`TextRule.nfc`), as they are stored.
  public var normalized: PassportData {
    var copy = self
    for path in [\PassportData.firstName, \.lastName, \.middleName, \.placeOfBirth, \.subdivision] {
      copy[keyPath: path] = TextRule.nfc(copy[keyPath: path])
    }
    return copy
  }

  /// The checks for a coach's correction: names present and letter-only, a plausible document
  /// number, real dates in the past with the issue date after the birth date.
  public func validate(today: CalendarDate) throws(ValidationError) {
    for (field, value) in [("firstName", firstName), ("lastName", lastName)] {
      try Self.checkName(value, field: field, required: true)
    }
    try Self.checkName(middleName, field: "middleName", required: false)
    try TextRule.checkName(subdivision, field: "subdivision", maxLength: Self.maxNameLength)
    try TextRule.checkName(placeOfBirth, field: "placeOfBirth", maxLength: 200)
    let number = passportNumber.unicodeScalars
    guard (5...20).contains(number.count),
      number.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
    else { throw .invalid("field 'passportNumber' must be 5 to 20 letters or digits") }
    guard let born = CalendarDate(dateOfBirth) else {
      throw .invalid("field 'dateOfBirth' must be a real date in YYYY-MM-DD form")
    }
    guard let issued = CalendarDate(issuedDate) else {
      throw .invalid("field 'issuedDate' must be a real date in YYYY-MM-DD form")
    }
    guard born < today else { throw .invalid("field 'dateOfBirth' must be in the past") }
    guard issued <= today else { throw .invalid("field 'issuedDate' must not be in the future") }
    guard born < issued else { throw .invalid("field 'issuedDate' must be after 'dateOfBirth'") }
  }

  static func checkName(_ value: String, field: String, required: Bool) throws(ValidationError) {
    let trimmed = value.unicodeScalars.filter { !$0.properties.isWhitespace }
    if required && trimmed.isEmpty { throw .invalid("field '\(field)' must not be empty") }
    try TextRule.checkName(value, field: field, maxLength: maxNameLength)
    guard !value.unicodeScalars.contains(where: { $0.properties.numericType != nil }) else {
      throw .invalid("field '\(field)' must not contain digits")
    }
  }
}

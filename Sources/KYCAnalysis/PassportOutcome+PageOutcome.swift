import CivilTime
import KYCModel
import KYCRules
import PassportReader

extension PassportOutcome {
  /// The reader's conclusion in the API's terms.
  public init(_ outcome: PageOutcome, today: CalendarDate) {
    switch outcome {
    case .read(let fields):
      self = .read(
        PassportData(fields, today: today), confidence: fields.confidence, missingFields: fields.missing,
        mismatchedFields: fields.mismatched, unconfirmedFields: fields.unconfirmed)
    case .unreadable(let message): self = .unreadable(message)
    case .otherSide(let message): self = .otherSide(message)
    case .invalid(let message): self = .invalid(message)
    }
  }
}

extension PassportData {
  /// The document's fields as the API carries them.
  ///
  /// - `issuedDate` is required by the contract: when the page did not settle it (it is then in
  ///   `missingFields`), it stands at the expiry date less ten years (the usual adult validity),
  ///   clamped between birth and today (today where the zone carries no expiry) — a placeholder,
  ///   never presented as read.
  /// - `placeOfBirth` not settled is "" (and in `missingFields`).
  /// - `subdivision` is not printed on passports: always "".
  /// - MRZ-only fields are extra properties: `nationality`, `sex`, `documentType`,
  ///   `documentFormat`, `issuingState`, `expiryDate`.
  init(_ fields: DocumentFields, today: CalendarDate) {
    let tenYearsBefore = fields.expiryDate.flatMap {
      CalendarDate(year: $0.year - 10, month: $0.month, day: min($0.day, 28))
    }
    let issued = fields.dateOfIssue ?? max(fields.dateOfBirth, min(tenYearsBefore ?? today, today))
    self =
      PassportData(
        firstName: fields.firstName, lastName: fields.lastName, passportNumber: fields.documentNumber,
        dateOfBirth: fields.dateOfBirth.description, issuedDate: issued.description,
        placeOfBirth: fields.placeOfBirth ?? "", middleName: fields.middleName, subdivision: "",
        nationality: fields.nationality, sex: fields.sex, documentType: fields.documentType,
        issuingState: fields.issuingState, expiryDate: fields.expiryDate?.description,
        documentFormat: fields.documentFormat
      ).normalized
  }
}

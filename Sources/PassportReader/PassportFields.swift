import CivilTime
import MRZ

/// Turns a validated MRZ and what the visual zone showed into the document's fields.
///
/// - Names: `lastName` is the MRZ surname, `firstName` the first given name and `middleName`
///   the others, joined with spaces. The MRZ spelling is transliterated and may be truncated,
///   so the printed spelling replaces it when the visual zone was read and agrees with the MRZ.
/// - `issuedDate` and `placeOfBirth` exist only in the visual zone. When they cannot be read
///   they are `nil` and listed in `missing`.
/// - `confidence` comes from validation: 1.0 when every check digit passed as read, less for
///   each kind of repair the MRZ needed (positional 0.05, length 0.1, document number 0.15),
///   less 0.15 when the printed names or birth date contradict the MRZ (a different name, not
///   an OCR slip of two letters such as a lost umlaut), less 0.05 per visual
///   field that could not be read.
enum PassportFields {
  static func compose(_ reading: MRZReading, zone: VisualZone, today: CalendarDate) -> DocumentFields {
    let document = reading.document
    var confidence = 1.0
    if reading.repairs.positional > 0 { confidence -= 0.05 }
    if reading.repairs.length { confidence -= 0.1 }
    if reading.repairs.documentNumber { confidence -= 0.15 }

    // The MRZ cuts names that do not fit its 39 characters: only then may a printed name run on.
    let truncated = document.namesTruncated
    var lastName = document.surname
    var givenNames = document.givenNames
    var surnamePrinted = false
    if let printed = printedName(
      labelled: zone.surname, lines: zone.lines, mrz: document.surname, truncated: truncated, confidence: &confidence)
    {
      lastName = printed
      surnamePrinted = true
    }
    let mrzGiven = document.givenNames.joined(separator: " ")
    var givenPrinted = false
    if !mrzGiven.isEmpty,
      let printed = printedName(
        labelled: zone.givenNames, lines: zone.lines, mrz: mrzGiven, truncated: truncated, confidence: &confidence)
    {
      givenNames = printed.split(separator: " ").map(String.init)
      givenPrinted = true
    }
    // No check digit protects the names: a names line OCR read too long or short keeps its
    // letters as read, so what the page did not confirm is listed; the reader refuses such a
    // page unless a second reading confirmed the names (`PassportReader.unsettled`).
    var unconfirmed: [String] = []
    if reading.repairs.uncheckedLength {
      if !surnamePrinted { unconfirmed.append("lastName") }
      if !givenPrinted && !givenNames.isEmpty {
        unconfirmed += ["firstName"] + (givenNames.count > 1 ? ["middleName"] : [])
      }
    }

    var mismatched: [String] = []
    // The MRZ writes two digits of the birth year; a four-digit printed year of the same day,
    // labelled or not, settles the century. Any other difference is a contradiction for the admin.
    let mrzBirth = document.birthDate
    func sameDigits(_ date: CalendarDate) -> Bool {
      date.month == mrzBirth.month && date.day == mrzBirth.day && date.year % 100 == mrzBirth.year % 100
    }
    let fullYears = (zone.birthYearPrinted ? [zone.dateOfBirth].compactMap { $0 } : []) + zone.fullYearDates
    let printedBirth = fullYears.first { sameDigits($0) && $0 < today }
    let birth = printedBirth ?? mrzBirth
    if printedBirth == nil, !(18...100).contains(birth.years(until: today)) {
      unconfirmed.append("dateOfBirth")
      confidence -= 0.1
    }
    if let printed = zone.dateOfBirth, !sameDigits(printed) { mismatched.append("dateOfBirth") }
    if let printed = zone.dateOfExpiry, let expiry = document.expiryDate, printed != expiry {
      mismatched.append("expiryDate")
    }
    if let printed = zone.documentNumber, !sameDocumentNumber(printed, document.documentNumber) {
      mismatched.append("passportNumber")
    }
    confidence -= 0.15 * Double(mismatched.count)

    var missing: [String] = []
    let issued: CalendarDate?
    func plausibleIssue(_ date: CalendarDate) -> Bool {
      ValidityTerm.plausibleIssue(date, birth: birth, today: today, expiry: document.expiryDate)
    }
    // The date the page settled, or else the one printed date that is neither birth nor expiry
    // and lies on the expiry's anniversary: a date that is merely the only other one may be the
    // birth date or another date misread.
    let printedExpiry = zone.dateOfExpiry ?? document.expiryDate
    let unlabelled = Set(
      zone.dates.filter { $0 != birth && $0 != document.expiryDate && $0 != printedExpiry && plausibleIssue($0) })
    let anniversary = unlabelled.filter { date in
      document.expiryDate.map {
        ValidityTerm.isAnniversary(date, of: $0) && !ValidityTerm.oneDigitFromAnniversary(date, of: $0)
      } == true
    }
    if let printed = zone.dateOfIssue, plausibleIssue(printed) {
      issued = printed
    } else if unlabelled.count == 1, let printed = anniversary.first {
      issued = printed
    } else {
      missing.append("issuedDate")
      confidence -= 0.05
      issued = nil
    }
    // Missing rather than a place whose letters English read as others (`AZORBAYCAN`).
    let placeOfBirth = zone.placeOfBirth.flatMap { place in
      NationalSpelling.readsInEnglish(place: place, state: document.issuingStateCode) ? place : nil
    }
    if placeOfBirth == nil {
      missing.append("placeOfBirth")
      confidence -= 0.05
    }
    return DocumentFields(
      firstName: givenNames.first ?? "", lastName: lastName, middleName: givenNames.dropFirst().joined(separator: " "),
      documentNumber: document.documentNumber, dateOfBirth: birth, dateOfIssue: issued, placeOfBirth: placeOfBirth,
      nationality: document.nationalityCode, sex: document.sex, documentType: document.documentType,
      issuingState: document.issuingStateCode, expiryDate: document.expiryDate,
      documentFormat: document.format.rawValue,
      confidence: (max(0, min(1, confidence)) * 100).rounded() / 100, missing: missing, mismatched: mismatched,
      unconfirmed: unconfirmed)
  }

  /// The printed spelling of an MRZ name: the labelled value when it agrees (a contradiction
  /// costs confidence), else any printed line that agrees — token by token, never a line that
  /// merely starts with the name.
  static func printedName(
    labelled: String?, lines: [String], mrz: String, truncated: Bool, confidence: inout Double
  ) -> String? {
    if let labelled, labelled.first?.isUppercase == true {
      if Transliteration.consistent(printed: labelled, mrz: mrz, truncated: truncated) { return labelled }
      if Transliteration.contradicts(printed: labelled, mrz: mrz) { confidence -= 0.15 }
    }
    // A name as printed starts with a capital; an all-lower-case line is an OCR slip.
    return lines.first { line in
      VisualZone.name(line) != nil && line.first?.isUppercase == true
        && Transliteration.consistent(printed: line, mrz: mrz, truncated: truncated)
    }
  }

  /// Printed and MRZ numbers agree, forgiving the letter/digit slips of the printed zone's OCR.
  static func sameDocumentNumber(_ printed: String, _ mrz: String) -> Bool {
    let (a, b) = (foldedNumber(printed), foldedNumber(mrz))
    return a == b || Transliteration.editDistance(Array(a), Array(b)) <= 1
  }

  /// A document number with the letters that pass for digits read as those digits.
  static func foldedNumber(_ number: String) -> String {
    let digits: [Character: Character] = ["O": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"]
    return String(number.uppercased().map { digits[$0] ?? $0 })
  }
}

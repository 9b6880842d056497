import KYCModel
import MRZ

/// DG1's MRZ against the page's reading, field by field. The chip's zone is exact; the page's
/// names may be printed with letters an MRZ transliterates (Ü as UE or U), so names are compared
/// in MRZ letters, and a name the MRZ cut short matches its beginning.
public enum ChipMRZComparison {
  /// The names of the `PassportData` fields that differ; empty when all agree.
  public static func mismatchedFields(_ chip: MRZDocument, page: PassportData) -> [String] {
    var out: [String] = []
    func check(_ name: String, _ chipValue: String, _ pageValue: String?) {
      guard let pageValue, !pageValue.isEmpty else { return }
      if code(chipValue) != code(pageValue) { out.append(name) }
    }
    check("passportNumber", chip.documentNumber, page.passportNumber)
    check("dateOfBirth", chip.birthDate.description, page.dateOfBirth)
    check("expiryDate", chip.expiryDate?.description ?? "", page.expiryDate)
    check("nationality", chip.nationalityCode, page.nationality)
    check("issuingState", chip.issuingStateCode, page.issuingState)
    check("sex", chip.sex, page.sex)
    check("documentType", chip.documentType, page.documentType)
    if !sameName(chip.surname, page.lastName, truncated: chip.namesTruncated) { out.append("lastName") }
    let given = chip.givenNames.joined(separator: " ")
    let pageGiven = [page.firstName, page.middleName].filter { !$0.isEmpty }.joined(separator: " ")
    if !sameName(given, pageGiven, truncated: chip.namesTruncated) { out.append("firstName") }
    return out
  }

  /// A code or number as the MRZ writes it: upper case, without fillers, spaces or hyphens.
  static func code(_ text: String) -> String {
    String(text.uppercased().unicodeScalars.filter { !["<", " ", "-"].contains($0) })
  }

  /// Whether a page's name is the MRZ's name in one of the transliterations ICAO 9303-3 allows.
  static func sameName(_ mrz: String, _ page: String, truncated: Bool) -> Bool {
    let chip = letters(mrz)
    for candidate in [letters(transliterated(page, expanded: true)), letters(transliterated(page, expanded: false))] {
      if candidate == chip || (truncated && candidate.hasPrefix(chip)) { return true }
    }
    return false
  }

  static func letters(_ text: String) -> String {
    String(text.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) })
  }

  /// Latin letters with diacritics as the MRZ writes them: `expanded` gives the two-letter forms
  /// (Ä AE, Ö OE, Ü UE, Å AA), else the base letter (`TextRule.mrzSpelling`).
  static func transliterated(_ text: String, expanded: Bool) -> String {
    let pairs: [Character: String] = [
      "Ä": "AE", "Ö": "OE", "Ü": "UE", "Å": "AA", "Æ": "AE", "Ø": "OE", "ß": "SS", "Œ": "OE", "Þ": "TH",
    ]
    var out = ""
    for character in text.uppercased() {
      if let pair = pairs[character], expanded || ["ß", "Æ", "Œ", "Þ", "Ø"].contains(character) {
        out += pair
      } else {
        out.append(character)
      }
    }
    return TextRule.mrzSpelling(out)
  }
}

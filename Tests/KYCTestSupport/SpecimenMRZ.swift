import CivilTime

@testable import MRZ

/// ICAO 9303's specimen passport holder, with any document number, its check digits computed:
/// the text a scripted recognizer answers with.
enum SpecimenMRZ {
  static let namesLine = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
  /// A day the specimen (valid to 2012-04-15) is valid on.
  static let today = CalendarDate("2010-06-01")!

  /// The two lines, every check digit right.
  static func lines(number: String = "L898902C3") -> [String] {
    func digit(_ field: String) -> String { String(CheckDigit.compute(field)!) }
    let numberField = number + digit(number)
    let birth = "740812" + digit("740812")
    let expiry = "120415" + digit("120415")
    let optional = "ZE184226B<<<<<" + digit("ZE184226B<<<<<")
    let composite = digit(numberField + birth + expiry + optional)
    return [namesLine, numberField + "UTO" + birth + "F" + expiry + optional + composite]
  }

  static func text(number: String = "L898902C3") -> String {
    lines(number: number).joined(separator: "\n")
  }

  static func reading(number: String = "L898902C3") -> MRZReading {
    try! MRZParser(today: today).parse(text(number: number)).get()
  }
}

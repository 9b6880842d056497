import CivilTime
import KYCModel
import Testing

@testable import MRZ

@Suite struct CheckDigitTests {
  @Test func icaoExamples() {
    #expect(CheckDigit.compute("L898902C3") == 6)
    #expect(CheckDigit.compute("740812") == 2)
    #expect(CheckDigit.compute("120415") == 9)
    #expect(CheckDigit.compute("ZE184226B<<<<<") == 1)
    #expect(CheckDigit.compute("520727") == 3)
    #expect(CheckDigit.compute("AB2134<<<") == 5)
    #expect(CheckDigit.compute("a") == nil)
    #expect(CheckDigit.verify("<<<<<<<<<<<<<<", "<"))
    #expect(CheckDigit.verify("<<<<<<<<<<<<<<", "0"))
    #expect(!CheckDigit.verify("ZE184226B<<<<<", "<"))
  }
}

@Suite struct MRZParserTests {
  static func pad(_ text: String) -> String { text + String(repeating: "<", count: max(0, 44 - text.count)) }
  static let specimen1 = pad("P<UTOERIKSSON<<ANNA<MARIA")
  static let specimen2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
  let before2012 = MRZParser(today: CalendarDate(year: 2010, month: 6, day: 1)!)
  let today = MRZParser(today: CalendarDate(year: 2026, month: 11, day: 27)!)

  /// A valid second line from its fields, check digits computed.
  static func line2(number: String, nationality: String, birth: String, sex: String, expiry: String, personal: String)
    -> String
  {
    func padded(_ text: String, _ length: Int) -> String { text + String(repeating: "<", count: length - text.count) }
    let number = padded(number, 9)
    let personal = padded(personal, 14)
    let personalDigit = personal.allSatisfy { $0 == "<" } ? "<" : String(CheckDigit.compute(personal)!)
    let start = number + String(CheckDigit.compute(number)!)
    let middle = birth + String(CheckDigit.compute(birth)!)
    let end = expiry + String(CheckDigit.compute(expiry)!) + personal + personalDigit
    let composite = CheckDigit.compute(start + middle + end)!
    return start + padded(nationality, 3) + middle + sex + end + String(composite)
  }

  func reading(_ parser: MRZParser, _ first: String, _ second: String) -> MRZReading? {
    try? parser.parse("\(first)\n\(second)").get()
  }

  func failure(_ parser: MRZParser, _ text: String) -> MRZFailure? {
    if case .failure(let failure) = parser.parse(text) { return failure }
    return nil
  }

  @Test func readsTheICAOSpecimen() throws {
    let read = try #require(reading(before2012, Self.specimen1, Self.specimen2))
    #expect(read.repairs.none)
    let document = read.document
    #expect(document.documentType == "P" && document.issuingState == "UTO" && document.nationality == "UTO")
    #expect(document.surname == "ERIKSSON" && document.givenNames == ["ANNA", "MARIA"])
    #expect(document.documentNumber == "L898902C3")
    #expect(document.birthDate == CalendarDate("1974-08-12"))
    #expect(document.expiryDate == CalendarDate("2012-04-15"))
    #expect(document.sex == "F" && document.optionalData == "ZE184226B")
  }

  @Test func anExpiredPassportIsInvalid() {
    #expect(failure(today, "\(Self.specimen1)\n\(Self.specimen2)") == .invalid("the document has expired"))
  }

  @Test func findsTheMRZAmongOtherText() {
    let text =
      "PASSPORT\nUTOPIA\nSurname ERIKSSON\n\(Self.specimen1.replacingOccurrences(of: "<<", with: "« "))\n\(Self.specimen2)\n"
    #expect(reading(before2012, Self.specimen1, Self.specimen2) != nil)
    #expect((try? before2012.parse(text).get())?.document.surname == "ERIKSSON")
  }

  @Test func aShiftedWindowWhoseDigitsAgreeByChanceIsNoReading() {
    // The Polish specimen photographed at a tilt: a stray `B<` before line 2 and `Z` read as `2`.
    // Dropping a `7` from the window after `B` makes `<2S000017` and every check digit agree by
    // chance; a number is left-aligned, so that window is a misread, not a reading.
    let parser = MRZParser(today: CalendarDate("2016-06-03")!)
    let text = "P<POLKOWALSKA<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<<\nB<2S00001774POL7203305F1607130<<<<<<<<<<<<<<08"
    #expect(failure(parser, text) == .misread("document number check digit does not match"))
    #expect(MRZParser.leftAligned(Array("AB123<<<<")) && !MRZParser.leftAligned(Array("<AB123<<<")))
    #expect(!MRZParser.leftAligned(Array("AB<123<<<")) && !MRZParser.leftAligned(Array("<<<<<<<<<")))
  }

  @Test func nothingLikeAnMRZIsNotFound() {
    #expect(failure(today, "") == .notFound)
    #expect(failure(today, "PASSPORT\nSurname ERIKSSON\nGiven names ANNA MARIA") == .notFound)
  }

  @Test func anAlteredCheckDigitIsInvalid() {
    var line = Array(Self.specimen2)
    line[19] = "3"
    #expect(
      failure(before2012, "\(Self.specimen1)\n\(String(line))") == .misread("birth date check digit does not match"))
    line = Array(Self.specimen2)
    line[43] = "5"
    #expect(
      failure(before2012, "\(Self.specimen1)\n\(String(line))") == .misread("composite check digit does not match"))
  }

  @Test func repairsLettersAndDigitsByPosition() throws {
    // O for 0 in the birth date, 5 for S in the nationality... and 1 for I in the names.
    let second = "L898902C36UT07408I22F12O4159ZE184226B<<<<<1O"
    let first = Self.pad("P<UTOER1KSSON<<ANNA<MAR1A")
    let read = try #require(reading(before2012, first, second))
    #expect(read.document.surname == "ERIKSSON" && read.document.givenNames == ["ANNA", "MARIA"])
    #expect(read.document.birthDate == CalendarDate("1974-08-12"))
    #expect(read.repairs.positional == 6)
  }

  @Test func repairsTheDocumentNumberOnlyWhenUnambiguous() throws {
    // The issuer printed a zero; OCR read O. Only the check digits can tell.
    let first = Self.pad("P<UTOERIKSSON<<ANNA<MARIA")
    let valid = Self.line2(
      number: "X12340678", nationality: "UTO", birth: "740812", sex: "F", expiry: "301015", personal: "ZE184226B")
    let misread = "X1234O678" + valid.dropFirst(9)
    let read = try #require(reading(today, first, misread))
    #expect(read.document.documentNumber == "X12340678")
    #expect(read.repairs.documentNumber)
  }

  @Test func mendsALineOneCharacterOff() throws {
    var short = Self.specimen2
    short.remove(at: short.index(short.startIndex, offsetBy: 38))  // one filler lost
    let read = try #require(reading(before2012, Self.specimen1, short))
    #expect(read.repairs.length)
    #expect(read.document.optionalData == "ZE184226B")
    let long = String(Self.specimen2.prefix(40)) + "<" + String(Self.specimen2.dropFirst(40))
    #expect(reading(before2012, Self.specimen1, long)?.document.optionalData == "ZE184226B")
    #expect(reading(before2012, Self.specimen1 + "<", Self.specimen2)?.document.surname == "ERIKSSON")
  }

  @Test func glyphsStuckToALineAreCutByCheckDigits() throws {
    // A page border or a photo edge read as characters before or after a line.
    let read = try #require(reading(before2012, "I " + Self.specimen1, "010" + Self.specimen2))
    #expect(read.document.documentNumber == "L898902C3" && read.document.surname == "ERIKSSON")
    #expect(read.document.givenNames == ["ANNA", "MARIA"])
    #expect(
      reading(before2012, Self.specimen1 + "K1", Self.specimen2 + "S9")?.document.givenNames == ["ANNA", "MARIA"])
    // 46 characters: two glyphs in front and a doubled filler inside.
    let doubled = "01" + String(Self.specimen2.prefix(40)) + "<" + String(Self.specimen2.dropFirst(40))
    #expect(reading(before2012, Self.specimen1, doubled)?.document.optionalData == "ZE184226B")
  }

  @Test func aWindowIsTakenOnlyWhenItValidates() {
    // Glyphs in front, and a check digit altered: no window validates, so nothing is accepted.
    var line = Array("99" + Self.specimen2)
    line[2 + 19] = "3"
    #expect(
      failure(before2012, "\(Self.specimen1)\n\(String(line))") == .misread("birth date check digit does not match"))
  }

  @Test func aDateThatDoesNotExistIsRefusedWithItsCheckDigitsRight() {
    // The Czech specimen: 29 February 1911 (or 2011) passes its check digit and does not exist.
    let first = Self.pad("P<CZESPECIMEN<<VZOR")
    let second = "99006000<8CZE1102299F16090641152291111<<<<24"
    let parser = MRZParser(today: CalendarDate(year: 2015, month: 6, day: 1)!)
    #expect(failure(parser, "\(first)\n\(second)") == .invalid("the birth date 29.02.11 does not exist"))
    // One digit misread in the optional data is a misreading, not a refusal.
    let misread = "99006000<8CZE1102299F16090641152221111<<<<24"
    #expect(failure(parser, "\(first)\n\(misread)") == .misread("personal number check digit does not match"))
  }

  @Test func germanyIsDFollowedByFillers() throws {
    let first = Self.pad("P<DKKMUSTERMANN<<ERIKA")
    let second = Self.line2(
      number: "C01X00T47", nationality: "DKK", birth: "640812", sex: "F", expiry: "310802", personal: "")
    let read = try #require(reading(today, first, second))
    #expect(read.document.issuingState == "D<<" && read.document.nationality == "D<<")
    #expect(read.document.issuingStateCode == "D")
    #expect(read.document.birthDate == CalendarDate("1964-08-12"))
    #expect(read.document.surname == "MUSTERMANN" && read.document.givenNames == ["ERIKA"])
  }

  @Test func birthCenturyPivotsOnToday() throws {
    let first = Self.pad("P<UTOYOUNG<<ALEX")
    let second = Self.line2(
      number: "AB1234567", nationality: "UTO", birth: "150301", sex: "M", expiry: "300301", personal: "")
    #expect(reading(today, first, second)?.document.birthDate == CalendarDate("2015-03-01"))
    let old = Self.line2(
      number: "AB1234567", nationality: "UTO", birth: "300301", sex: "M", expiry: "300301", personal: "")
    #expect(reading(today, first, old)?.document.birthDate == CalendarDate("1930-03-01"))
    let impossible = Self.line2(
      number: "AB1234567", nationality: "UTO", birth: "740230", sex: "M", expiry: "300301", personal: "")
    #expect(failure(today, "\(first)\n\(impossible)") == .invalid("the birth date 30.02.74 does not exist"))
  }

  @Test func aStateCodeOneLetterOffIsMendedOnlyToTheOneCodeThatFits() throws {
    // HUM is no code; of the codes one look-alike away only HUN fits.
    let first = Self.pad("P<HUMHANDRA<<ROZALIA<IRMA")
    let second = Self.line2(
      number: "BD0002028", nationality: "HUN", birth: "780222", sex: "F", expiry: "320301", personal: "")
    let read = try #require(reading(today, first, second))
    #expect(read.document.issuingState == "HUN" && read.repairs.positional == 1)
    // Nationality misread, settled by the issuing state among several candidates.
    let nationality = Self.line2(
      number: "BD0002028", nationality: "HUM", birth: "780222", sex: "F", expiry: "320301", personal: "")
    #expect(reading(today, Self.pad("P<HUNHANDRA<<ROZALIA<IRMA"), nationality)?.document.nationality == "HUN")
  }

  @Test func aDocumentNumberDigitOfSimilarShapeIsMendedWhenOneRepairValidates() throws {
    let first = Self.pad("P<UTOERIKSSON<<ANNA<MARIA")
    let valid = Self.line2(
      number: "X72045678", nationality: "UTO", birth: "740812", sex: "F", expiry: "301015", personal: "")
    // 8 read as 3 in the last position: of every look-alike change, one alone validates.
    let misread = "X72045673" + valid.dropFirst(9)
    let read = try #require(reading(today, first, misread))
    #expect(read.document.documentNumber == "X72045678" && read.repairs.documentNumber)
    // X12345678 read as X12345673: two look-alike changes validate, so neither is taken.
    let ambiguous = Self.line2(
      number: "X12345678", nationality: "UTO", birth: "740812", sex: "F", expiry: "301015", personal: "")
    #expect(reading(today, first, "X12345673" + ambiguous.dropFirst(9)) == nil)
  }

  @Test func digitsInANameFieldAreTheLettersTheyLookLike() throws {
    // Names hold letters only: 0, 1, 5 and 8 there can only be O, I, S and B.
    let first = Self.pad("P<UTO5M1TH<<B0B")
    let second = Self.line2(
      number: "X12345678", nationality: "UTO", birth: "740812", sex: "M", expiry: "301015", personal: "")
    let read = try #require(reading(today, first, second))
    #expect(read.document.surname == "SMITH" && read.document.givenNames == ["BOB"])
    // A digit no letter looks like stays a misreading, named as such.
    #expect(failure(today, "\(Self.pad("P<UTOSM7TH<<BOB"))\n\(second)") == .misread("names contain digits"))
  }

  @Test func refusesUnknownCodesAndDigitsInNames() {
    let unknown = Self.specimen1.replacingOccurrences(of: "P<UTO", with: "P<QQQ")
    #expect(failure(before2012, "\(unknown)\n\(Self.specimen2)") == .misread("unknown issuing state"))
    let notPassport = "I" + Self.specimen1.dropFirst()
    #expect(failure(before2012, "\(notPassport)\n\(Self.specimen2)") == .notFound)
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    var result = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}

@Suite struct IdentityCardMRZTests {
  let today = MRZParser(today: CalendarDate(year: 2010, month: 6, day: 1)!)

  func read(_ lines: String...) -> Result<MRZReading, MRZFailure> {
    today.parse(lines.joined(separator: "\n"))
  }

  static func pad(_ text: String, _ length: Int) -> String {
    text + String(repeating: "<", count: max(0, length - text.count))
  }

  /// ICAO 9303 part 5's TD1 specimen: three lines of 30.
  static let td1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
  ]

  @Test func readsTheICAOIdentityCardSpecimen() throws {
    let reading = try read(Self.td1[0], Self.td1[1], Self.td1[2]).get()
    let card = reading.document
    #expect(card.format == .td1 && card.documentType == "I" && card.issuingState == "UTO")
    #expect(card.documentNumber == "D23145890" && card.nationality == "UTO" && card.sex == "F")
    #expect(card.surname == "ERIKSSON" && card.givenNames == ["ANNA", "MARIA"])
    #expect(card.birthDate == CalendarDate("1974-08-12") && card.expiryDate == CalendarDate("2012-04-15"))
    #expect(reading.repairs.none && card.lines == Self.td1)
  }

  @Test func readsTheTD2Specimen() throws {
    let card = try read("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6").get().document
    #expect(card.format == .td2 && card.documentNumber == "D23145890" && card.givenNames == ["ANNA", "MARIA"])
    #expect(card.expiryDate == CalendarDate("2012-04-15"))
  }

  @Test func theCompositeCoversTheFirstLinesOptionalData() {
    // One digit changed in line 1's optional data: only the composite digit can tell.
    #expect(
      read("I<UTOD231458907<<<<<<<<<<<<1<<", Self.td1[1], Self.td1[2])
        == .failure(.misread("composite check digit does not match")))
  }

  @Test func aLongDocumentNumberContinuesInTheOptionalData() throws {
    // D23145890734 (12 characters): nine in place, `<` for the check digit, the rest and its
    // check digit at the start of the optional data.
    let number = "D23145890734"
    let first = Self.pad("I<UTO" + number.prefix(9) + "<" + number.dropFirst(9) + "\(CheckDigit.compute(number)!)", 30)
    let second = "7408122F1204159UTO<<<<<<<<<<<"
    let composite = CheckDigit.compute(
      Array(first.dropFirst(5)) + Array(second.prefix(7)) + Array(second.dropFirst(8).prefix(7))
        + Array(second.dropFirst(18)))!
    let card = try read(first, second + "\(composite)", Self.td1[2]).get().document
    #expect(card.documentNumber == number && card.optionalData == "")
  }

  @Test func realCardBacksReadWithTheirOCRSlips() throws {
    // The Swiss and German specimens as OCR read them: fillers read as K, the code I as 1.
    let swiss = try read(
      "1DCHES0002068<8<<<<<<<<<K<<<<<", "8102287F1301014CHE<<<<K<<<<<<4", "VADIS<<QUO<<<<<<<<<<<<<<<<<<<<"
    ).get().document
    #expect(swiss.documentNumber == "S0002068" && swiss.issuingState == "CHE" && swiss.sex == "F")
    #expect(swiss.birthDate == CalendarDate("1981-02-28") && swiss.expiryDate == CalendarDate("2013-01-01"))
    let german = MRZParser(today: CalendarDate(year: 2020, month: 9, day: 21)!)
    let erika = try german.parse(
      "IDD<<T220001293<<<<<<<<<<<<<<<\n6408125<2010315D<<<<<<<<<<<<<4\nMUSTERMANN<<ERIKA<<<<<<<<<<<<<"
    ).get().document
    #expect(erika.documentType == "ID" && erika.issuingStateCode == "D" && erika.nationalityCode == "D")
    #expect(erika.documentNumber == "T22000129" && erika.sex == "X" && erika.surname == "MUSTERMANN")
    #expect(erika.givenNames == ["ERIKA"] && erika.expiryDate == CalendarDate("2020-10-31"))
  }

  @Test func aLineOneCharacterShortIsMendedByItsCheckDigits() throws {
    let short = String(Self.td1[1].dropLast(2)) + "6"
    let reading = try read(Self.td1[0], short, Self.td1[2]).get()
    #expect(reading.repairs.length && reading.document.lines[1] == Self.td1[1])
  }

  @Test func visasAreReadAndRefused() {
    // MRV-A (2 × 44) and MRV-B (2 × 36), ICAO 9303 part 7's specimens: every check digit right.
    let visaA = read(
      MRZParserTests.pad("V<UTOERIKSSON<<ANNA<MARIA"), "L8988901C4XXX4009078F96121096ZE184226B<<<<<<")
    #expect(visaA == .failure(.invalid("a visa is not an identity document")))
    let visaB = read(Self.pad("V<UTOERIKSSON<<ANNA<MARIA", 36), "L8988901C4XXX4009078F9612109<<<<<<<<")
    #expect(visaB == .failure(.invalid("a visa is not an identity document")))
    // A visa whose check digit was misread is a misreading, not a refusal.
    #expect(
      read(Self.pad("V<UTOERIKSSON<<ANNA<MARIA", 36), "L8988901C4XXX4009079F9612109<<<<<<<<")
        == .failure(.misread("birth date check digit does not match")))
  }

  @Test func threeLinesThatAreNotACardAreNotFound() {
    #expect(
      read("P<UTOERIKSSON<<ANNA<MARIA<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", Self.td1[2]) == .failure(.notFound))
  }
}

import KYCModel
import MRZ
import Testing

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
    let td3 = read.td3
    #expect(td3.documentType == "P" && td3.issuingState == "UTO" && td3.nationality == "UTO")
    #expect(td3.surname == "ERIKSSON" && td3.givenNames == ["ANNA", "MARIA"])
    #expect(td3.documentNumber == "L898902C3")
    #expect(td3.birthDate == CalendarDate("1974-08-12"))
    #expect(td3.expiryDate == CalendarDate("2012-04-15"))
    #expect(td3.sex == "F" && td3.personalNumber == "ZE184226B")
  }

  @Test func anExpiredPassportIsInvalid() {
    #expect(failure(today, "\(Self.specimen1)\n\(Self.specimen2)") == .invalid("the document has expired"))
  }

  @Test func findsTheMRZAmongOtherText() {
    let text =
      "PASSPORT\nUTOPIA\nSurname ERIKSSON\n\(Self.specimen1.replacingOccurrences(of: "<<", with: "« "))\n\(Self.specimen2)\n"
    #expect(reading(before2012, Self.specimen1, Self.specimen2) != nil)
    #expect((try? before2012.parse(text).get())?.td3.surname == "ERIKSSON")
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
    #expect(read.td3.surname == "ERIKSSON" && read.td3.givenNames == ["ANNA", "MARIA"])
    #expect(read.td3.birthDate == CalendarDate("1974-08-12"))
    #expect(read.repairs.positional == 6)
  }

  @Test func repairsTheDocumentNumberOnlyWhenUnambiguous() throws {
    // The issuer printed a zero; OCR read O. Only the check digits can tell.
    let first = Self.pad("P<UTOERIKSSON<<ANNA<MARIA")
    let valid = Self.line2(
      number: "X12340678", nationality: "UTO", birth: "740812", sex: "F", expiry: "301015", personal: "ZE184226B")
    let misread = "X1234O678" + valid.dropFirst(9)
    let read = try #require(reading(today, first, misread))
    #expect(read.td3.documentNumber == "X12340678")
    #expect(read.repairs.documentNumber)
  }

  @Test func mendsALineOneCharacterOff() throws {
    var short = Self.specimen2
    short.remove(at: short.index(short.startIndex, offsetBy: 38))  // one filler lost
    let read = try #require(reading(before2012, Self.specimen1, short))
    #expect(read.repairs.length)
    #expect(read.td3.personalNumber == "ZE184226B")
    let long = String(Self.specimen2.prefix(40)) + "<" + String(Self.specimen2.dropFirst(40))
    #expect(reading(before2012, Self.specimen1, long)?.td3.personalNumber == "ZE184226B")
    #expect(reading(before2012, Self.specimen1 + "<", Self.specimen2)?.td3.surname == "ERIKSSON")
  }

  @Test func glyphsStuckToALineAreCutByCheckDigits() throws {
    // A page border or a photo edge read as characters before or after a line.
    let read = try #require(reading(before2012, "I " + Self.specimen1, "010" + Self.specimen2))
    #expect(read.td3.documentNumber == "L898902C3" && read.td3.surname == "ERIKSSON")
    #expect(read.td3.givenNames == ["ANNA", "MARIA"])
    #expect(reading(before2012, Self.specimen1 + "K1", Self.specimen2 + "S9")?.td3.givenNames == ["ANNA", "MARIA"])
    // 46 characters: two glyphs in front and a doubled filler inside.
    let doubled = "01" + String(Self.specimen2.prefix(40)) + "<" + String(Self.specimen2.dropFirst(40))
    #expect(reading(before2012, Self.specimen1, doubled)?.td3.personalNumber == "ZE184226B")
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
    #expect(read.td3.issuingState == "D<<" && read.td3.nationality == "D<<")
    #expect(read.td3.issuingStateCode == "D")
    #expect(read.td3.birthDate == CalendarDate("1964-08-12"))
    #expect(read.td3.surname == "MUSTERMANN" && read.td3.givenNames == ["ERIKA"])
  }

  @Test func birthCenturyPivotsOnToday() throws {
    let first = Self.pad("P<UTOYOUNG<<ALEX")
    let second = Self.line2(
      number: "AB1234567", nationality: "UTO", birth: "150301", sex: "M", expiry: "300301", personal: "")
    #expect(reading(today, first, second)?.td3.birthDate == CalendarDate("2015-03-01"))
    let old = Self.line2(
      number: "AB1234567", nationality: "UTO", birth: "300301", sex: "M", expiry: "300301", personal: "")
    #expect(reading(today, first, old)?.td3.birthDate == CalendarDate("1930-03-01"))
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
    #expect(read.td3.issuingState == "HUN" && read.repairs.positional == 1)
    // Nationality misread, settled by the issuing state among several candidates.
    let nationality = Self.line2(
      number: "BD0002028", nationality: "HUM", birth: "780222", sex: "F", expiry: "320301", personal: "")
    #expect(reading(today, Self.pad("P<HUNHANDRA<<ROZALIA<IRMA"), nationality)?.td3.nationality == "HUN")
  }

  @Test func aDocumentNumberDigitOfSimilarShapeIsMendedWhenOneRepairValidates() throws {
    let first = Self.pad("P<UTOERIKSSON<<ANNA<MARIA")
    let valid = Self.line2(
      number: "X72045678", nationality: "UTO", birth: "740812", sex: "F", expiry: "301015", personal: "")
    // 8 read as 3 in the last position: of every look-alike change, one alone validates.
    let misread = "X72045673" + valid.dropFirst(9)
    let read = try #require(reading(today, first, misread))
    #expect(read.td3.documentNumber == "X72045678" && read.repairs.documentNumber)
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
    #expect(read.td3.surname == "SMITH" && read.td3.givenNames == ["BOB"])
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

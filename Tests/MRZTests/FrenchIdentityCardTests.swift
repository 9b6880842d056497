import CivilTime
import Testing

@testable import MRZ

@Suite struct FrenchIdentityCardTests {
  /// The card's published specimen: issued June 2005 to Christiane Douel, born 20 June 1929.
  static let specimen = "IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013\n0506932020438CHRISTIANE<<NI2906209F3"

  static func parse(_ text: String, today: String) -> Result<MRZReading, MRZFailure> {
    MRZParser(today: CalendarDate(today)!).parse(text)
  }

  /// A card of this layout with every check digit computed.
  static func card(surname: String, given: String, number: String, birth: String, sex: String = "M") -> String {
    func padded(_ text: String, _ length: Int) -> String { text + String(repeating: "<", count: length - text.count) }
    func digit(_ field: String) -> String { String(CheckDigit.compute(field)!) }
    let first = "IDFRA" + padded(surname, 25) + "750123"
    let second = number + digit(number) + padded(given, 14) + birth + digit(birth) + sex
    return first + "\n" + second + digit(first + second)
  }

  @Test func theSpecimenReadsInItsOwnLayout() throws {
    let document = try Self.parse(Self.specimen, today: "2015-01-01").get().document
    #expect(document.format == .td2 && document.documentType == "ID" && document.issuingState == "FRA")
    #expect(document.surname == "DOUEL" && document.givenNames == ["CHRISTIANE", "NI"])
    #expect(document.documentNumber == "050693202043" && document.nationality == "FRA")
    #expect(document.birthDate == CalendarDate("1929-06-20") && document.sex == "F")
    // No expiry in the zone: none is reported.
    #expect(document.expiryDate == nil)
    #expect(document.optionalData == "932013")
  }

  @Test func anAdultsCardIssuedFrom2004RunsFifteenYears() {
    // Issued June 2005: valid to the end of May 2020 at least.
    guard case .success = Self.parse(Self.specimen, today: "2020-05-31") else {
      Issue.record("refused within its term")
      return
    }
    guard case .failure(.invalid(let reason)) = Self.parse(Self.specimen, today: "2020-06-01") else {
      Issue.record("read past its term")
      return
    }
    #expect(reason == "the document has expired")
  }

  @Test func aMinorsCardAndAnOlderCardRunTenYears() {
    let minor = Self.card(surname: "MARTIN", given: "LEA", number: "100675012345", birth: "000312", sex: "F")
    guard case .success = Self.parse(minor, today: "2020-05-31") else { Issue.record("refused"); return }
    guard case .failure(.invalid) = Self.parse(minor, today: "2020-06-01") else { Issue.record("read"); return }
    let older = Self.card(surname: "MARTIN", given: "PAUL", number: "990675012345", birth: "600312")
    guard case .failure(.invalid) = Self.parse(older, today: "2009-06-01") else { Issue.record("read"); return }
    guard case .success = Self.parse(older, today: "2009-05-31") else { Issue.record("refused"); return }
  }

  @Test func compoundGivenNamesKeepTheirParts() throws {
    let text = Self.card(surname: "DE<LA<TOUR", given: "JEAN<PAUL<<LUC", number: "150675012345", birth: "800101")
    let document = try Self.parse(text, today: "2026-12-06").get().document
    #expect(document.surname == "DE LA TOUR" && document.givenNames == ["JEAN PAUL", "LUC"])
  }

  @Test func itsCheckDigitsAreChecked() {
    // The composite covers both lines: a changed surname letter is caught.
    let tampered = Self.specimen.replacing("DOUEL", with: "DOUET")
    guard case .failure(.misread) = Self.parse(tampered, today: "2015-01-01") else {
      Issue.record("accepted")
      return
    }
    // A published sample whose birth date's digit is wrong is refused, never read.
    let sample = "IDFRADAMBARD<<<<<<<<<<<<<<<<<<075025\n175775H557903VICTOR<<MARIE<9404246M5"
    guard case .failure(.misread(let reason)) = Self.parse(sample, today: "2015-01-01") else {
      Issue.record("accepted")
      return
    }
    #expect(reason == "birth date check digit does not match")
  }

  @Test func aNumberWithoutAMonthOfIssueIsNoCardOfThisLayout() {
    let text = Self.card(surname: "MARTIN", given: "PAUL", number: "101375012345", birth: "800101")
    guard case .failure(.misread) = Self.parse(text, today: "2015-01-01") else { Issue.record("accepted"); return }
  }

  @Test func anICAOTD2CardOfAnotherStateKeepsItsLayout() throws {
    // ICAO 9303 part 6's specimen.
    let text = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
    let document = try Self.parse(text, today: "2010-06-01").get().document
    #expect(document.expiryDate == CalendarDate("2012-04-15") && document.givenNames == ["ANNA", "MARIA"])
  }
}

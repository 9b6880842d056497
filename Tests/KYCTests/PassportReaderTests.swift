import KYCImaging
import KYCModel
import Synchronization
import Testing

@testable import MRZ
@testable import PassportReader

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct VisualZoneTests {
  static let page = """
    PASSPORT / PASSEPORT
    Type / Type Code / Code Passport No. / N° du passeport
    P UTO L898902C3
    Surname / Nom
    ERIKSSON
    Given names / Prénoms
    ANNA MARIA
    Date of birth / Date de naissance Sex / Sexe
    12 AUG 1974 F
    Place of birth / Lieu de naissance
    ZENITH
    Date of issue / Date de délivrance Authority / Autorité
    16 APR 2022 PASSPORT OFFICE
    Date of expiry / Date d'expiration
    15 APR 2032
    """

  static let today = CalendarDate("2026-11-27")!

  @Test func readsLabelledFields() {
    let zone = VisualZone(text: Self.page, today: Self.today)
    #expect(zone.surname == "ERIKSSON")
    #expect(zone.givenNames == "ANNA MARIA")
    #expect(zone.dateOfBirth == CalendarDate("1974-08-12"))
    #expect(zone.placeOfBirth == "ZENITH")
    #expect(zone.dateOfIssue == CalendarDate("2022-04-16"))
    #expect(zone.dates == ["1974-08-12", "2022-04-16", "2032-04-15"].compactMap { CalendarDate($0) })
  }

  @Test(arguments: [
    ("16 APR 2012", "2012-04-16"), ("16 APR/AVR 2012", "2012-04-16"), ("issued 16.04.2012 in Zenith", "2012-04-16"),
    ("16/04/2012", "2012-04-16"), ("2012-04-16", "2012-04-16"), ("31 FEB 2012", nil), ("16 APR 12", "2012-04-16"),
    ("ZENITH", nil), ("22 FEB/FEB 78", "1978-02-22"), ("01 MÁR/MAR 12", "2012-03-01"), ("25.12.1982.", "1982-12-25"),
    ("20 Juin/Jun 1978", "1978-06-20"), ("06.09.2006", "2006-09-06"), ("O07 JUN 1984", "1984-06-07"),
    ("12 MÄRZ 2020", "2020-03-12"), ("3 OKT 2019", "2019-10-03"), ("16 04 2012", "2012-04-16"),
    ("16APR12", "2012-04-16"), ("“O1 MÁR/MAR 12", "2012-03-01"), ("13 LIP/JUL 2006", "2006-07-13"),
    ("» 01 MAR/MAR 22", "2022-03-01"),
    ("Datum 29.02.1911", nil),
  ])
  func parsesPrintedDates(text: String, expected: String?) {
    #expect(PrintedDate.first(in: text, today: Self.today)?.date == expected.flatMap { CalendarDate($0) })
  }

  @Test func aTwoDigitYearTakesTheCenturyThatFits() {
    let birth = PrintedDate.first(in: "22 FEB 78", today: Self.today)
    #expect(birth == PrintedDate(date: CalendarDate("1978-02-22")!, fullYear: false))
    #expect(PrintedDate.first(in: "01 MAR 30", today: Self.today, futureYears: 10)?.date == CalendarDate("2030-03-01"))
    #expect(PrintedDate.first(in: "01 MAR 1930", today: Self.today)?.fullYear == true)
  }

  /// The Australian specimen's layout: two columns under one caption row.
  static let twoColumns = """
    Date of birth / Date de naissance
    07 JUN 1984
    Sex / Sexe        Place of birth / Lieu de naissance
    F                 CANBERRA
    Date of issue / Date de délivrance    Holder's signature / Signature du titulaire
    01 MAR 2014
    Date of expiry / Date d'expiration
    01 MAR 2024
    Authority / Autorité
    AUSTRALIA
    """

  @Test func aValueIsReadInItsCaptionsColumn() {
    let zone = VisualZone(text: Self.twoColumns, today: Self.today)
    #expect(zone.placeOfBirth == "CANBERRA")
    #expect(zone.dateOfIssue == CalendarDate("2014-03-01"))
    #expect(zone.dateOfExpiry == CalendarDate("2024-03-01"))
    #expect(zone.dateOfBirth == CalendarDate("1984-06-07") && zone.birthYearPrinted)
  }

  /// National captions, numbered, beside English (a Czech page).
  static let numbered = """
    01 Příjmení/Surname
    SPECIMEN
    02 Jméno/Given names
    VZOR
    04 Datum narození/Date of birth     05 Rodné číslo/Personal No.
    29.02.1911                          115229/1111
    06 Místo narození/Place of birth    07 Pohlaví/Sex
    PRAHA                               F
    08 Datum vydání/Date of issue       10 Datum platnosti/Date of expiry
    06.09.2006                          06.09.2016
    09 Úřad/Authority
    PRAHA
    """

  @Test func numberedNationalCaptions() {
    let zone = VisualZone(text: Self.numbered, today: Self.today)
    #expect(zone.surname == "SPECIMEN" && zone.givenNames == "VZOR")
    #expect(zone.placeOfBirth == "PRAHA" && zone.authority == "PRAHA")
    #expect(zone.dateOfIssue == CalendarDate("2006-09-06") && zone.dateOfExpiry == CalendarDate("2016-09-06"))
    #expect(zone.dateOfBirth == nil)  // 29.02.1911 does not exist
  }

  @Test(arguments: [
    ("Lugar de nacimiento / Place of birth", "SEVILLA"), ("Geburtsort / Place of birth / Lieu de naissance", "BERLIN"),
    ("Luogo di nascita", "ROMA"), ("Miejsce urodzenia / Place of birth", "KRAKÓW"),
    ("Mjesto rođenja / Place of birth", "ZAGREB"), ("Local de nascimento", "RECIFE"),
  ])
  func placeCaptionsInSixLanguages(caption: String, place: String) {
    #expect(VisualZone(text: "\(caption)\n\(place)", today: Self.today).placeOfBirth == place)
  }

  @Test func wordBoxesComeFromTesseractsTSV() {
    let tsv = """
      level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
      4\t1\t1\t1\t1\t0\t10\t20\t200\t15\t-1\t
      5\t1\t1\t1\t1\t1\t10\t20\t40\t15\t96.5\tPlace
      5\t1\t1\t1\t1\t2\t55\t20\t20\t15\t96.5\tof
      5\t1\t1\t1\t2\t1\t10\t40\t80\t15\t91\tCANBERRA
      """
    let words = OCRWord.words(tsv: tsv)
    #expect(words.map(\.text) == ["Place", "of", "CANBERRA"])
    #expect(words[2] == OCRWord(text: "CANBERRA", left: 10, top: 40, right: 90, bottom: 55, line: 1, confidence: 91))
    #expect(words[0].confidence == 96.5)
    #expect(words[0].line == words[1].line)
  }

  @Test func namesAndPlacesMustLookLikeThem() {
    #expect(VisualZone.name("O'BRIEN") == "O'BRIEN")
    #expect(VisualZone.name("GARCÍA LÓPEZ") == "GARCÍA LÓPEZ")
    #expect(VisualZone.name("12 AUG 1974") == nil)
    #expect(VisualZone.place("NEW YORK, USA") == "NEW YORK, USA")
    #expect(VisualZone.place("|||") == nil)
  }
}

/// The printed zone of real pages, as Tesseract returned it for the shared specimens (rows of
/// word boxes; captions lost to the page's small print).
@Suite struct PrintedRowsTests {
  static let today = CalendarDate("2016-06-03")!

  /// Words laid out from text as `OCRWord.words(text:)` does, two spaces a column gap.
  static func rows(_ text: String) -> PrintedRows { PrintedRows(words: OCRWord.words(text: text)) }

  /// The Polish specimen: the sex before the place, `73` read for the day `13`.
  static let polish = """
    KOWALSKA
    ANNA
    POLSKIE / POLISH / POLONAISE
    30 MAR/MAR 1972      72033012347
    K/F      SZCZECIN
    73 LIP/JUL 2006      sanasreR rR
    1), POOPED      RELAY OLLIENS SMALE!
    13 LIP/JUL 2016
    """

  @Test func thePlaceOfBirthFollowsTheBirthDatePastTheSex() throws {
    let rows = Self.rows(Self.polish)
    let birth = try #require(rows.birthDate(CalendarDate("1972-03-30")!, today: Self.today))
    #expect(rows.placeOfBirth(after: birth, before: nil, today: Self.today) == "SZCZECIN")
  }

  @Test func aDayOneDigitOffIsNeverMendedToTheExpirysDay() throws {
    // `73 LIP/JUL 2006` for 13: no date. Taking the expiry's day would put a value on the page
    // that was not read there (and on a page valid to the day before, the wrong one).
    let rows = Self.rows(Self.polish)
    let birth = rows.birthDate(CalendarDate("1972-03-30")!, today: Self.today)
    let expiry = CalendarDate("2016-07-13")!
    func plausible(_ date: CalendarDate) -> Bool { date < expiry && date <= Self.today }
    #expect(rows.dateOfIssue(after: birth, today: Self.today, plausible: plausible) == nil)
    #expect(rows.dateOfIssue(after: birth, today: Self.today, plausible: plausible, joiningDigits: true) == nil)
  }

  @Test func aDateByFieldOrderAloneMustLieAValidityTermBeforeTheExpiry() {
    let expiry = CalendarDate("2012-05-22")!
    #expect(VisualZoneSearch.withinTerm(CalendarDate("2007-05-22")!, of: expiry))
    #expect(VisualZoneSearch.withinTerm(CalendarDate("2002-06-01")!, of: expiry))  // ten years, a month off
    #expect(!VisualZoneSearch.withinTerm(CalendarDate("1975-01-23")!, of: expiry))  // the birth date's row
    #expect(!VisualZoneSearch.withinTerm(CalendarDate("2009-11-30")!, of: expiry))  // no usual term
  }

  @Test func withoutTheBirthDateOnlyWhatStandsOverTheIssueDateIsThePlace() throws {
    // The Finnish specimen with the birth date under the SPECIMEN stamp.
    let rows = Self.rows(
      """
      Maria Olivia
      Suomi Finland  Sextie
      Rovaniemi
      21.08.2006          21.08.2011
      """)
    let issue = try #require(
      rows.dateOfIssue(after: nil, today: CalendarDate("2011-07-12")!, plausible: { $0.year == 2006 }))
    #expect(rows.placeOfBirth(after: nil, before: (issue.row, issue.cell), today: Self.today) == "Rovaniemi")
    // The nationality two rows up, a caption's noise in another column: neither is the place.
    let noise = Self.rows("Suomi Finland\n‘of ekue:        Sextie\n21.08.2006          21.08.2011")
    let below = try #require(noise.dateOfIssue(after: nil, today: Self.today, plausible: { $0.year == 2006 }))
    #expect(noise.placeOfBirth(after: nil, before: (below.row, below.cell), today: Self.today) == nil)
    // The place read into the date's cell: the nationality above is not taken for it.
    for (place, expected) in [("Jyvaskyla", "Jyvaskyla"), ("Syvisiyia", "Syvisiyia"), ("Sy.", nil)] {
      let merged = Self.rows("Suomi Finland Finland Finlande\n\(place) 14.05.2024          14.05.2029")
      let dated = try #require(merged.dateOfIssue(after: nil, today: Self.today, plausible: { $0.year == 2024 }))
      #expect(merged.placeOfBirth(after: nil, before: (dated.row, dated.cell), today: Self.today) == expected)
    }
  }

  @Test(arguments: [
    ("N/F  BUDAPEST 07", "BUDAPEST 07"), ("F OTTAWA CAN", "OTTAWA CAN"), ("Rovaniemi", "Rovaniemi"),
    ("KIF SZCZECIN.", "SZCZECIN"), ("LUXEMBOURG", "LUXEMBOURG"), ("Mea", nil), ("MED", nil),
    ("Lieu de naissance", nil), ("Place of birth", nil), ("Sin vous red bs iad", nil), ("21.08.2006", nil),
    ("Val-d'Or", "Val-d'Or"),
    // Marks OCR attaches around words, and caption noise merged before a value in capitals.
    ("—F) (OTTAWA: CAN.", "OTTAWA CAN"), ("Sexe Lieu de naissance OTTAWA CAN", "OTTAWA CAN"),
    ("we seas Fl acncrornarerramincs OTTAWA CAN,", "OTTAWA CAN"), ("ant Kovaniemi", nil),
    ("Inspection Zone (VIZ)", nil), ("TORONT°", nil), ("K/F * SZCZECIN °", "SZCZECIN"),
    // A caption whose slash OCR read as an apostrophe is still a caption; an elided article is not.
    ("Sex'Sexe", nil), ("Sen'Sexe", nil), ("L'AQUILA", "L'AQUILA"),
    // A long caption word two slips off (`EXPIRATION`) is still a caption's; a short one is not.
    ("KXHIRATION", nil), ("NAISSANGF", nil), ("ROMA", "ROMA"), ("BRNO", "BRNO"),
  ])
  func placeNames(text: String, expected: String?) {
    #expect(PlaceName.value(text) == expected)
  }

  @Test func aPlaceByFieldOrderThatOCRGuessedIsNotTaken() throws {
    func cell(_ text: String, confidence: Double) -> PrintedRows.Cell {
      PrintedRows.Cell(words: [
        OCRWord(text: text, left: 0, top: 0, right: 40, bottom: 10, line: 0, confidence: confidence)
      ])
    }
    #expect(PrintedRows.confident("SEVILLA", in: cell("SEVILLA", confidence: 38)))
    #expect(!PrintedRows.confident("HRRO", in: cell("HRRO", confidence: 0)))
    #expect(PrintedRows.confident("OTTAWA", in: cell("OTTAWA", confidence: 4)))  // under a stamp
    #expect(PrintedRows.confident("SZCZECIN", in: cell("SZCZECIN.", confidence: 91)))
    // Words the place drops (the sex before it, noise) do not count against it.
    var row = cell("©", confidence: 5)
    row.words.append(OCRWord(text: "BUDAPEST", left: 50, top: 0, right: 120, bottom: 10, line: 0, confidence: 32))
    #expect(PrintedRows.confident("BUDAPEST", in: row))
  }

  @Test func aBirthDateIsKnownByItsDayAndMonthWhenItsYearIsLost() throws {
    let birth = CalendarDate("1985-01-01")!
    #expect(PrintedDate.startsWith(birth, in: "01 JAN-7IAN S85"))
    #expect(PrintedDate.startsWith(CalendarDate("1971-12-21")!, in: "Suom 21.12 21.08.2006"))
    #expect(!PrintedDate.startsWith(birth, in: "14 JAN /JAN 13"))
    #expect(!PrintedDate.startsWith(birth, in: "01 FEB/FEB 85"))
    // The Canadian specimen: the year under the stamp; the place in the birth date's column
    // comes before a label printed beside the page.
    let rows = Self.rows(
      """
      01 JAN-7IAN S85
      Sexe          Visual Inspection Zone (VIZ)
      F  OTTAWA CAN
      """)
    let found = try #require(rows.birthDate(birth, today: Self.today))
    #expect(found.row == 0)
    #expect(rows.placeOfBirth(after: found, before: nil, today: Self.today) == "OTTAWA CAN")
  }

  @Test func aPlaceBesideTheBirthDatesColumnIsTakenWhenNoneIsUnderIt() throws {
    // The Hungarian layout: the birth date beside the nationality, the place under the nationality.
    let rows = Self.rows(
      """
      MAGYAR/HUNGARIAN          22 FEB/FEB 78
      N/F      BUDAPEST 07
      01 MAR/MAR 12
      """)
    let birth = try #require(rows.birthDate(CalendarDate("1978-02-22")!, today: Self.today))
    #expect(rows.placeOfBirth(after: birth, before: nil, today: Self.today) == "BUDAPEST 07")
  }

  @Test func theDateOfIssueMayShareTheBirthDatesRow() throws {
    // A busy page read as one line: the birth date (its year lost) and the date of issue together.
    let rows = Self.rows("Suomi 21.12 21.08.2006 Finland 21.08.2011")
    let born = CalendarDate("1971-12-21")!
    let birth = try #require(rows.birthDate(born, today: Self.today))
    let issue = rows.dateOfIssue(after: birth, born: born, today: Self.today, plausible: { $0.year == 2006 })
    #expect(issue?.date == CalendarDate("2006-08-21"))
    // Without the birth date to tell it apart, the row is the birth date's alone.
    #expect(rows.dateOfIssue(after: birth, today: Self.today, plausible: { $0.year == 2006 }) == nil)
  }
}

@Suite struct VisualZoneSearchTests {
  typealias Ballot = VisualZoneSearch.Ballot
  typealias Proposal = VisualZoneSearch.Proposal
  let issue = CalendarDate("2006-08-21")!
  let slip = CalendarDate("2006-08-01")!

  @Test func aSettledValueOutweighsRepeatedMisreadings() {
    var ballot = Ballot()
    ballot.add(Proposal(dateOfIssue: slip))
    ballot.add(Proposal(dateOfIssue: slip))
    #expect(ballot.dateOfIssue == slip)
    ballot.add(Proposal(dateOfIssue: issue, issueSettled: true))
    #expect(ballot.dateOfIssue == issue)
  }

  @Test func twoViewsThatAgreeSettleAField() {
    var ballot = Ballot()
    ballot.add(Proposal(dateOfIssue: issue, issueSettled: true, placeOfBirth: "BUDAPEST 07"))
    #expect(!ballot.settled)
    ballot.add(Proposal(placeOfBirth: "BUDAPEST 07"))
    #expect(ballot.settled && ballot.placeOfBirth == "BUDAPEST 07")
  }

  @Test func anIssueDateOnTheExpirysAnniversaryIsSettled() {
    let expiry = CalendarDate("2011-08-21")!
    #expect(VisualZoneSearch.isAnniversary(issue, of: expiry))
    #expect(VisualZoneSearch.isAnniversary(CalendarDate("2006-08-22")!, of: expiry))
    #expect(!VisualZoneSearch.isAnniversary(slip, of: expiry))
    #expect(!VisualZoneSearch.isAnniversary(expiry, of: expiry))
    // Valid to the day before, across a month's end (the German card: 01.11.10 to 2020-10-31).
    let german = CalendarDate("2020-10-31")!
    #expect(VisualZoneSearch.isAnniversary(CalendarDate("2010-11-01")!, of: german))
    #expect(!VisualZoneSearch.isAnniversary(CalendarDate("2010-11-02")!, of: german))
    #expect(!VisualZoneSearch.isAnniversary(CalendarDate("2010-11-01")!, of: CalendarDate("2020-10-30")!))
    #expect(VisualZoneSearch.isAnniversary(CalendarDate("2011-01-01")!, of: CalendarDate("2020-12-31")!))
    // A year misread: eight or nine years is no passport's term.
    #expect(VisualZoneSearch.isAnniversary(CalendarDate("2023-06-30")!, of: CalendarDate("2033-06-30")!))
    #expect(!VisualZoneSearch.isAnniversary(CalendarDate("2025-06-30")!, of: CalendarDate("2033-06-30")!))
    #expect(!VisualZoneSearch.isAnniversary(CalendarDate("2024-06-30")!, of: CalendarDate("2033-06-30")!))
  }

  @Test func theDateOfIssueAloneCanBeSettled() {
    var ballot = Ballot()
    ballot.add(Proposal(dateOfIssue: slip))
    #expect(!ballot.issueSettled && !ballot.issueSettledByAView)
    ballot.add(Proposal(dateOfIssue: slip))
    // Two views agreeing settle it for the vote, but no view vouched for it.
    #expect(ballot.issueSettled && !ballot.issueSettledByAView && !ballot.settled)
    ballot.add(Proposal(dateOfIssue: issue, issueSettled: true))
    #expect(ballot.issueSettledByAView && ballot.dateOfIssue == issue)
  }

  @Test func aDateWhoseSpacesWereLostIsReadOnlyWhereTheAnniversaryVouchesForIt() throws {
    #expect(PrintedRows.separatingDigits("Luzern 010103 01011") == "Luzern 01 01 03 01011")
    #expect(PrintedRows.separatingDigits("01012003") == "01 01 2003")
    #expect(PrintedRows.separatingDigits("7203301234") == "7203301234")
    // The Swiss card's back: `01 01 03` read as one word, the expiry 2013-01-01.
    let rows = PrintedRowsTests.rows("172 cm\nChur GR\n010103       01011")
    let today = CalendarDate("2012-11-22")!
    let expiry = CalendarDate("2013-01-01")!
    func anniversary(_ date: CalendarDate) -> Bool { VisualZoneSearch.isAnniversary(date, of: expiry) }
    #expect(rows.dateOfIssue(after: nil, today: today, plausible: anniversary) == nil)
    let joined = rows.dateOfIssue(after: nil, today: today, plausible: anniversary, joiningDigits: true)
    #expect(joined?.date == CalendarDate("2003-01-01"))
  }
}

@Suite struct NationalSpellingTests {
  let names = ["HANDRA", "ROZALIA IRMA", "ROZALIA", "IRMA"]

  @Test func aPlaceOfAStateWithLettersEnglishCannotReadStandsOnlyAsItsOwnModelReadIt() {
    #expect(!NationalSpelling.readsInEnglish(place: "AZORBAYCAN AZE", state: "AZE"))
    #expect(NationalSpelling.readsInEnglish(place: "AZƏRBAYCAN", state: "AZE"))
    #expect(NationalSpelling.readsInEnglish(place: "RĪGA", state: "LVA"))
    #expect(NationalSpelling.readsInEnglish(place: "BERLIN", state: "D"))
  }

  @Test func aRunThatSpellsAnMRZNameWithAccentsIsTaken() {
    let found = NationalSpelling.runs(of: ["FRUNZA", "ROZÁLIA", "IRMA"], spelling: names)
    #expect(found.map(\.0) == ["ROZALIA IRMA", "ROZALIA"] && found.map(\.1) == ["ROZÁLIA IRMA", "ROZÁLIA"])
    #expect(NationalSpelling.runs(of: ["MÜLLER"], spelling: ["MUELLER"]).first?.1 == "MÜLLER")
  }

  @Test func aPlaceTakesOnlyTheAccentsOfTheStatesReading() {
    let place = ["KRAKOW"].map(NationalSpelling.letters)
    #expect(NationalSpelling.run(of: ["K/F", "KRAKÓW"], spelling: place) == "KRAKÓW")
    #expect(
      NationalSpelling.run(of: ["Jyväskylä"], spelling: ["Jyvaskyla"].map(NationalSpelling.letters)) == "Jyväskylä")
    // Another town, the same letters without an accent, or a district number read otherwise: kept.
    #expect(NationalSpelling.run(of: ["KRAKÓWEK"], spelling: place) == nil)
    #expect(NationalSpelling.run(of: ["KRAKOW"], spelling: place) == nil)
    let district = ["BUDAPEST", "07"].map(NationalSpelling.letters)
    #expect(NationalSpelling.run(of: ["BUDAPEŠT", "01"], spelling: district) == nil)
    #expect(NationalSpelling.run(of: ["N/F", "BUDAPEŠT", "07"], spelling: district) == "BUDAPEŠT 07")
  }

  @Test func aReadingThatIsAnotherNameOrAddsNoAccentIsNot() {
    #expect(NationalSpelling.runs(of: ["POZÁLTA", "IRMA"], spelling: names).isEmpty)
    #expect(NationalSpelling.runs(of: ["HANDRA"], spelling: names).isEmpty)
    #expect(NationalSpelling.runs(of: ["ROZÁLIA2"], spelling: names).isEmpty)
  }
}

@Suite struct TransliterationTests {
  @Test func printedAndMRZNamesAgree() {
    #expect(Transliteration.mrz("Müller") == "MUELLER")
    #expect(Transliteration.mrz("García López") == "GARCIA<LOPEZ")
    #expect(Transliteration.mrz("O'Brien") == "OBRIEN")
    #expect(Transliteration.consistent(printed: "MÜLLER", mrz: "MUELLER"))
    #expect(Transliteration.consistent(printed: "MÜLLER", mrz: "MULLER"))
    #expect(Transliteration.consistent(printed: "MARIE CLAIRE", mrz: "MARIE CLAIRE"))
    #expect(Transliteration.consistent(printed: "WOLFESCHLEGELSTEINHAUSEN", mrz: "WOLFESCHLEGELSTEIN", truncated: true))
    #expect(!Transliteration.consistent(printed: "WOLFESCHLEGELSTEINHAUSEN", mrz: "WOLFESCHLEGELSTEIN"))
    #expect(!Transliteration.consistent(printed: "JORGEN", mrz: "JUERGEN"))
    // A line that merely starts with the name is not the name.
    #expect(!Transliteration.consistent(printed: "IRMA Z poorer", mrz: "IRMA"))
  }

  @Test func anOCRSlipIsNoContradiction() {
    #expect(!Transliteration.contradicts(printed: "MULLER", mrz: "MUELLER"))
    #expect(!Transliteration.contradicts(printed: "JORGEN", mrz: "JUERGEN"))
    #expect(Transliteration.contradicts(printed: "SMITH", mrz: "ERIKSSON"))
  }
}

@Suite struct PassportFieldsTests {
  let today = CalendarDate("2026-11-27")!

  func reading(repairs: MRZRepairs = MRZRepairs()) -> MRZReading {
    MRZReading(
      document: MRZDocument(
        format: .td3,
        documentType: "P", issuingState: "D<<", surname: "MUELLER", givenNames: ["JUERGEN", "KARL"],
        documentNumber: "C01X00T47", nationality: "D<<", birthDate: CalendarDate("1964-08-12")!, sex: "M",
        expiryDate: CalendarDate("2031-08-02")!, optionalData: "", namesTruncated: false, lines: []),
      repairs: repairs)
  }

  @Test func everythingReadIsFullConfidence() {
    var zone = VisualZone(
      surname: "MÜLLER", givenNames: "JÜRGEN KARL", dateOfBirth: CalendarDate("1964-08-12"), placeOfBirth: "BERLIN",
      dateOfIssue: CalendarDate("2021-08-03"))
    zone.lines = ["MÜLLER", "JÜRGEN KARL"]
    let (data, confidence, missing) = unpack(PassportFields.compose(reading(), zone: zone, today: today))
    #expect(data.lastName == "MÜLLER" && data.firstName == "JÜRGEN" && data.middleName == "KARL")
    #expect(data.issuedDate == "2021-08-03" && data.placeOfBirth == "BERLIN")
    #expect(data.nationality == "D" && data.issuingState == "D" && data.expiryDate == "2031-08-02")
    #expect(data.subdivision == "")
    #expect(confidence == 1 && missing.isEmpty)
  }

  @Test func namesFromAMendedNamesLineAreUnconfirmedUnlessThePageConfirmsThem() {
    var mended = MRZRepairs()
    mended.length = true
    mended.uncheckedLength = true
    let alone = PassportFields.compose(reading(repairs: mended), zone: VisualZone(), today: today)
    #expect(alone.unconfirmed == ["lastName", "firstName", "middleName"])
    var zone = VisualZone(surname: "MÜLLER")
    zone.lines = ["MÜLLER"]
    let surnamePrinted = PassportFields.compose(reading(repairs: mended), zone: zone, today: today)
    #expect(surnamePrinted.unconfirmed == ["firstName", "middleName"])
    #expect(PassportFields.compose(reading(), zone: VisualZone(), today: today).unconfirmed.isEmpty)
  }

  @Test func unreadFieldsAreListedWithTheirDocumentedFallback() {
    let (data, confidence, missing) = unpack(PassportFields.compose(reading(), zone: VisualZone(), today: today))
    #expect(missing == ["issuedDate", "placeOfBirth"])
    #expect(data.issuedDate == "2021-08-02")  // expiry less ten years
    #expect(data.placeOfBirth == "")
    #expect(data.lastName == "MUELLER")
    #expect(confidence == 0.9)
  }

  @Test func anUnlabelledIssueDateIsTakenWhenItIsTheOnlyCandidate() {
    var zone = VisualZone()
    zone.dates = ["1964-08-12", "2021-08-03", "2031-08-02"].compactMap { CalendarDate($0) }
    #expect(PassportFields.compose(reading(), zone: zone, today: today).data.issuedDate == "2021-08-03")
    zone.dates.append(CalendarDate("2022-01-01")!)
    #expect(PassportFields.compose(reading(), zone: zone, today: today).missing.contains("issuedDate"))
  }

  @Test func repairsAndContradictionsLowerConfidence() {
    var repairs = MRZRepairs()
    repairs.documentNumber = true
    var zone = VisualZone(
      surname: "SMITH", dateOfBirth: CalendarDate("1970-01-01"), placeOfBirth: "BERLIN",
      dateOfIssue: CalendarDate("2021-08-03"))
    zone.lines = []
    let composed = PassportFields.compose(reading(repairs: repairs), zone: zone, today: today)
    #expect(composed.data.lastName == "MUELLER")
    #expect(composed.confidence == 0.55)
    #expect(composed.mismatched == ["dateOfBirth"])
    #expect(composed.data.dateOfBirth == "1964-08-12")  // the MRZ, which check digits protect, stays the value
  }

  /// An MRZ birth year `11` that the pivot puts in 2011: a minor, or someone born in 1911.
  let pivotedToAMinor = MRZReading(
    document: MRZDocument(
      format: .td3,
      documentType: "P", issuingState: "UTO", surname: "OLD", givenNames: ["ONE"], documentNumber: "X1234567",
      nationality: "UTO", birthDate: CalendarDate("2011-01-01")!, sex: "F", expiryDate: CalendarDate("2030-01-01")!,
      optionalData: "", namesTruncated: false, lines: []),
    repairs: MRZRepairs())

  @Test func aFourDigitPrintedYearFixesTheBirthCentury() {
    let old = pivotedToAMinor
    var zone = VisualZone(dateOfBirth: CalendarDate("1911-01-01"))
    zone.birthYearPrinted = true
    let composed = PassportFields.compose(old, zone: zone, today: today)
    #expect(composed.data.dateOfBirth == "1911-01-01" && composed.mismatched.isEmpty)
    // Printed with two digits, the same day is no contradiction, and the pivot stands.
    zone.birthYearPrinted = false
    let pivot = PassportFields.compose(old, zone: zone, today: today)
    #expect(pivot.data.dateOfBirth == "2011-01-01" && pivot.mismatched.isEmpty)
    // A caption lost to blur: an unlabelled four-digit date of the same day still settles it.
    var blurred = VisualZone()
    blurred.fullYearDates = [CalendarDate("1911-01-01")!]
    #expect(PassportFields.compose(old, zone: blurred, today: today).data.dateOfBirth == "1911-01-01")
    // Another day is a contradiction.
    zone.dateOfBirth = CalendarDate("1911-01-02")
    #expect(PassportFields.compose(old, zone: zone, today: today).mismatched == ["dateOfBirth"])
  }

  @Test func aBirthCenturyThePageDidNotConfirmIsNamedWhenItMakesAMinorOrACentenarian() {
    let minor = pivotedToAMinor
    let zone = VisualZone(placeOfBirth: "BERLIN", dateOfIssue: CalendarDate("2021-08-03"))
    let guessed = PassportFields.compose(minor, zone: zone, today: today)
    #expect(guessed.unconfirmed == ["dateOfBirth"] && guessed.confidence == 0.9)
    var printed = zone
    printed.fullYearDates = [CalendarDate("2011-01-01")!]
    #expect(PassportFields.compose(minor, zone: printed, today: today).unconfirmed.isEmpty)
    // An adult by the pivot needs no confirmation.
    #expect(PassportFields.compose(reading(), zone: zone, today: today).unconfirmed.isEmpty)
  }

  @Test func aPrintedExpiryOrNumberThatDisagreesIsNamed() {
    var zone = VisualZone(placeOfBirth: "BERLIN", dateOfIssue: CalendarDate("2021-08-03"))
    zone.dateOfExpiry = CalendarDate("2031-08-02")
    zone.documentNumber = "CO1XOOT47"  // the printed zone's O for 0 is no disagreement
    #expect(PassportFields.compose(reading(), zone: zone, today: today).mismatched.isEmpty)
    zone.dateOfExpiry = CalendarDate("2024-03-01")
    zone.documentNumber = "PA0940443"
    let composed = PassportFields.compose(reading(), zone: zone, today: today)
    #expect(composed.mismatched == ["expiryDate", "passportNumber"])
    #expect(composed.data.expiryDate == "2031-08-02" && composed.confidence == 0.7)
  }

  func unpack(_ composed: PassportFields.Composed) -> (PassportData, Double, [String]) {
    (composed.data, composed.confidence, composed.missing)
  }
}

/// The whole reader on generated pages (Tests/support/passports.py) and the real models.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KYC_PASSPORTS"] != nil, "scripts/test generates the pages"))
struct PassportReaderIntegrationTests {
  static let pages = ProcessInfo.processInfo.environment["KYC_PASSPORTS"] ?? ""
  static let models = ProcessInfo.processInfo.environment["KYC_MODELS_DIR"] ?? ".kyc/models"
  let reader = PassportReader(modelsDirectory: Self.models)
  let today = CalendarDate("2026-11-27")!

  func read(_ name: String) throws -> PassportReader.Reading {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.pages)/\(name)")))
    return try reader.read(try JPEGDecoder().decode(bytes, minLongSide: 1600), today: today)
  }

  @Test func everyLanguageNamesArePrintedInIsInstalled() {
    for language in Set(NationalSpelling.languages.values) {
      #expect(FileManager.default.fileExists(atPath: "\(Self.models)/tessdata/\(language).traineddata"), "\(language)")
    }
  }

  @Test func aCleanPageReadsEveryField() throws {
    guard case .read(let data, let confidence, let missing, _, _) = try read("p00-clean.jpg").outcome else {
      Issue.record("not read")
      return
    }
    #expect(data.lastName == "ERIKSSON" && data.firstName == "ANNA" && data.middleName == "MARIA")
    #expect(data.passportNumber == "L898902C3" && data.dateOfBirth == "1974-08-12" && data.issuedDate == "2022-04-16")
    #expect(data.expiryDate == "2032-04-15" && data.sex == "F" && data.placeOfBirth == "ZENITH")
    #expect(missing.isEmpty && confidence >= 0.95)
  }

  @Test func aSearchOutOfTimeAnswersBeforeThePlatformWould() throws {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.pages)/p00-clean.jpg")))
    let page = try JPEGDecoder().decode(bytes, minLongSide: 1600)
    let spent = try reader.read(page, today: today, budget: TimeBudget(milliseconds: 0))
    // Out of time before any band read as MRZ lines: the answer asks for the side that has them.
    #expect(spent.outcome == .otherSide(PassportReader.otherSideMessage))
  }

  /// What the generator wrote of a page (truth.json), as far as this test reads it.
  struct PageTruth: Decodable {
    var variant: String
    var passportNumber, dateOfBirth, expiryDate, issuedDate, placeOfBirth: String
  }

  /// The pages laid out as eight real states print theirs (Tests/support/state_pages.py), scanned
  /// and photographed: every MRZ field right on each, the printed date of issue and place of
  /// birth on nearly all, and few places wrong (figures per state: `scripts/bench`).
  @Test func pagesLaidOutAsEightStatesPrintTheirs() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: "\(Self.pages)/truth.json"))
    let states = try JSONDecoder().decode([String: PageTruth].self, from: data).filter {
      $0.value.variant.hasPrefix("state ")
    }
    #expect(states.count == 48)
    var issued = 0
    var placed = 0
    var wrongPlaces = 0
    for (name, expected) in states {
      guard case .read(let read, _, let missing, _, _) = try read(name).outcome else {
        Issue.record("\(name) not read")
        continue
      }
      #expect(read.passportNumber == expected.passportNumber, "\(name)")
      #expect(read.dateOfBirth == expected.dateOfBirth && read.expiryDate == expected.expiryDate, "\(name)")
      issued += read.issuedDate == expected.issuedDate && !missing.contains("issuedDate") ? 1 : 0
      guard !missing.contains("placeOfBirth") else { continue }
      if read.placeOfBirth == expected.placeOfBirth { placed += 1 } else { wrongPlaces += 1 }
    }
    #expect(issued >= 46 && placed >= 42 && wrongPlaces <= 4, "issue \(issued), place \(placed), wrong \(wrongPlaces)")
  }

  @Test func blankAlteredAndExpiredPages() throws {
    // No MRZ lines at all: the coach is asked for the side that has them.
    #expect(try read("blank.jpg").outcome == .otherSide(PassportReader.otherSideMessage))
    guard case .invalid(let altered) = try read("altered-check-digit.jpg").outcome else {
      Issue.record("altered page accepted")
      return
    }
    #expect(altered.contains("check digit"))
    guard case .invalid(let expired) = try read("expired.jpg").outcome else {
      Issue.record("expired page accepted")
      return
    }
    #expect(expired.contains("expired"))
  }
}

@Suite struct TimeBudgetTests {
  @Test func aBudgetExpiresWhenItsClockPassesTheDeadline() {
    let now = Mutex(1_000.0)
    let budget = TimeBudget(milliseconds: 50, clock: { now.withLock { $0 } })
    #expect(!budget.expired)
    now.withLock { $0 = 1_049 }
    #expect(!budget.expired)
    now.withLock { $0 = 1_050 }
    #expect(budget.expired)
  }
}

@Suite struct MRZSearchTests {
  @Test func twoReadingsMendedAlikeByTheNumberSwapConfirmNothing() throws {
    let text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    var read = try MRZParser(today: CalendarDate("2010-06-01")!).parse(text).get()
    var swapped = read
    swapped.repairs.documentNumber = true
    #expect(MRZSearch.confirms(read, swapped) && MRZSearch.confirms(swapped, read))
    #expect(!MRZSearch.confirms(swapped, swapped))
    read.document.surname = "ERIKSSEN"
    #expect(!MRZSearch.confirms(read, swapped))
  }

  @Test func quarterTurnsAreExactAndUndoEachOther() {
    // 3×2: a b c / d e f
    let image = GrayImage(width: 3, height: 2, pixels: [1, 2, 3, 4, 5, 6])
    let clockwise = image.turned(quarterTurns: 1)
    #expect(clockwise.width == 2 && clockwise.height == 3)
    #expect(clockwise.pixels == [4, 1, 5, 2, 6, 3])
    #expect(image.turned(quarterTurns: 3).pixels == [3, 6, 2, 5, 1, 4])
    #expect(clockwise.turned(quarterTurns: 3) == image)
    #expect(image.turned(quarterTurns: 2) == image.rotated180())
  }

  @Test func theBrightestChannelPalesColouredPrintAndKeepsBlackInk() {
    // Black ink, a blue guilloche line, cream paper.
    let image = Image(width: 3, height: 1, pixels: [10, 10, 10, 150, 178, 214, 236, 232, 220])
    #expect(GrayImage(brightestChannelOf: image).pixels == [10, 214, 236])
    #expect(GrayImage(image).pixels[1] < 180)  // in luma the line stays dark enough to read as ink
  }

  @Test func binarizingKeepsInkOnAnUnevenBackgroundAndDropsTheBackground() {
    // Light falling off from 250 to 130 across the page, ink 40 below its surroundings.
    var image = GrayImage(width: 120, height: 30, fill: 0)
    for y in 0..<30 {
      for x in 0..<120 { image.pixels[y * 120 + x] = UInt8(250 - x) }
    }
    for x in [10, 60, 110] { for y in 10..<20 { image.pixels[y * 120 + x] = UInt8(250 - x - 80) } }
    let binary = image.binarized(radius: 8)
    #expect(Set(binary.pixels) == [0, 255])
    for x in [10, 60, 110] { #expect(binary.pixels[15 * 120 + x] == 0) }
    #expect(binary.pixels[15 * 120 + 35] == 255 && binary.pixels[2 * 120 + 100] == 255)
  }

  @Test func theSearchTriesThePageAsItStandsFirst() {
    let landscape = GrayImage(width: 40, height: 20, fill: 255)
    let plan = MRZSearch.plan(landscape)
    #expect(plan.first! == (.luma, 0) && plan[1] == (.brightestChannel, 0))
    #expect(plan.map(\.1) == [0, 0, 2, 1, 3, 2, 1, 3])
    // A page taller than wide is likely a landscape page photographed in portrait.
    #expect(MRZSearch.plan(landscape.turned(quarterTurns: 1)).map(\.1) == [0, 0, 1, 3, 2, 1, 3, 2])
  }

  @Test func smallScansAreUpsampledForOCR() {
    let scan = MRZSearch.workingPage(GrayImage(width: 300, height: 211, fill: 200))
    #expect(scan.width == MRZSearch.minimumWidth && scan.height == 844)
    #expect(MRZSearch.workingPage(GrayImage(width: 1600, height: 1100, fill: 200)).width == 1600)
    // A tall sliver (8:1, the most the decoder lets through) stops at the pixel budget.
    let sliver = MRZSearch.workingPage(GrayImage(width: 120, height: 960, fill: 200))
    #expect(sliver.width * sliver.height <= MRZSearch.maxWorkingPixels && sliver.width > 900)
  }

  func reading(number: String, swapped: Bool = false) -> MRZReading {
    var repairs = MRZRepairs()
    repairs.documentNumber = swapped
    return MRZReading(
      document: MRZDocument(
        format: .td3,
        documentType: "P", issuingState: "GBR", surname: "SMITH", givenNames: ["JOHN"], documentNumber: number,
        nationality: "GBR", birthDate: CalendarDate("1979-03-04")!, sex: "M", expiryDate: CalendarDate("2029-12-10")!,
        optionalData: "", namesTruncated: false, lines: []),
      repairs: repairs)
  }

  @Test func aNumberOneCheckDigitCannotProtectNeedsASecondReading() {
    // 5→9 and 0→O cancel in the number's check digit and in the composite alike.
    #expect(CheckDigit.compute("533401928") == CheckDigit.compute("9334O1928"))
    #expect(MRZSearch.needsConfirmation(reading(number: "9334O1928")))
    #expect(MRZSearch.needsConfirmation(reading(number: "X12340678", swapped: true)))
    #expect(!MRZSearch.needsConfirmation(reading(number: "533401928")))
    #expect(!MRZSearch.needsConfirmation(reading(number: "L898902C3")))
  }

  @Test func namesMendedToTheirLengthNeedASecondReadingButKeepTheirNumber() {
    var mended = reading(number: "533401928")
    mended.repairs.uncheckedLength = true
    #expect(MRZSearch.needsConfirmation(mended) && !MRZSearch.numberInDoubt(mended))
    // Two readings mended alike confirm nothing; a clean reading of the same document does.
    #expect(!MRZSearch.confirms(mended, mended))
    #expect(MRZSearch.confirms(mended, reading(number: "533401928")))
  }

  @Test func theBandIsCutBetweenItsLines() throws {
    // Two dark rows of "text" with paper between them.
    var band = GrayImage(width: 120, height: 30, fill: 255)
    for y in [4, 5, 6, 7, 8, 20, 21, 22, 23, 24] {
      for x in stride(from: 2, to: 118, by: 3) { band.pixels[y * 120 + x] = 0 }
    }
    let lines = try #require(MRZSearch.splitLines(band, count: 2))
    #expect(lines.count == 2)
    #expect(lines[0].height - 16 >= 9 && lines[0].height - 16 <= 20)  // 8 px of padding each side
    #expect(lines[0].height + lines[1].height - 32 == 30)
  }

  @Test func aCardBandIsCutIntoItsThreeLines() throws {
    var band = GrayImage(width: 90, height: 45, fill: 255)
    for y in [4, 5, 6, 7, 8, 19, 20, 21, 22, 23, 34, 35, 36, 37, 38] {
      for x in stride(from: 2, to: 88, by: 3) { band.pixels[y * 90 + x] = 0 }
    }
    let lines = try #require(MRZSearch.splitLines(band, count: 3))
    let cuts = lines.dropLast().reduce(into: [0]) { $0.append($0.last! + $1.height - 16) }
    // Each cut falls in the paper between two rows of ink.
    #expect(lines.count == 3 && (9...18).contains(cuts[1]) && (24...33).contains(cuts[2]))
  }
}

import CivilTime
import KYCImaging
import Testing

@testable import KYCTestSupport
@testable import PassportReader

@Suite struct VisualZoneSearchTests {
  typealias Ballot = ViewBallot
  typealias Proposal = ViewBallot.Proposal
  let issue = CalendarDate("2006-08-21")!
  let slip = CalendarDate("2006-08-01")!

  @Test func aSettledValueOutweighsRepeatedMisreadings() {
    var ballot = Ballot()
    ballot.add(Proposal(dateOfIssue: slip))
    ballot.add(Proposal(dateOfIssue: slip))
    #expect(ballot.settledDateOfIssue == slip)
    ballot.add(Proposal(dateOfIssue: issue, issueSettled: true))
    #expect(ballot.settledDateOfIssue == issue)
  }

  @Test func twoViewsThatAgreeSettleAField() {
    var ballot = Ballot()
    ballot.add(Proposal(dateOfIssue: issue, issueSettled: true, placeOfBirth: "BUDAPEST 07"))
    #expect(!ballot.settled)
    ballot.add(Proposal(placeOfBirth: "BUDAPEST 07"))
    #expect(ballot.settled && ballot.settledPlaceOfBirth == "BUDAPEST 07")
  }

  @Test func anIssueDateOnTheExpirysAnniversaryIsSettled() {
    let expiry = CalendarDate("2011-08-21")!
    #expect(ValidityTerm.isAnniversary(issue, of: expiry))
    #expect(ValidityTerm.isAnniversary(CalendarDate("2006-08-22")!, of: expiry))
    #expect(!ValidityTerm.isAnniversary(slip, of: expiry))
    #expect(!ValidityTerm.isAnniversary(expiry, of: expiry))
    // Valid to the day before, across a month's end (the German card: 01.11.10 to 2020-10-31).
    let german = CalendarDate("2020-10-31")!
    #expect(ValidityTerm.isAnniversary(CalendarDate("2010-11-01")!, of: german))
    #expect(!ValidityTerm.isAnniversary(CalendarDate("2010-11-02")!, of: german))
    #expect(!ValidityTerm.isAnniversary(CalendarDate("2010-11-01")!, of: CalendarDate("2020-10-30")!))
    #expect(ValidityTerm.isAnniversary(CalendarDate("2011-01-01")!, of: CalendarDate("2020-12-31")!))
    // A year misread: eight or nine years is no passport's term.
    #expect(ValidityTerm.isAnniversary(CalendarDate("2023-06-30")!, of: CalendarDate("2033-06-30")!))
    #expect(!ValidityTerm.isAnniversary(CalendarDate("2025-06-30")!, of: CalendarDate("2033-06-30")!))
    #expect(!ValidityTerm.isAnniversary(CalendarDate("2024-06-30")!, of: CalendarDate("2033-06-30")!))
  }

  @Test func theDateOfIssueAloneCanBeSettled() {
    var ballot = Ballot()
    ballot.add(Proposal(dateOfIssue: slip))
    #expect(!ballot.issueSettled && !ballot.issueSettledByAView)
    ballot.add(Proposal(dateOfIssue: slip))
    // Two views agreeing settle it for the vote, but no view vouched for it.
    #expect(ballot.issueSettled && !ballot.issueSettledByAView && !ballot.settled)
    ballot.add(Proposal(dateOfIssue: issue, issueSettled: true))
    #expect(ballot.issueSettledByAView && ballot.settledDateOfIssue == issue)
  }

  @Test func aDateWhoseSpacesWereLostIsReadOnlyWhereTheAnniversaryVouchesForIt() throws {
    #expect(PrintedRows.separatingDigits("Luzern 010103 01011") == "Luzern 01 01 03 01011")
    #expect(PrintedRows.separatingDigits("01012003") == "01 01 2003")
    #expect(PrintedRows.separatingDigits("7203301234") == "7203301234")
    // The Swiss card's back: `01 01 03` read as one word, the expiry 2013-01-01.
    let rows = PrintedRowsTests.rows("172 cm\nChur GR\n010103       01011")
    let today = CalendarDate("2012-11-22")!
    let expiry = CalendarDate("2013-01-01")!
    func anniversary(_ date: CalendarDate) -> Bool { ValidityTerm.isAnniversary(date, of: expiry) }
    #expect(rows.dateOfIssue(after: nil, today: today, plausible: anniversary) == nil)
    let joined = rows.dateOfIssue(after: nil, today: today, plausible: anniversary, joiningDigits: true)
    #expect(joined?.date == CalendarDate("2003-01-01"))
  }

  // The views as the search reads them, with a scripted recognizer for OCR.

  static let labelled = """
    Surname / Nom
    ERIKSSON
    Place of birth / Lieu de naissance
    ZENITH
    Date of issue / Date de délivrance
    16 APR 2002
    """

  static func search(budget: TimeBudget = TimeBudget(milliseconds: 60_000)) -> VisualZoneSearch {
    let reading = SpecimenMRZ.reading()
    return VisualZoneSearch(
      recognizer: ScriptedRecognizer([]), today: SpecimenMRZ.today, birth: reading.document.birthDate,
      expiry: reading.document.expiryDate, budget: budget)
  }

  static func run(_ views: [String], budget: TimeBudget = TimeBudget(milliseconds: 60_000)) -> (VisualZone, [Int]) {
    let grey = SyntheticPage.passport(printedRows: true)
    let found = MRZSearch.Found(
      reading: SpecimenMRZ.reading(), page: grey, quarterTurns: 0, band: MRZLocator().locate(grey)!,
      conversion: .luma)
    let recognizer = ScriptedRecognizer(views)
    var search = Self.search(budget: budget)
    search = VisualZoneSearch(
      recognizer: recognizer, today: search.today, birth: search.birth, expiry: search.expiry, budget: search.budget)
    var timings: [String: Double] = [:]
    let zone = search.run(SyntheticPage.colour(grey), region: .aboveMRZ(found), timings: &timings)
    return (zone, recognizer.modes)
  }

  @Test func oneViewThatSettlesBothFieldsIsTheOnlyOneRead() {
    let (zone, modes) = Self.run([Self.labelled])
    #expect(zone.dateOfIssue == CalendarDate("2002-04-16") && zone.placeOfBirth == "ZENITH")
    #expect(modes == [VisualZoneSearch.views[0].mode])
  }

  @Test func theViewsAreReadInTurnUntilTheFieldsAreSettled() {
    let (zone, modes) = Self.run(["", "ERIKSSON", Self.labelled, Self.labelled])
    #expect(zone.dateOfIssue == CalendarDate("2002-04-16") && zone.placeOfBirth == "ZENITH")
    #expect(modes == VisualZoneSearch.views.prefix(3).map(\.mode))
  }

  @Test func aPlaceOnlyOneViewGivesByFieldOrderIsNotReported() {
    // One view reads a place in field order after the birth date: proposed, not settled, so
    // every view is read for a second voice; none agrees, its line read alone does not read the
    // same (the script has nothing more), and the place is missing.
    let (zone, modes) = Self.run(["ERIKSSON\n12 AUG 1974\nZENITH"])
    #expect(modes.count == VisualZoneSearch.views.count + 1)
    #expect(zone.placeOfBirth == nil && zone.dateOfIssue == nil)
  }

  @Test func aPlaceOneViewGivesIsTakenWhenItsLineReadsTheSameAgain() {
    let ordered = "ERIKSSON\n12 AUG 1974\nZENITH"
    // Five views (one proposes ZENITH), then its line read on its own.
    let (confirmed, modes) = Self.run([ordered, "", "", "", "", "ZENITH"])
    #expect(confirmed.placeOfBirth == "ZENITH")
    #expect(modes == VisualZoneSearch.views.map(\.mode) + [7])
    let (misread, _) = Self.run([ordered, "", "", "", "", "ZENTTH"])
    #expect(misread.placeOfBirth == nil)
  }

  @Test func twoPlacesProposedByOneViewEachAreNotReadAgain() {
    let (zone, modes) = Self.run(["ERIKSSON\n12 AUG 1974\nZENITH", "ERIKSSON\n12 AUG 1974\nZENTTH"])
    #expect(zone.placeOfBirth == nil && modes.count == VisualZoneSearch.views.count)
  }

  @Test func twoViewsThatAgreeOnAPlaceByFieldOrderSettleIt() {
    let ordered = "ERIKSSON\n12 AUG 1974\nZENITH"
    let (zone, _) = Self.run([ordered, "", ordered])
    #expect(zone.placeOfBirth == "ZENITH")
  }

  @Test func aDateOfIssueOneViewReadsByFieldOrderOffTheAnniversaryIsNotReported() {
    // 2002-04-26 lies within a ten-year term of the expiry (2012-04-15), but a day off its
    // anniversary is what a misread digit gives: one view is no evidence.
    let (zone, _) = Self.run(["ERIKSSON\n12 AUG 1974\nZENITH\n26 APR 2002\n15 APR 2012"])
    #expect(zone.dateOfIssue == nil)
    let (anniversary, _) = Self.run(["ERIKSSON\n12 AUG 1974\nZENITH\n16 APR 2002\n15 APR 2012"])
    #expect(anniversary.dateOfIssue == CalendarDate("2002-04-16"))
  }

  @Test func aDayReadWithOneDigitIsReportedOnlyOnTheAnniversary() {
    // `3 APR` under its caption, valid to 2012-04-13: a worn `13` that lost its first digit
    // reads so in every view, so neither the caption nor agreement settles it.
    let clipped = "ERIKSSON\n12 AUG 1974\nZENITH\nDate of issue\n3 APR 2002\n13 APR 2012"
    #expect(PrintedDate.first(in: "3 APR 2002", today: SpecimenMRZ.today)?.dayDigits == 1)
    #expect(PrintedDate.first(in: "03 APR 2002", today: SpecimenMRZ.today)?.dayDigits == 2)
    let search = Self.search()
    let zone = VisualZone(text: clipped, today: search.today)
    #expect(zone.dateOfIssue == CalendarDate("2002-04-03") && zone.dateOfIssueDayDigits == 1)
    let onTerm = VisualZoneSearch(
      recognizer: search.recognizer, today: search.today, birth: search.birth,
      expiry: CalendarDate("2012-04-13"), budget: search.budget)
    #expect(onTerm.propose(zone, words: OCRWord.words(text: clipped)).dateOfIssue == nil)
    // On the anniversary, the expiry vouches for the day: `1 APR 2002`, valid to 2012-04-01.
    let whole = "ERIKSSON\n12 AUG 1974\nZENITH\nDate of issue\n1 APR 2002\n1 APR 2012"
    let anniversary = VisualZoneSearch(
      recognizer: search.recognizer, today: search.today, birth: search.birth,
      expiry: CalendarDate("2012-04-01"), budget: search.budget)
    let proposal = anniversary.propose(
      VisualZone(text: whole, today: search.today), words: OCRWord.words(text: whole))
    #expect(proposal.dateOfIssue == CalendarDate("2002-04-01") && proposal.issueSettled)
  }

  @Test func aPlaceByFieldOrderStandsOnlyWhereTheStatesModelReadsItsLetters() {
    // The English model reads the `IJ` of a small `RIJEKA` as `U`, on its own line too; the
    // Croatian model reads it right, so `RUEKA` is not confirmed. Accents aside, a place the
    // state's model reads alike is (`KRAKOW`, read `KRAKÓW`).
    let words = OCRWord.words(text: "M RUEKA\nK/F KRAKOW")
    let page = GrayImage(width: 200, height: 60, pixels: [UInt8](repeating: 255, count: 200 * 60))
    func confirms(_ place: String, reading: String) -> Bool {
      NationalSpelling(recognizer: ScriptedRecognizer([reading]), mrzNames: [])
        .confirms(place: place, words: words, image: page)
    }
    #expect(!confirms("RUEKA", reading: "RIJEKA"))
    #expect(confirms("RUEKA", reading: "RUEKA"))
    #expect(confirms("KRAKOW", reading: "KRAKÓW"))
    #expect(!confirms("KRAKOW", reading: ""))
  }

  @Test func conflictingSettledValuesSettleNothing() {
    var ballot = Ballot()
    ballot.add(Proposal(dateOfIssue: issue, issueSettled: true, placeOfBirth: "BUDAPEST", placeSettled: true))
    ballot.add(Proposal(dateOfIssue: slip, issueSettled: true, placeOfBirth: "PECS", placeSettled: true))
    #expect(ballot.settledDateOfIssue == nil && ballot.settledPlaceOfBirth == nil)
    ballot.add(Proposal(dateOfIssue: issue, issueSettled: true))
    #expect(ballot.settledDateOfIssue == issue)
  }

  @Test func noViewIsReadPastTheBudget() {
    let (zone, modes) = Self.run([""], budget: TimeBudget(milliseconds: 0))
    #expect(modes.count == 1 && zone.dateOfIssue == nil && zone.placeOfBirth == nil)
  }
}

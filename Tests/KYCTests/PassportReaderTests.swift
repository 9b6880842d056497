import KYCImaging
import KYCModel
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

  @Test func readsLabelledFields() {
    let zone = VisualZone(text: Self.page)
    #expect(zone.surname == "ERIKSSON")
    #expect(zone.givenNames == "ANNA MARIA")
    #expect(zone.dateOfBirth == CalendarDate("1974-08-12"))
    #expect(zone.placeOfBirth == "ZENITH")
    #expect(zone.dateOfIssue == CalendarDate("2022-04-16"))
    #expect(zone.dates == ["1974-08-12", "2022-04-16", "2032-04-15"].compactMap { CalendarDate($0) })
  }

  @Test(arguments: [
    ("16 APR 2012", "2012-04-16"), ("16 APR/AVR 2012", "2012-04-16"), ("issued 16.04.2012 in Zenith", "2012-04-16"),
    ("16/04/2012", "2012-04-16"), ("2012-04-16", "2012-04-16"), ("31 FEB 2012", nil), ("16 APR 12", nil),
    ("ZENITH", nil),
  ])
  func parsesPrintedDates(text: String, expected: String?) {
    #expect(VisualZone.date(text) == expected.flatMap { CalendarDate($0) })
  }

  @Test func namesAndPlacesMustLookLikeThem() {
    #expect(VisualZone.name("O'BRIEN") == "O'BRIEN")
    #expect(VisualZone.name("GARCÍA LÓPEZ") == "GARCÍA LÓPEZ")
    #expect(VisualZone.name("12 AUG 1974") == nil)
    #expect(VisualZone.place("NEW YORK, USA") == "NEW YORK, USA")
    #expect(VisualZone.place("|||") == nil)
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
    #expect(Transliteration.consistent(printed: "WOLFESCHLEGELSTEINHAUSEN", mrz: "WOLFESCHLEGELSTEIN"))
    #expect(!Transliteration.consistent(printed: "JORGEN", mrz: "JUERGEN"))
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
      td3: TD3(
        documentType: "P", issuingState: "D<<", surname: "MUELLER", givenNames: ["JUERGEN", "KARL"],
        documentNumber: "C01X00T47", nationality: "D<<", birthDate: CalendarDate("1964-08-12")!, sex: "M",
        expiryDate: CalendarDate("2031-08-02")!, personalNumber: "", lines: []),
      repairs: repairs)
  }

  @Test func everythingReadIsFullConfidence() {
    var zone = VisualZone(
      surname: "MÜLLER", givenNames: "JÜRGEN KARL", dateOfBirth: CalendarDate("1964-08-12"), placeOfBirth: "BERLIN",
      dateOfIssue: CalendarDate("2021-08-03"))
    zone.lines = ["MÜLLER", "JÜRGEN KARL"]
    let (data, confidence, missing) = PassportFields.compose(reading(), zone: zone, today: today)
    #expect(data.lastName == "MÜLLER" && data.firstName == "JÜRGEN" && data.middleName == "KARL")
    #expect(data.issuedDate == "2021-08-03" && data.placeOfBirth == "BERLIN")
    #expect(data.nationality == "D" && data.issuingState == "D" && data.expiryDate == "2031-08-02")
    #expect(data.subdivision == "")
    #expect(confidence == 1 && missing.isEmpty)
  }

  @Test func unreadFieldsAreListedWithTheirDocumentedFallback() {
    let (data, confidence, missing) = PassportFields.compose(reading(), zone: VisualZone(), today: today)
    #expect(missing == ["issuedDate", "placeOfBirth"])
    #expect(data.issuedDate == "2021-08-02")  // expiry less ten years
    #expect(data.placeOfBirth == "")
    #expect(data.lastName == "MUELLER")
    #expect(confidence == 0.9)
  }

  @Test func anUnlabelledIssueDateIsTakenWhenItIsTheOnlyCandidate() {
    var zone = VisualZone()
    zone.dates = ["1964-08-12", "2021-08-03", "2031-08-02"].compactMap { CalendarDate($0) }
    #expect(PassportFields.compose(reading(), zone: zone, today: today).0.issuedDate == "2021-08-03")
    zone.dates.append(CalendarDate("2022-01-01")!)
    #expect(PassportFields.compose(reading(), zone: zone, today: today).2.contains("issuedDate"))
  }

  @Test func repairsAndContradictionsLowerConfidence() {
    var repairs = MRZRepairs()
    repairs.documentNumber = true
    var zone = VisualZone(
      surname: "SMITH", dateOfBirth: CalendarDate("1970-01-01"), placeOfBirth: "BERLIN",
      dateOfIssue: CalendarDate("2021-08-03"))
    zone.lines = []
    let (data, confidence, _) = PassportFields.compose(reading(repairs: repairs), zone: zone, today: today)
    #expect(data.lastName == "MUELLER")
    #expect(confidence == 0.55)
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

  @Test func aCleanPageReadsEveryField() throws {
    guard case .read(let data, let confidence, let missing) = try read("p00-clean.jpg").outcome else {
      Issue.record("not read")
      return
    }
    #expect(data.lastName == "ERIKSSON" && data.firstName == "ANNA" && data.middleName == "MARIA")
    #expect(data.passportNumber == "L898902C3" && data.dateOfBirth == "1974-08-12" && data.issuedDate == "2022-04-16")
    #expect(data.expiryDate == "2032-04-15" && data.sex == "F" && data.placeOfBirth == "ZENITH")
    #expect(missing.isEmpty && confidence >= 0.95)
  }

  @Test func blankAlteredAndExpiredPages() throws {
    #expect(try read("blank.jpg").outcome == .unreadable("no machine readable zone could be read"))
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

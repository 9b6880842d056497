import CivilTime
import Testing

@testable import KYCTestSupport
@testable import MRZ
@testable import PassportReader

@Suite struct MRZBandReaderTests {
  static let band = MRZLocator().locate(SyntheticPage.passport())!

  static func read(_ script: [String], today: CalendarDate = SpecimenMRZ.today) -> (
    MRZBandReader.Attempt, modes: [Int], log: [String]
  ) {
    let recognizer = ScriptedRecognizer(script)
    var timings: [String: Double] = [:]
    var log: [String] = []
    let attempt = MRZBandReader(recognizer: recognizer, parser: MRZParser(today: today)).read(
      band, timings: &timings
    ) { log.append($0) }
    return (attempt, recognizer.modes, log)
  }

  @Test func aCleanBandIsReadOnceAsABlock() {
    let (attempt, modes, log) = Self.read([SpecimenMRZ.text()])
    guard case .valid(let reading) = attempt else { Issue.record("not valid"); return }
    #expect(reading.document.documentNumber == "L898902C3")
    #expect(modes == [6] && log == ["two-line: valid"])
  }

  @Test func aGarbledBlockIsReadAgainLineByLine() {
    let lines = SpecimenMRZ.lines()
    let garbled = lines[0] + "\n" + lines[1].replacingOccurrences(of: "7408122", with: "7408123")
    let (attempt, modes, log) = Self.read([garbled] + lines)
    guard case .valid = attempt else { Issue.record("not valid"); return }
    #expect(modes == [6, 7, 7] && log.count == 2 && log[1] == "per-line: valid")
  }

  @Test func aNumberInDoubtReadTheSameByBothPassesIsValid() {
    let doubtful = SpecimenMRZ.lines(number: "L8989O2C3")
    let (attempt, modes, _) = Self.read([doubtful.joined(separator: "\n")] + doubtful)
    // Two independent readings of the band agree: the number stands.
    guard case .valid = attempt else { Issue.record("not valid"); return }
    #expect(modes == [6, 7, 7])
  }

  @Test func aNumberInDoubtTheLinesDoNotConfirmWaits() {
    let (attempt, _, _) = Self.read([SpecimenMRZ.text(number: "L8989O2C3"), "<<<", "<<<"])
    guard case .unconfirmed(let reading) = attempt else { Issue.record("not unconfirmed"); return }
    #expect(reading.document.documentNumber == "L8989O2C3")
  }

  @Test func nothingLikeMRZLinesIsNotReadLineByLine() {
    let (attempt, modes, _) = Self.read(["REPUBLIC OF UTOPIA\nPASSPORT"])
    guard case .failed(.notFound) = attempt else { Issue.record("not notFound"); return }
    #expect(modes == [6] && !attempt.sawLines)
  }

  @Test func fillerWithoutLinesSaysTheBandIsUprightAndUpsideDownItReadsAsOtherCharacters() {
    // A hand-held photo's MRZ, its tall lines clipped by the standard band (Tesseract's reading):
    // the first line's start and stray letters at the ends leave no MRZ lines, but the filler shows.
    let clipped =
      "FLA<E9QAQARIN<<FIDAN<<<<<<<<<<<<<<<<<<<<<<<<< V\nN C946302620AZE6707297F23031072W12IMJ<<<<<<<40"
    let (attempt, modes, _) = Self.read([clipped])
    guard case .filler = attempt else { Issue.record("not filler"); return }
    #expect(modes == [6] && attempt.sawLines)
    // A page upside down, read as it stands (Tesseract's reading of a generated page).
    let turned = "70333X3X3X333X3X3X33X3XSSL97025E31J22L8097ZOLN9<02068681\n3333D3D3D3D3D3D3D3DD3D3DDDDDVI84VWX5VNNV"
    guard case .failed(.notFound) = Self.read([turned]).0 else { Issue.record("not notFound"); return }
  }

  @Test func aRefusalIsFinalWithoutASecondReading() {
    let (attempt, modes, _) = Self.read([SpecimenMRZ.text()], today: CalendarDate("2013-01-01")!)
    guard case .failed(.invalid(let reason)) = attempt else { Issue.record("not refused"); return }
    #expect(reason == "the document has expired" && modes == [6])
  }

  @Test func theBandIsCutBetweenItsLines() throws {
    // Two dark rows of "text" with paper between them.
    var band = GrayImage(width: 120, height: 30, fill: 255)
    for y in [4, 5, 6, 7, 8, 20, 21, 22, 23, 24] {
      for x in stride(from: 2, to: 118, by: 3) { band.pixels[y * 120 + x] = 0 }
    }
    let lines = try #require(MRZBandReader.splitLines(band, count: 2))
    #expect(lines.count == 2)
    #expect(lines[0].height - 16 >= 9 && lines[0].height - 16 <= 20)  // 8 px of padding each side
    #expect(lines[0].height + lines[1].height - 32 == 30)
  }

  @Test func aCardBandIsCutIntoItsThreeLines() throws {
    var band = GrayImage(width: 90, height: 45, fill: 255)
    for y in [4, 5, 6, 7, 8, 19, 20, 21, 22, 23, 34, 35, 36, 37, 38] {
      for x in stride(from: 2, to: 88, by: 3) { band.pixels[y * 90 + x] = 0 }
    }
    let lines = try #require(MRZBandReader.splitLines(band, count: 3))
    let cuts = lines.dropLast().reduce(into: [0]) { $0.append($0.last! + $1.height - 16) }
    // Each cut falls in the paper between two rows of ink.
    #expect(lines.count == 3 && (9...18).contains(cuts[1]) && (24...33).contains(cuts[2]))
  }
}

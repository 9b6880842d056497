import KYCImaging
import Synchronization
import Testing

@testable import KYCTestSupport
@testable import MRZ
@testable import PassportReader

/// The search driven end to end on a drawn page, with a scripted recognizer for OCR.
@Suite struct MRZSearchTests {
  static let page = SyntheticPage.colour(SyntheticPage.passport())

  static func search(_ recognizer: ScriptedRecognizer, budget: TimeBudget = TimeBudget(milliseconds: 60_000))
    -> MRZSearch
  {
    MRZSearch(
      locator: MRZLocator(), recognizer: recognizer, parser: MRZParser(today: SpecimenMRZ.today), budget: budget)
  }

  @Test func aCleanPageCostsOneReading() throws {
    let recognizer = ScriptedRecognizer([SpecimenMRZ.text()])
    var search = Self.search(recognizer)
    var timings: [String: Double] = [:]
    let found = try search.run(Self.page, timings: &timings).get()
    #expect(found.confirmed && found.quarterTurns == 0 && found.conversion == .luma)
    #expect(recognizer.modes == [6])
    #expect(search.attempts == ["0° luma ink 0.85 two-line: valid"])
    #expect(timings["locate"] != nil && timings["mrzOCR"] != nil)
  }

  @Test func aNumberInDoubtIsConfirmedByTheNextConversion() throws {
    let doubtful = SpecimenMRZ.text(number: "L8989O2C3")
    // Luma: the block reads the doubtful number, the lines read nothing; the brightest channel
    // reads the same number again.
    let recognizer = ScriptedRecognizer([doubtful, "", "", doubtful, "", ""])
    var search = Self.search(recognizer)
    var timings: [String: Double] = [:]
    let found = try search.run(Self.page, timings: &timings).get()
    #expect(found.confirmed && found.conversion == .luma)
    #expect(recognizer.modes == [6, 7, 7, 6, 7, 7])
    #expect(search.attempts[2].hasPrefix("0° brightest channel ink 0.85 two-line"))
  }

  @Test func theBudgetStopsTheSearchBeforeTheNextBand() {
    let now = Mutex(0.0)
    let clock: @Sendable () -> Double = { now.withLock { $0 } }
    // Each reading takes 40 ms of the budget's 50.
    let lines = SpecimenMRZ.lines()
    let garbled = lines[0] + "\n" + lines[1].replacingOccurrences(of: "7408122", with: "7408123")
    let recognizer = ScriptedRecognizer([garbled]) {
      now.withLock { $0 += 40 }
    }
    var search = Self.search(recognizer, budget: TimeBudget(milliseconds: 50, clock: clock))
    var timings: [String: Double] = [:]
    let result = search.run(Self.page, timings: &timings)
    #expect(search.outOfTime)
    // The first band was read whole (block, then its two lines); no band after it.
    #expect(recognizer.modes == [6, 7, 7])
    guard case .failure(.misread) = result else { Issue.record("not misread: \(result)"); return }
    #expect(search.sawMRZLines)
  }

  @Test func anExpiredBudgetReadsNothing() {
    let recognizer = ScriptedRecognizer([SpecimenMRZ.text()])
    var search = Self.search(recognizer, budget: TimeBudget(milliseconds: 0))
    var timings: [String: Double] = [:]
    guard case .failure(.notFound) = search.run(Self.page, timings: &timings) else {
      Issue.record("read")
      return
    }
    #expect(search.outOfTime && recognizer.modes.isEmpty && !search.sawMRZLines)
  }

  @Test func smallScansAreUpsampledForOCR() {
    let scan = MRZSearch.workingPage(GrayImage(width: 300, height: 211, fill: 200))
    #expect(scan.width == MRZSearch.minimumWidth && scan.height == 844)
    #expect(MRZSearch.workingPage(GrayImage(width: 1600, height: 1100, fill: 200)).width == 1600)
    // A tall sliver (8:1, the most the decoder lets through) stops at the pixel budget.
    let sliver = MRZSearch.workingPage(GrayImage(width: 120, height: 960, fill: 200))
    #expect(sliver.width * sliver.height <= MRZSearch.maxWorkingPixels && sliver.width > 900)
  }
}

import Testing

@testable import KYCTestSupport
@testable import PassportReader

@Suite struct MRZLocatorTests {
  @Test func findsTheTwoLinesAtTheBottomOfAPassportPage() throws {
    let band = try #require(MRZLocator().locate(SyntheticPage.passport()))
    #expect(band.lines == 2)
    #expect(abs(band.topFraction - 730.0 / 850) < 0.03)
    #expect(band.widthFraction > 0.85 && band.widthFraction < 0.95)
    #expect(abs(band.skewDegrees) < 0.3)
    // The band handed to OCR is scaled to its width and keeps the lines' aspect.
    #expect(band.image.width == MRZLocator().ocrWidth && band.image.height < band.image.width / 6)
  }

  @Test func printedRowsAboveAreNotTakenForTheZone() {
    let bands = MRZLocator().bands(SyntheticPage.passport(printedRows: true), limit: 2)
    // The printed rows cover less than half the page: only the MRZ lines are a band.
    #expect(bands.count == 1 && bands[0].lines == 2 && bands[0].topFraction > 0.8)
  }

  @Test func aCardBackGivesItsThreeLinesAsOneBand() throws {
    let band = try #require(MRZLocator().locate(SyntheticPage.cardBack()))
    #expect(band.lines == 3)
    #expect(abs(band.topFraction - 560.0 / 760) < 0.03)
  }

  @Test func aPageWithoutWideRowsHasNoBand() {
    #expect(MRZLocator().locate(GrayImage(width: 1200, height: 850, fill: 235)) == nil)
    // One wide row is a line of print, not a zone.
    let single = SyntheticPage.draw(width: 1200, height: 850, rows: [.init(top: 700, left: 60, characters: 44)])
    #expect(MRZLocator().locate(single) == nil)
    // A square block of rows (a paragraph, a table) is squarer than two MRZ lines.
    let block = SyntheticPage.draw(
      width: 1200, height: 850, rows: [.init(top: 300, left: 500, characters: 8, height: 100, pitch: 30)])
    #expect(MRZLocator().locate(block) == nil)
  }

  @Test func aTiltedPageIsStoodUprightBeforeItsLinesAreCut() throws {
    let tilted = SyntheticPage.passport().rotated(degrees: 6)
    let band = try #require(MRZLocator().locate(tilted))
    #expect(band.lines == 2)
    #expect(abs(abs(band.skewDegrees) - 6) < 0.6)
  }

  @Test func aDocumentSmallInTheFrameNeedsTheLowerCoverage() throws {
    // A card a third of the picture's width: its lines cover less than half of it.
    let small = SyntheticPage.draw(
      width: 1500, height: 1000,
      rows: (0..<3).map { .init(top: 600 + 22 * $0, left: 500, characters: 30, height: 14, pitch: 16) })
    #expect(MRZLocator().locate(small) == nil)
    var locator = MRZLocator()
    locator.minimumCoverage = MRZPass.smallDocumentCoverage
    #expect(try #require(locator.locate(small)).lines == 3)
  }
}

import KYCImaging
import Testing

@testable import PassportReader

@Suite struct SideBySideScanTests {
  /// An image whose left half is dark and right half light, `width` × `height`.
  static func halves(width: Int, height: Int) -> Image {
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      for x in width / 2..<width { for c in 0..<3 { pixels[(y * width + x) * 3 + c] = 220 } }
    }
    return Image(width: width, height: height, pixels: pixels)
  }

  @Test func twoCardsSideBySideAreCutDownTheMiddle() throws {
    let scan = try #require(SideBySideScan(Self.halves(width: 702, height: 220)))
    #expect(scan.first.width == 351 && scan.second.width == 351)
    #expect(scan.first.height == 220 && scan.second.height == 220)
    #expect(scan.first.pixels.allSatisfy { $0 == 0 })
    #expect(scan.second.pixels.allSatisfy { $0 == 220 })
  }

  @Test func aPairTurnedAQuarterIsCutAcross() throws {
    let scan = try #require(
      SideBySideScan(Image(width: 220, height: 702, pixels: [UInt8](repeating: 9, count: 220 * 702 * 3))))
    #expect(scan.first.width == 220 && scan.first.height == 351)
    #expect(scan.second.width == 220 && scan.second.height == 351)
  }

  @Test(arguments: [(1200, 850), (850, 1200), (1000, 628), (1300, 100), (2000, 520), (590, 775)])
  func otherShapesAreNotCut(width: Int, height: Int) {
    // A page, a card, a card turned, a strip of MRZ alone, a wide banner, two cards stacked.
    #expect(
      SideBySideScan(Image(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 3)))
        == nil)
  }

  @Test func theWholeImageIsReadWhenNoHalfShowsAnMRZThatReads() {
    #expect(SideBySideScan.readsWhole(after: .otherSide("send the back")))
    // A half showed filler but no line read: the cut may have split one page's MRZ.
    #expect(SideBySideScan.readsWhole(after: .unreadable("no machine readable zone could be read")))
    #expect(!SideBySideScan.readsWhole(after: .invalid("the document has expired")))
    // The whole shows no MRZ where a half showed lines: the coach is not sent for another side.
    let unreadable = PageOutcome.unreadable("no machine readable zone could be read")
    #expect(SideBySideScan.outcome(halves: unreadable, whole: .otherSide("send the back")) == unreadable)
    #expect(SideBySideScan.outcome(halves: .otherSide("send the back"), whole: unreadable) == unreadable)
    #expect(SideBySideScan.outcome(halves: unreadable, whole: .invalid("expired")) == .invalid("expired"))
  }
}

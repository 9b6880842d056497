import Testing

@testable import PassportReader

@Suite struct WordRowTests {
  static let page = GrayImage(width: 1200, height: 670, pixels: [UInt8](repeating: 255, count: 1200 * 670))
  /// The German specimen's place of birth, as a sparse layout boxed it, and its caption above:
  /// the caption's boxes reach 4 px into the value's.
  static let berlin = OCRWord(text: "BERLIN", left: 410, top: 412, right: 508, bottom: 436, line: 1)
  static let caption = OCRWord(text: "Place", left: 504, top: 388, right: 537, bottom: 416, line: 0)

  static func line(_ words: [OCRWord]) -> GrayImage? {
    WordRow.image(startingWith: { $0.text == "BERLIN" }, words: words, in: page)
  }

  @Test func theCaptionCloseAboveAValueIsNoPartOfItsLine() throws {
    let alone = try #require(Self.line([Self.berlin]))
    #expect(Self.line([Self.berlin, Self.caption]) == alone)
    // Scaled so letters are about 40 px high, with the room above for accents and the margin.
    #expect(alone.height == 34 * 40 / 24 + 40)
  }

  @Test func theWordsBesideTheValueOnItsLineAreReadWithIt() throws {
    let code = OCRWord(text: "CAN", left: 530, top: 414, right: 580, bottom: 437, line: 1)
    let alone = try #require(Self.line([Self.berlin]))
    let withCode = try #require(Self.line([Self.berlin, code]))
    #expect(withCode.width > alone.width)
    #expect(Self.line([Self.caption]) == nil)
  }
}

import KYCImaging

@testable import PassportReader

/// Pages drawn for the locator and the search: rows of glyph-like blocks on white paper, where
/// an MRZ line is 44 (a card's 30) evenly spaced dark blocks across most of the page.
enum SyntheticPage {
  /// A row of `characters` blocks `height` high, one every `pitch` pixels from `left`.
  struct Row {
    var top: Int
    var left: Int
    var characters: Int
    var height = 24
    var pitch = 24
  }

  static func draw(width: Int, height: Int, rows: [Row]) -> GrayImage {
    var page = GrayImage(width: width, height: height, fill: 235)
    for row in rows {
      for character in 0..<row.characters {
        let x0 = row.left + character * row.pitch
        for y in row.top..<min(height, row.top + row.height) {
          for x in x0..<min(width, x0 + row.pitch * 3 / 5) { page.pixels[y * width + x] = 30 }
        }
      }
    }
    return page
  }

  /// A passport data page, 1200 × 850: two MRZ lines at the bottom, and — with `printedRows` —
  /// shorter printed rows above them.
  static func passport(printedRows: Bool = false) -> GrayImage {
    let mrz = [Row(top: 730, left: 60, characters: 44), Row(top: 772, left: 60, characters: 44)]
    let printed = (0..<4).map { Row(top: 200 + 80 * $0, left: 420, characters: 14, height: 20, pitch: 22) }
    return draw(width: 1200, height: 850, rows: (printedRows ? printed : []) + mrz)
  }

  /// A card's back, 1200 × 760: three MRZ lines of 30 characters.
  static func cardBack() -> GrayImage {
    draw(
      width: 1200, height: 760,
      rows: (0..<3).map { Row(top: 560 + 50 * $0, left: 80, characters: 30, height: 30, pitch: 34) })
  }
}

extension SyntheticPage {
  /// The grey page as the decoded colour image the search starts from.
  static func colour(_ page: GrayImage) -> Image {
    Image(width: page.width, height: page.height, pixels: page.pixels.flatMap { [$0, $0, $0] })
  }
}

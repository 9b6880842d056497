#if canImport(Glibc)
  import Glibc
#endif

/// Finds the machine readable zone on a photographed passport page or card back: binarise
/// against the local mean, find the skew from the ink's row profile, then take the lowest
/// three aligned (a card's TD1) or two wide, evenly high text rows — the MRZ is the bottom of a
/// data page or a card back.
public struct MRZLocator: Sendable {
  /// Width of the copy the search runs on.
  public var analysisWidth = 800
  /// Skew angles tried, in degrees either way.
  public var maxSkew = 12.0
  /// Width of the band handed to OCR.
  public var ocrWidth = 1150
  /// How much of the page's width a text row must cover to count: half, as an MRZ spans a data
  /// page; a quarter for a card photographed small on a table (`MRZSearch`'s last resort).
  public var minimumCoverage = 0.5
  /// How far above and below its rows the band handed to OCR reaches, in row heights: half; a
  /// whole one where perspective or a misjudged skew clips a line's top (`MRZSearch` retries so).
  public var verticalMargin = 0.5

  public init() {}

  /// A text row in analysis coordinates.
  struct Row: Equatable {
    var top: Int
    var bottom: Int
    var left: Int
    var right: Int
    /// The most ink/paper alternations along one scanline of the row: a line of 44 characters
    /// alternates about a hundred times, a page edge or a rule a handful.
    var transitions: Int
    var height: Int { bottom - top + 1 }
    var extent: Int { right - left + 1 }
  }

  public struct Band: Sendable {
    /// The MRZ lines, deskewed and scaled for OCR.
    public var image: GrayImage
    /// How many text lines the band holds: 2, or 3 for a card's TD1 zone.
    public var lines: Int
    /// Where the band's top edge lies in the deskewed page, as a fraction of its height.
    public var topFraction: Double
    /// The band's width, and where its left edge lies, as fractions of the page image's width.
    public var widthFraction: Double
    public var leftFraction: Double
    public var skewDegrees: Double
  }

  /// The most likely MRZ band of `page`, or `nil` when no pair of rows looks like one.
  public func locate(_ page: GrayImage) -> Band? {
    bands(page, limit: 1).first
  }

  /// Up to `limit` bands that may hold the MRZ, likeliest (lowest on the page) first. `ratio`
  /// is how much darker than its surroundings a pixel must be to count as ink: lower ignores
  /// more of a tinted or patterned background.
  public func bands(_ page: GrayImage, limit: Int, ratio: Double = 0.85) -> [Band] {
    let factor = max(1, page.width / analysisWidth)
    let small = page.shrunk(by: factor)
    let radius = max(7, small.width / 50)
    let skew = Self.skew(
      small.inkMask(radius: radius, ratio: ratio), width: small.width, height: small.height, maxDegrees: maxSkew)
    // The rows are found on the small copy turned upright; only the bands are cut from the
    // page itself, so a large page is never turned whole.
    let uprightSmall = small.rotated(degrees: skew)
    let mask = uprightSmall.inkMask(radius: radius, ratio: ratio)
    let rows = Self.rows(mask, width: uprightSmall.width, height: uprightSmall.height, coverage: minimumCoverage)
    return Self.mrzGroups(rows, width: uprightSmall.width).prefix(limit).compactMap { group in
      let (first, last) = (group[0], group[group.count - 1])
      let margin = group.map(\.height).reduce(0, +) / group.count
      let x0 = (group.map(\.left).min()! - margin) * factor
      let x1 = (group.map(\.right).max()! + margin) * factor
      let pad = Int((Double(margin) * verticalMargin).rounded())
      let y0 = (first.top - pad - 1) * factor
      let y1 = (last.bottom + pad + 1) * factor
      // The printed zone ends where the usual band starts, whatever margin OCR is given.
      let top = (first.top - margin / 2 - 1) * factor
      let crop = page.rotated(degrees: skew, x: x0, y: y0, width: x1 - x0, height: y1 - y0)
      // Two passport lines are about twelve times as wide as high, a card's three about four;
      // a squarer block is other print.
      guard crop.width > 0, crop.height > 0, crop.width * group.count >= Self.minimumAspect * 2 * crop.height
      else { return nil }
      let scaledHeight = max(1, crop.height * ocrWidth / crop.width)
      return Band(
        image: crop.resized(width: ocrWidth, height: scaledHeight), lines: group.count,
        topFraction: Double(max(0, top)) / Double(page.height),
        widthFraction: Double(x1 - x0) / Double(page.width), leftFraction: Double(max(0, x0)) / Double(page.width),
        skewDegrees: skew)
    }
  }

  /// The skew found and the text rows seen (top, bottom, left, right in analysis pixels), for
  /// diagnosing pages the locator gives up on.
  public func diagnose(_ page: GrayImage) -> (skew: Double, width: Int, rows: [[Int]]) {
    let factor = max(1, page.width / analysisWidth)
    let small = page.shrunk(by: factor)
    let radius = max(7, small.width / 50)
    let skew = Self.skew(small.inkMask(radius: radius), width: small.width, height: small.height, maxDegrees: maxSkew)
    let upright = small.rotated(degrees: skew)
    let rows = Self.rows(upright.inkMask(radius: radius), width: upright.width, height: upright.height)
    return (skew, upright.width, rows.map { [$0.top, $0.bottom, $0.left, $0.right, $0.transitions] })
  }

  /// The narrowest two-line band (width over height) handed to OCR; a three-line band may be
  /// two thirds of that.
  static let minimumAspect = 4

  /// Columns are grouped into this many bins; a row's coverage is how many bins hold ink in it.
  /// An MRZ line inks nearly every bin across the page; a photo or a short label inks few.
  static let bins = 64

  /// The skew of the text in degrees: the angle whose projection makes rows of wide coverage
  /// sharpest (the score sums each projected row's coverage squared, so the long MRZ lines
  /// count and a photo's busy texture does not). Coarse search, then a finer one around the best.
  static func skew(_ mask: [Bool], width: Int, height: Int, maxDegrees: Double) -> Double {
    var points: [(x: Double, y: Double, bin: Int)] = []
    let step = max(1, mask.count / 80_000)
    var index = 0
    while index < mask.count {
      if mask[index] {
        let x = index % width
        points.append((Double(x), Double(index / width), x * bins / width))
      }
      index += step
    }
    guard points.count > 100 else { return 0 }
    let diagonal = Int((Double(width * width + height * height)).squareRoot()) + 2
    var coverage = [UInt64](repeating: 0, count: 2 * diagonal)
    func score(_ degrees: Double) -> Int {
      let angle = degrees * .pi / 180
      let s = sin(angle)
      let c = cos(angle)
      for i in coverage.indices { coverage[i] = 0 }
      for point in points {
        // Offset by the diagonal, the value is positive: truncating it plus a half rounds it
        // without a libm call, millions of times per page.
        let row = Int(point.y * c - point.x * s + Double(diagonal) + 0.5)
        if row >= 0 && row < coverage.count { coverage[row] |= 1 << UInt64(point.bin) }
      }
      return coverage.reduce(0) { $0 + $1.nonzeroBitCount * $1.nonzeroBitCount }
    }
    var best = 0.0
    var bestScore = score(0)
    for degrees in stride(from: -maxDegrees, through: maxDegrees, by: 0.5) {
      let value = score(degrees)
      if value > bestScore { (best, bestScore) = (degrees, value) }
    }
    for degrees in stride(from: best - 0.4, through: best + 0.4, by: 0.1) {
      let value = score(degrees)
      if value > bestScore { (best, bestScore) = (degrees, value) }
    }
    return best
  }

  /// Rows of wide text: runs of image rows whose ink covers at least half the column bins, with
  /// the horizontal extent of their ink.
  static func rows(_ mask: [Bool], width: Int, height: Int, coverage: Double = 0.5) -> [Row] {
    let needed = Int((Double(bins) * coverage).rounded(.up))
    var covered = [Int](repeating: 0, count: height)
    for y in 0..<height {
      var bits: UInt64 = 0
      for x in 0..<width where mask[y * width + x] { bits |= 1 << UInt64(x * bins / width) }
      covered[y] = bits.nonzeroBitCount
    }
    var rows: [Row] = []
    var y = 0
    while y < height {
      guard covered[y] >= needed else {
        y += 1
        continue
      }
      let top = y
      while y < height && covered[y] >= needed { y += 1 }
      let bottom = y - 1
      var left = width
      var right = 0
      var transitions = 0
      for row in top...bottom {
        var changes = 0
        var previous = false
        for x in 0..<width {
          let ink = mask[row * width + x]
          if ink {
            left = min(left, x)
            right = max(right, x)
          }
          if ink != previous { changes += 1 }
          previous = ink
        }
        transitions = max(transitions, changes)
      }
      rows.append(Row(top: top, bottom: bottom, left: left, right: right, transitions: transitions))
    }
    return rows
  }

  /// Groups of consecutive rows that may be a zone, from the bottom of the page up: a card's
  /// three lines (TD1) where three rows of like height, spacing and extent stand together, then
  /// pairs of like height, close together (TD3, TD2, or two lines of a TD1 the triple missed).
  static func mrzGroups(_ rows: [Row], width: Int) -> [[Row]] {
    let wide = rows.filter { $0.height >= 4 && $0.transitions >= 40 }
    guard wide.count >= 2 else { return [] }
    var triples: [[Row]] = []
    var pairs: [[Row]] = []
    for index in stride(from: wide.count - 1, to: 0, by: -1) {
      let (upper, lower) = (wide[index - 1], wide[index])
      guard closePair(upper, lower) else { continue }
      pairs.append([upper, lower])
      if index >= 2, closePair(wide[index - 2], upper), alignedTriple(wide[index - 2], upper, lower) {
        triples.append([wide[index - 2], upper, lower])
      }
    }
    return triples + pairs
  }

  static func closePair(_ upper: Row, _ lower: Row) -> Bool {
    let ratio = Double(upper.height) / Double(lower.height)
    let gap = lower.top - upper.bottom
    return ratio > 0.6 && ratio < 1.6 && gap <= 2 * max(upper.height, lower.height)
  }

  /// Three MRZ lines share their margins (fillers run to the end of every line) and their
  /// spacing; a passport's MRZ under a line of printed text does not.
  static func alignedTriple(_ top: Row, _ middle: Row, _ bottom: Row) -> Bool {
    let tolerance = 2 * max(top.height, middle.height, bottom.height)
    let (gap1, gap2) = (middle.top - top.bottom, bottom.top - middle.bottom)
    return abs(top.left - bottom.left) <= tolerance && abs(middle.left - bottom.left) <= tolerance
      && abs(top.right - bottom.right) <= tolerance && abs(middle.right - bottom.right) <= tolerance
      && abs(gap1 - gap2) <= max(top.height, bottom.height) / 2 + 1
  }
}

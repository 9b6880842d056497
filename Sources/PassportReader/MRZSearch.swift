import KYCImaging
import MRZ

/// How the reader looks for a machine readable zone that validates: a clean page costs one
/// pass (locate, read both lines at once); a hard one gets more attempts, cheapest first —
/// each orientation, small pages upsampled, other candidate bands and ink thresholds, each line
/// read on its own — until a reading validates or its check digits vouch for a refusal.
struct MRZSearch {
  let locator: MRZLocator
  let engine: OCREngine
  let parser: MRZParser
  /// Checked before each attempt: past it, the search stops where it is (`outOfTime`).
  let budget: TimeBudget
  private(set) var outOfTime = false

  /// A reading and where it was found.
  struct Found {
    var reading: MRZReading
    /// The page as it was read: turned upright (and maybe upsampled).
    var page: GrayImage
    /// Clockwise quarter turns applied to the upright-by-EXIF image.
    var quarterTurns: Int
    var band: MRZLocator.Band
    /// The grey conversion `page` was made with.
    var conversion: GreyConversion
    /// False when the reading still needs the printed number to agree (`numberInDoubt`).
    var confirmed = true
  }

  /// The smallest page width the locator and OCR are given: narrower scans (270–600 px, an MRZ
  /// character pitch of 5–13 px) are upsampled so MRZ characters reach the height OCR-B reads well.
  static let minimumWidth = 1200

  /// The share of the picture's width an MRZ line must cover in the last-resort pass: a card
  /// a quarter of the frame wide is still found.
  static let smallDocumentCoverage = 0.25

  /// Band candidates per orientation, and the ink thresholds tried in turn.
  static let bandsPerThreshold = 2
  static let inkRatios = [0.85, 0.75]

  /// Every attempt made, for diagnosis: orientation, threshold, band, how it was read, result.
  var attempts: [String] = []
  /// Bands handed to OCR so far.
  private(set) var bandsRead = 0
  /// Whether any band read as something like MRZ lines: without, the image shows no MRZ at all.
  private(set) var sawMRZLines = false

  /// What one band gave.
  enum Attempt {
    case valid(MRZReading)
    /// Valid, but resting on a document number only one check digit protects (see
    /// `needsConfirmation`), and no second reading agreed.
    case unconfirmed(MRZReading)
    case failed(MRZFailure)
  }

  mutating func run(_ image: Image, timings: inout [String: Double]) -> Result<Found, MRZFailure> {
    bandsRead = 0  // per image: a card's other side gets its own last resort
    var failure: MRZFailure = .notFound
    var unconfirmed: Found?
    var greys: [GreyConversion: GrayImage] = [.luma: GrayImage(image)]
    for (source, turns) in Self.plan(greys[.luma]!) {
      // Names to confirm, the number sound: the page's orientation is known, so only readings
      // of the page turned as it is are tried.
      if let reading = unconfirmed, !Self.numberInDoubt(reading.reading), turns != reading.quarterTurns { continue }
      let grey = greys[source] ?? source.apply(image)
      greys[source] = grey
      let page = Self.workingPage(grey.turned(quarterTurns: turns))
      if let end = attempt(
        page, locator: locator, conversion: source, turns: turns, failure: &failure, unconfirmed: &unconfirmed,
        timings: &timings)
      {
        return end
      }
    }
    // Bands found but no MRZ line read in any: perspective or a misjudged skew may have clipped a
    // line's top (a photo taken at an angle, scaled down). The page as it stands, taller bands.
    if bandsRead > 0, case .notFound = failure {
      var tall = locator
      tall.verticalMargin = 1
      for (source, turns) in Self.plan(greys[.luma]!).prefix(2) {
        let page = Self.workingPage((greys[source] ?? source.apply(image)).turned(quarterTurns: turns))
        if let end = attempt(
          page, locator: tall, conversion: source, turns: turns, failure: &failure, unconfirmed: &unconfirmed,
          timings: &timings)
        {
          return end
        }
      }
    }
    // Last resort, when no band was even found: a document small in the frame (a card on a
    // table), whose lines cover less than half the picture's width.
    if bandsRead == 0 {
      var small = locator
      small.minimumCoverage = Self.smallDocumentCoverage
      for (source, turns) in Self.plan(greys[.luma]!) {
        let page = Self.workingPage((greys[source] ?? source.apply(image)).turned(quarterTurns: turns))
        if let end = attempt(
          page, locator: small, conversion: source, turns: turns, failure: &failure, unconfirmed: &unconfirmed,
          timings: &timings)
        {
          return end
        }
      }
    }
    // Only an unconfirmed reading: the reader checks a number in doubt against the printed one;
    // names mended to their length stand, listed as unconfirmed for the admin.
    if var unconfirmed {
      unconfirmed.confirmed = !Self.numberInDoubt(unconfirmed.reading)
      return .success(unconfirmed)
    }
    return .failure(failure)
  }

  /// Every band of one page at each ink threshold: the result that ends the search (a reading,
  /// or a refusal the check digits vouch for), or `nil` to go on.
  mutating func attempt(
    _ page: GrayImage, locator: MRZLocator, conversion: GreyConversion, turns: Int, failure: inout MRZFailure,
    unconfirmed: inout Found?, timings: inout [String: Double]
  ) -> Result<Found, MRZFailure>? {
    let label = "\(turns * 90)° \(conversion)"
    var seen: [MRZLocator.Band] = []
    for ratio in Self.inkRatios {
      var bands: [MRZLocator.Band] = []
      timings["locate", default: 0] += Stopwatch.milliseconds {
        bands = locator.bands(page, limit: Self.bandsPerThreshold, ratio: ratio)
      }
      for band in bands where !seen.contains(where: { Self.sameBand($0, band) }) {
        if budget.expired {
          outOfTime = true
          return .failure(failure)
        }
        seen.append(band)
        bandsRead += 1
        switch read(band, timings: &timings, label: "\(label) ink \(ratio)") {
        case .valid(let reading):
          return .success(
            Found(reading: reading, page: page, quarterTurns: turns, band: band, conversion: conversion))
        case .unconfirmed(let reading):
          // A second band, orientation or conversion that reads the same confirms it.
          if let earlier = unconfirmed, Self.confirms(earlier.reading, reading) {
            var confirmed = earlier
            confirmed.confirmed = true
            return .success(confirmed)
          }
          if unconfirmed == nil {
            unconfirmed = Found(reading: reading, page: page, quarterTurns: turns, band: band, conversion: conversion)
          }
        case .failed(.invalid(let reason)):
          return .failure(.invalid(reason))
        case .failed(let other):
          if other.informs(over: failure) { failure = other }
        }
      }
    }
    return nil
  }

  /// All lines in one pass, then each line on its own (a line the two-line pass garbled often
  /// reads cleanly alone, and a second reading confirms one that needs it).
  mutating func read(_ band: MRZLocator.Band, timings: inout [String: Double], label: String) -> Attempt {
    var text = ""
    timings["mrzOCR", default: 0] += Stopwatch.milliseconds { text = engine.read(band.image, mode: 6) }
    let whole = parser.parse(text)
    attempts.append("\(label) two-line: \(Self.describe(whole))")
    if case .failure(.notFound) = whole {} else { sawMRZLines = true }
    if case .success(let reading) = whole, !Self.needsConfirmation(reading) { return .valid(reading) }
    if case .failure(.invalid(let reason)) = whole { return .failed(.invalid(reason)) }
    // Nothing like MRZ lines at all: other print, or the page turned; reading per line won't help.
    if case .failure(.notFound) = whole { return .failed(.notFound) }
    guard let lines = Self.splitLines(band.image, count: band.lines) else { return Self.classify(whole) }
    timings["mrzOCR", default: 0] += Stopwatch.milliseconds {
      text = lines.map { engine.read($0, mode: 7) }.joined(separator: "\n")
    }
    let single = parser.parse(text)
    attempts.append("\(label) per-line: \(Self.describe(single))")
    switch (whole, single) {
    case (.success(let first), .success(let second)):
      if Self.confirms(first, second) { return .valid(first) }
      return Self.needsConfirmation(second) ? .unconfirmed(first) : .valid(second)
    case (.success(let first), _): return .unconfirmed(first)
    case (_, .success), (_, .failure(.invalid)): return Self.classify(single)
    case (.failure(let first), .failure(let second)): return .failed(second.informs(over: first) ? second : first)
    }
  }

  /// A parse result as an attempt: a valid reading that needs confirmation is not yet taken.
  static func classify(_ result: Result<MRZReading, MRZFailure>) -> Attempt {
    switch result {
    case .success(let reading): return needsConfirmation(reading) ? .unconfirmed(reading) : .valid(reading)
    case .failure(let failure): return .failed(failure)
    }
  }

  /// Whether a reading is taken only when a second reading (per line, another band, orientation
  /// or conversion) agrees: its document number is in doubt (`numberInDoubt`), or its names line
  /// — which no check digit protects — was read a character long or short and mended to its
  /// length (`MUSTERMRANN` on a tilted card back), where another reading may read it whole.
  static func needsConfirmation(_ reading: MRZReading) -> Bool {
    numberInDoubt(reading) || reading.repairs.uncheckedLength
  }

  /// A document number is protected by one check digit only: the composite digit weighs its
  /// characters exactly as the number's own digit does, so two slips that cancel (`5`→`9` with
  /// `0`→`O`) pass both. A number that holds a letter issuers avoid because it passes for a
  /// digit, or that needed the number swap repair, is in doubt until a second reading or the
  /// printed number agrees.
  static func numberInDoubt(_ reading: MRZReading) -> Bool {
    reading.repairs.documentNumber || reading.document.documentNumber.contains { confusable.contains($0) }
  }

  /// Whether two readings of a page confirm each other: the same document, and not both by the
  /// same repair — two passes over one blurred band make the same slips, and the repair that
  /// mends them by chance mends them alike (a blurred Finnish page read `KPB2716Q2` twice for
  /// `XP8271602`).
  static func confirms(_ a: MRZReading, _ b: MRZReading) -> Bool {
    a.document == b.document && !(a.repairs.documentNumber && b.repairs.documentNumber)
      && !(a.repairs.uncheckedLength && b.repairs.uncheckedLength)
  }

  /// Letters that issuers avoid in document numbers because they pass for digits.
  static let confusable: Set<Character> = ["O", "Q", "I"]

  /// The order of attempts, cheapest and likeliest first: the page as it stands in both
  /// conversions, then the other orientations in luma, then in the brightest channel.
  static func plan(_ page: GrayImage) -> [(GreyConversion, Int)] {
    let turns = orientations(page)
    return [(.luma, 0), (.brightestChannel, 0)] + turns.dropFirst().map { (.luma, $0) }
      + turns.dropFirst().map { (.brightestChannel, $0) }
  }

  /// Upright first; a page taller than wide is likely a landscape data page photographed in
  /// portrait, so the quarter turns come before upside down.
  static func orientations(_ page: GrayImage) -> [Int] {
    page.height > page.width ? [0, 1, 3, 2] : [0, 2, 1, 3]
  }

  /// The most pixels a page is upsampled to: every buffer of the search (turned, deskewed and
  /// converted copies, masks) is at most this size, whatever the image's geometry — a narrow,
  /// tall sliver stops short of `minimumWidth` rather than growing to tens of megapixels.
  static let maxWorkingPixels = 8_000_000

  /// Small scans upsampled to `minimumWidth`, within `maxWorkingPixels`.
  static func workingPage(_ page: GrayImage) -> GrayImage {
    guard page.width < minimumWidth else { return page }
    let area = Double(page.width) * Double(page.height)
    let scale = min(Double(minimumWidth) / Double(page.width), (Double(maxWorkingPixels) / area).squareRoot())
    guard scale > 1 else { return page }
    return page.resized(width: Int(Double(page.width) * scale), height: Int(Double(page.height) * scale))
  }

  static func sameBand(_ a: MRZLocator.Band, _ b: MRZLocator.Band) -> Bool {
    abs(a.topFraction - b.topFraction) < 0.02 && abs(a.widthFraction - b.widthFraction) < 0.05
  }

  /// The band cut into its `count` lines, each at the emptiest row of the middle third of the
  /// band's height around it.
  static func splitLines(_ band: GrayImage, count: Int) -> [GrayImage]? {
    guard band.height >= 6 * count else { return nil }
    let mask = band.inkMask(radius: max(4, band.height / (3 * count)), ratio: 0.8)
    var cuts = [0]
    for line in 1..<count {
      var best = band.height * line / count
      var bestInk = Int.max
      for y in (band.height * (3 * line - 1) / (3 * count))...(band.height * (3 * line + 1) / (3 * count)) {
        var ink = 0
        for x in 0..<band.width where mask[y * band.width + x] { ink += 1 }
        if ink < bestInk { (best, bestInk) = (y, ink) }
      }
      cuts.append(best)
    }
    cuts.append(band.height)
    return (0..<count).map {
      band.cropped(x: 0, y: cuts[$0], width: band.width, height: cuts[$0 + 1] - cuts[$0]).padded(8)
    }
  }

  static func describe(_ result: Result<MRZReading, MRZFailure>) -> String {
    switch result {
    case .success(let reading): return reading.repairs.none ? "valid" : "valid after repair"
    case .failure(.notFound): return "no MRZ lines"
    case .failure(.misread(let reason)): return "misread (\(reason))"
    case .failure(.invalid): return "refused"
    }
  }
}

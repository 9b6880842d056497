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

  /// A reading and where it was found.
  struct Found {
    var reading: MRZReading
    /// The page as it was read: turned upright (and maybe upsampled).
    var page: GrayImage
    /// Clockwise quarter turns applied to the upright-by-EXIF image.
    var quarterTurns: Int
    var band: MRZLocator.Band
  }

  /// The smallest page width the locator and OCR are given: narrower scans (270–600 px, an MRZ
  /// character pitch of 5–13 px) are upsampled so MRZ characters reach the height OCR-B reads well.
  static let minimumWidth = 1200

  /// Band candidates per orientation, and the ink thresholds tried in turn.
  static let bandsPerThreshold = 2
  static let inkRatios = [0.85, 0.75]

  /// Every attempt made, for diagnosis: orientation, threshold, band, how it was read, result.
  var attempts: [String] = []

  mutating func run(_ upright: GrayImage, timings: inout [String: Double]) -> Result<Found, MRZFailure> {
    var failure: MRZFailure = .notFound
    for turns in Self.orientations(upright) {
      let page = Self.workingPage(upright.turned(quarterTurns: turns))
      var seen: [MRZLocator.Band] = []
      for ratio in Self.inkRatios {
        var bands: [MRZLocator.Band] = []
        timings["locate", default: 0] += Stopwatch.milliseconds {
          bands = locator.bands(page, limit: Self.bandsPerThreshold, ratio: ratio)
        }
        for band in bands where !seen.contains(where: { Self.sameBand($0, band) }) {
          seen.append(band)
          let outcome = read(band, timings: &timings, label: "\(turns * 90)° ink \(ratio)")
          switch outcome {
          case .success(let reading):
            return .success(Found(reading: reading, page: page, quarterTurns: turns, band: band))
          case .failure(.invalid(let reason)):
            return .failure(.invalid(reason))
          case .failure(let other):
            if other.informs(over: failure) { failure = other }
          }
        }
      }
    }
    return .failure(failure)
  }

  /// Both lines in one pass, then each line on its own (a line the two-line pass garbled often
  /// reads cleanly alone).
  mutating func read(_ band: MRZLocator.Band, timings: inout [String: Double], label: String) -> Result<
    MRZReading, MRZFailure
  > {
    var text = ""
    timings["mrzOCR", default: 0] += Stopwatch.milliseconds { text = engine.read(band.image, mode: 6) }
    let whole = parser.parse(text)
    attempts.append("\(label) two-line: \(Self.describe(whole))")
    if case .success = whole { return whole }
    if case .failure(.invalid) = whole { return whole }
    guard let (upper, lower) = Self.splitLines(band.image) else { return whole }
    timings["mrzOCR", default: 0] += Stopwatch.milliseconds {
      text = engine.read(upper, mode: 7) + "\n" + engine.read(lower, mode: 7)
    }
    let single = parser.parse(text)
    attempts.append("\(label) per-line: \(Self.describe(single))")
    switch (whole, single) {
    case (_, .success), (_, .failure(.invalid)): return single
    case (.failure(let first), .failure(let second)): return .failure(second.informs(over: first) ? second : first)
    default: return whole
    }
  }

  /// Upright first; a page taller than wide is likely a landscape data page photographed in
  /// portrait, so the quarter turns come before upside down.
  static func orientations(_ page: GrayImage) -> [Int] {
    page.height > page.width ? [0, 1, 3, 2] : [0, 2, 1, 3]
  }

  /// Small scans upsampled to `minimumWidth`.
  static func workingPage(_ page: GrayImage) -> GrayImage {
    guard page.width < minimumWidth else { return page }
    let scale = Double(minimumWidth) / Double(page.width)
    return page.resized(width: minimumWidth, height: Int(Double(page.height) * scale))
  }

  static func sameBand(_ a: MRZLocator.Band, _ b: MRZLocator.Band) -> Bool {
    abs(a.topFraction - b.topFraction) < 0.02 && abs(a.widthFraction - b.widthFraction) < 0.05
  }

  /// The band cut between its two lines, at the emptiest row of its middle third.
  static func splitLines(_ band: GrayImage) -> (GrayImage, GrayImage)? {
    guard band.height >= 12 else { return nil }
    let mask = band.inkMask(radius: max(4, band.height / 6), ratio: 0.8)
    var best = band.height / 2
    var bestInk = Int.max
    for y in (band.height / 3)...(band.height * 2 / 3) {
      var ink = 0
      for x in 0..<band.width where mask[y * band.width + x] { ink += 1 }
      if ink < bestInk { (best, bestInk) = (y, ink) }
    }
    return (
      band.cropped(x: 0, y: 0, width: band.width, height: best).padded(8),
      band.cropped(x: 0, y: best, width: band.width, height: band.height - best).padded(8)
    )
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

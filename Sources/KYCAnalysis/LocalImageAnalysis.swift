import CivilTime
import KYCImaging
import KYCModel
import KYCRules
import PassportReader
import Synchronization

/// The service's image analysis on libjpeg, dlib and Tesseract. Engines are built on first use
/// and kept for the life of the process, so a warm process pays for them once.
public final class LocalImageAnalysis: ImageAnalysis {
  let modelsDirectory: String
  let decoder: JPEGDecoder
  let avatars: AvatarAnalyzer
  let passports: PassportReader
  private let faces = Mutex<(engine: FaceEngine?, recognition: Bool)>((nil, false))
  /// Told when an engine or model is loaded, with the time it took: a warm process loads each once.
  let onLoad: @Sendable (String, Double) -> Void

  public init(
    modelsDirectory: String, maxPixels: Int, onLoad: @escaping @Sendable (String, Double) -> Void = { _, _ in }
  ) {
    self.modelsDirectory = modelsDirectory
    self.onLoad = onLoad
    decoder = JPEGDecoder(limits: .init(maxPixels: maxPixels))
    avatars = AvatarAnalyzer(decoder: decoder)
    passports = PassportReader(modelsDirectory: modelsDirectory, onLoad: onLoad)
  }

  /// The face engine, created on first call; with `recognition`, its descriptor network loaded too.
  public func faceEngine(recognition: Bool = false) throws(ImageError) -> FaceEngine {
    try faces.withLock { (slot: inout (engine: FaceEngine?, recognition: Bool)) throws(ImageError) -> FaceEngine in
      let engine: FaceEngine
      if let existing = slot.engine {
        engine = existing
      } else {
        var created: Result<FaceEngine, ImageError> = .failure(.engineUnavailable("not created"))
        let ms = Stopwatch.milliseconds {
          do throws(ImageError) {
            created = .success(try FaceEngine(modelsDirectory: modelsDirectory))
          } catch {
            created = .failure(error)
          }
        }
        engine = try created.get()
        onLoad(engine.loadedFromFile ? "face-detector (file)" : "face-detector (built)", ms)
        slot.engine = engine
      }
      if recognition && !slot.recognition {
        var failure: ImageError?
        let ms = Stopwatch.milliseconds {
          do throws(ImageError) {
            try engine.loadRecognition(modelsDirectory: modelsDirectory)
          } catch {
            failure = error
          }
        }
        if let failure { throw failure }
        onLoad("face-recognition", ms)
        slot.recognition = true
      }
      return engine
    }
  }

  public func analyzeAvatar(_ image: [UInt8], today: CalendarDate) throws(AnalysisError) -> (
    AvatarOutcome, SelfieFindings
  ) {
    let decoded: Image
    let verdict: AvatarPolicy.Verdict
    do {
      (decoded, verdict) = try avatars.analyze(image, detector: try faceEngine())
    } catch {
      throw Self.analysisError(error)
    }
    guard case .oneFace(let face) = verdict else {
      return (.notHuman(verdict.message ?? "no face found"), SelfieFindings())
    }
    let showsDocument: Bool
    do {
      showsDocument = try passports.showsMRZ(decoded, today: today)
    } catch {
      throw Self.analysisError(error)
    }
    let findings = SelfieFindings(perceptualHash: PerceptualHash.of(decoded), showsDocument: showsDocument)
    let region = FaceRegion(
      left: face.left, top: face.top, right: face.right, bottom: face.bottom, imageWidth: decoded.width,
      imageHeight: decoded.height)
    return (.human(region), findings)
  }

  public func analyzePassport(_ image: [UInt8], back: [UInt8]?, avatar: AvatarImage?, today: CalendarDate)
    throws(AnalysisError) -> (PassportOutcome, MatchOutcome?)
  {
    let page: Image
    let other: Image?
    do {
      // Passport text needs more pixels than a face: decode to at least 1600 px on the long side.
      page = try decoder.decode(image, minLongSide: 1600)
      other = try back.map { (bytes) throws(ImageError) in try decoder.decode(bytes, minLongSide: 1600) }
    } catch {
      throw Self.analysisError(error)
    }
    let reading: PassportReader.Reading
    do {
      reading = try passports.read(page, otherSide: other, today: today)
    } catch {
      throw Self.analysisError(error)
    }
    let outcome = PassportOutcome(reading.outcome, today: today)
    guard case .read = outcome else { return (outcome, nil) }
    // The portrait: above the MRZ on its side, or anywhere on a TD1 card's front.
    let mrzImage = reading.mrzSide == .given ? page : other!
    let portraitImage: Image
    let mrzTop: Double
    let onBack: Bool
    if reading.portraitBesideMRZ {
      portraitImage = mrzImage.oriented(reading.exifOrientation)
      mrzTop = reading.mrzTopFraction ?? 1
      onBack = reading.mrzSide == .other
    } else if let front = reading.mrzSide == .given ? other : page {
      portraitImage = front.oriented(reading.exifOrientation)
      mrzTop = 1
      onBack = reading.mrzSide == .given
    } else {
      // A TD1 back alone: the front may be in the same picture (both sides scanned together).
      portraitImage = mrzImage.oriented(reading.exifOrientation)
      mrzTop = 1
      onBack = false
    }
    var comparison = match(avatar: avatar, page: portraitImage, mrzTop: mrzTop)
    if !reading.portraitBesideMRZ, other == nil, case .failed(LocalImageAnalysis.noPortrait) = comparison {
      comparison = .failed("the portrait is on the card's front, which was not uploaded (backFileKey)")
    }
    guard case .compared(let score, let distance, let portrait?) = comparison else {
      return (outcome, comparison)
    }
    var turned = portrait
    turned.quarterTurns = reading.quarterTurns
    turned.onBack = onBack ? true : nil
    return (outcome, .compared(score: score, distance: distance, portrait: turned))
  }

  static let noPortrait = "no face found on the passport photo"

  /// Compares the avatar's face with the photo on the upright passport page.
  func match(avatar: AvatarImage?, page: Image, mrzTop: Double) -> MatchOutcome {
    guard let avatar else { return .failed("the verified avatar image is not available") }
    do {
      let engine = try faceEngine(recognition: true)
      let avatarImage = try decoder.decode(avatar.bytes)
      let avatarFace = try Self.face(in: avatarImage, region: avatar.face, engine: engine)
      guard let avatarFace else { return .failed("no face found on the avatar") }
      guard let passportFace = try Self.portrait(on: page, mrzTop: mrzTop, engine: engine) else {
        return .failed(Self.noPortrait)
      }
      let distance = FaceMatch.distance(
        try engine.descriptor(avatarImage, face: avatarFace), try engine.descriptor(page, face: passportFace))
      let portrait = FaceRegion(
        left: passportFace.left, top: passportFace.top, right: passportFace.right, bottom: passportFace.bottom,
        imageWidth: page.width, imageHeight: page.height)
      return .compared(
        score: (FaceMatch.score(distance: distance) * 1000).rounded() / 1000, distance: distance, portrait: portrait)
    } catch {
      return .failed("the faces could not be compared")
    }
  }

  /// The face at the stored region when the image decodes to the size it was found at;
  /// otherwise the most confident face found now (looking harder in small images: a passport
  /// photo is a small part of the page).
  static func face(in image: Image, region: FaceRegion?, engine: FaceEngine) throws(ImageError) -> FaceBox? {
    if let region, region.imageWidth == image.width, region.imageHeight == image.height {
      return FaceBox(left: region.left, top: region.top, right: region.right, bottom: region.bottom, confidence: 1)
    }
    return try engine.mostConfidentFace(in: image)
  }

  /// The portrait's face on a data page or a card's front. ICAO 9303 puts the portrait on the
  /// left, above the MRZ (a card's front has none: `mrzTop` 1): search there first (half the
  /// detector's work), then the whole area above the MRZ.
  static func portrait(on page: Image, mrzTop: Double, engine: FaceEngine) throws(ImageError) -> FaceBox? {
    let height = max(1, Int(Double(page.height) * mrzTop))
    for width in [page.width / 2, page.width] {
      let area = page.cropped(left: 0, top: 0, width: width, height: height)
      if let face = try face(in: area, region: nil, engine: engine) { return face }
    }
    return nil
  }

  /// An unusable file is the client's to fix and counts no attempt; an engine that failed is ours.
  public static func analysisError(_ error: ImageError) -> AnalysisError {
    switch error {
    case .unsupportedFormat:
      return .unusableImage("unsupported image format; upload a JPEG photo")
    case .tooSmall(let width, let height):
      return .unusableImage("image is too small (\(width)×\(height)); it must be at least 100 pixels on each side")
    case .tooManyPixels(let width, let height):
      return .unusableImage("image has too many pixels (\(width)×\(height))")
    case .extremeAspectRatio(let width, let height):
      return .unusableImage(
        "image proportions are not those of a photo (\(width)×\(height)); the longer side may be at most 8 times the shorter"
      )
    case .tooManyScans:
      return .unusableImage("image has too many progressive scans")
    case .oversizedMetadata:
      return .unusableImage("image carries too much metadata")
    case .corrupt:
      return .unusableImage("image is corrupt or truncated")
    case .engineUnavailable(let reason):
      return .unavailable("image analysis failed: \(reason)")
    }
  }

  /// The reader's own failures are ours: a model that is not installed.
  static func analysisError(_ error: PassportReader.ReadError) -> AnalysisError {
    switch error {
    case .modelMissing(let reason): return .unavailable(reason)
    }
  }
}

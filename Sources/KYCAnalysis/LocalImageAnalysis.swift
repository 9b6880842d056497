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
  private let detector = Mutex<FaceDetector?>(nil)

  public init(modelsDirectory: String, maxPixels: Int) {
    self.modelsDirectory = modelsDirectory
    decoder = JPEGDecoder(limits: .init(maxPixels: maxPixels))
    avatars = AvatarAnalyzer(decoder: decoder)
    passports = PassportReader(modelsDirectory: modelsDirectory)
  }

  /// The face detector, created on first call.
  public func faceDetector() throws(ImageError) -> FaceDetector {
    try detector.withLock { (slot: inout FaceDetector?) throws(ImageError) -> FaceDetector in
      if let existing = slot { return existing }
      let created = try FaceDetector(modelsDirectory: modelsDirectory)
      slot = created
      return created
    }
  }

  public func analyzeAvatar(_ image: [UInt8]) throws(APIError) -> AvatarOutcome {
    do {
      let (_, verdict) = try avatars.analyze(image, detector: try faceDetector())
      if let message = verdict.message { return .notHuman(message) }
      return .human
    } catch {
      throw Self.apiError(error)
    }
  }

  public func analyzePassport(_ image: [UInt8], avatar: [UInt8]?, today: CalendarDate) throws(APIError) -> (
    PassportOutcome, MatchOutcome?
  ) {
    let page: Image
    do {
      // Passport text needs more pixels than a face: decode to at least 1600 px on the long side.
      page = try decoder.decode(image, minLongSide: 1600)
    } catch {
      throw Self.apiError(error)
    }
    let reading = try passports.read(page, today: today)
    return (reading.outcome, nil)
  }

  /// An unusable file is the client's to fix and counts no attempt (400).
  public static func apiError(_ error: ImageError) -> APIError {
    switch error {
    case .unsupportedFormat:
      return .validation("unsupported image format; upload a JPEG photo")
    case .tooSmall(let width, let height):
      return .validation("image is too small (\(width)×\(height)); it must be at least 100 pixels on each side")
    case .tooManyPixels(let width, let height):
      return .validation("image has too many pixels (\(width)×\(height))")
    case .tooManyScans:
      return .validation("image has too many progressive scans")
    case .oversizedMetadata:
      return .validation("image carries too much metadata")
    case .corrupt:
      return .validation("image is corrupt or truncated")
    case .engineUnavailable(let reason):
      return .internal("image analysis failed: \(reason)")
    }
  }
}

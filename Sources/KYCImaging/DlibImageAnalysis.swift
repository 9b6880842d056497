import KYCModel
import KYCRules
import Synchronization

/// The service's image analysis on libjpeg and dlib. Engines are built on first use and kept
/// for the life of the process, so a warm process pays for them once.
public final class DlibImageAnalysis: ImageAnalysis {
  let modelsDirectory: String?
  let avatars: AvatarAnalyzer
  private let detector = Mutex<FaceDetector?>(nil)

  public init(modelsDirectory: String?, maxPixels: Int) {
    self.modelsDirectory = modelsDirectory
    self.avatars = AvatarAnalyzer(decoder: JPEGDecoder(limits: .init(maxPixels: maxPixels)))
  }

  /// The detector, created on first call.
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

  public func analyzePassport(_ image: [UInt8], avatar: [UInt8]?) throws(APIError) -> (PassportOutcome, MatchOutcome?) {
    throw .internal("passport analysis is not available in this build")
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

import KYCImaging
import KYCModel
import KYCRules
import PassportReader

/// The capture page's frame check on the service's own engines: dlib's face detector and the
/// passport reader's `MRZLocator`, on a small frame (at most 640 × 640), decoded with the same
/// guarded decoder as uploads. Built once per process.
public struct LocalFrameInspection: FrameInspection {
  /// The largest frame taken: the page sends one about 640 px wide.
  public static let maxSide = 640
  let faces: FaceEngine
  let decoder = JPEGDecoder(
    limits: JPEGDecoder.Limits(
      maxPixels: maxSide * maxSide, minSide: 64, maxScans: 8, maxMemory: 16 << 20, maxMetadataBytes: 16 << 10))

  public init(modelsDirectory: String?) throws(AnalysisError) {
    do {
      faces = try FaceEngine(modelsDirectory: modelsDirectory)
    } catch {
      throw .unavailable("the face detector cannot be loaded: \(error)")
    }
  }

  public func inspect(_ jpeg: [UInt8], kind: CaptureFrameKind) throws(AnalysisError) -> CaptureFrameCheck {
    guard JPEGDecoder.isJPEG(jpeg) else { throw .unusableImage("the frame is not a JPEG") }
    let image: Image
    do {
      image = try decoder.decode(jpeg, minLongSide: Self.maxSide)
    } catch {
      throw .unusableImage("the frame cannot be decoded: \(error)")
    }
    switch kind {
    case .selfie:
      let found: [FaceBox]
      do {
        found = try faces.detect(image, upsample: 1)
      } catch {
        throw .unavailable("face detection failed: \(error)")
      }
      let largest = found.first.map {
        ImageFaceBox(left: $0.left, top: $0.top, right: $0.right, bottom: $0.bottom)
      }
      return CaptureFrameCheck(
        kind: kind, width: image.width, height: image.height, faces: found.count, face: largest, mrz: nil)
    case .document:
      let band = MRZLocator().locate(GrayImage(image)).map {
        CaptureFrameCheck.Band(
          top: $0.topFraction, left: $0.leftFraction, width: $0.widthFraction, lines: $0.lines)
      }
      return CaptureFrameCheck(kind: kind, width: image.width, height: image.height, faces: 0, face: nil, mrz: band)
    }
  }
}

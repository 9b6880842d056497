import CFaceEngine
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A face found in an image, in that image's pixel coordinates.
public struct FaceBox: Sendable, Equatable {
  public var left: Int
  public var top: Int
  public var right: Int
  public var bottom: Int
  public var confidence: Double

  public init(left: Int, top: Int, right: Int, bottom: Int, confidence: Double) {
    self.left = left
    self.top = top
    self.right = right
    self.bottom = bottom
    self.confidence = confidence
  }

  public var width: Int { right - left + 1 }
  public var height: Int { bottom - top + 1 }
}

/// dlib's HOG frontal face detector and, once loaded, its face descriptor network. Created once
/// per process and reused by every invocation.
public final class FaceEngine: Sendable {
  /// The detector in dlib's binary form, for a fast load.
  public static let detectorFileName = "frontal_face_detector.dat"

  private let engine: Mutex<OpaquePointer>
  /// Whether the detector came from the models directory (fast) or was built (slow).
  public let loadedFromFile: Bool

  /// Loads the detector from `modelsDirectory` when it holds one; otherwise builds it and, if
  /// the directory is writable, saves it there so the next process loads it fast.
  public init(modelsDirectory: String?) throws(ImageError) {
    var message = [CChar](repeating: 0, count: 200)
    var fromFile: Int32 = 0
    let path = modelsDirectory.map { "\($0)/\(Self.detectorFileName)" }
    guard let handle = kyc_face_engine_create(path, &fromFile, &message, message.count) else {
      throw .engineUnavailable(JPEGDecoder.text(message))
    }
    loadedFromFile = fromFile != 0
    if !loadedFromFile, let path {
      let temporary = path + ".tmp-\(getpid())"
      if kyc_face_engine_save_detector(handle, temporary, &message, message.count) == 0 {
        rename(temporary, path)
      } else {
        unlink(temporary)
      }
    }
    engine = Mutex(handle)
  }

  deinit {
    engine.withLock { kyc_face_engine_destroy($0) }
  }

  public static let landmarksFileName = "shape_predictor_5_face_landmarks.dat"
  public static let networkFileName = "dlib_face_recognition_resnet_model_v1.dat"

  /// Loads the aligner and the descriptor network from `modelsDirectory`.
  public func loadRecognition(modelsDirectory: String) throws(ImageError) {
    try engine.withLock { (handle: inout OpaquePointer) throws(ImageError) in
      var message = [CChar](repeating: 0, count: 200)
      let status = kyc_face_engine_load_recognition(
        handle, "\(modelsDirectory)/\(Self.landmarksFileName)", "\(modelsDirectory)/\(Self.networkFileName)", &message,
        message.count)
      guard status == 0 else { throw .engineUnavailable(JPEGDecoder.text(message)) }
    }
  }

  /// The 128-d descriptor of the face in `box` of `image`.
  public func descriptor(_ image: Image, face box: FaceBox) throws(ImageError) -> [Float] {
    try engine.withLock { (handle: inout OpaquePointer) throws(ImageError) -> [Float] in
      var values = [Float](repeating: 0, count: 128)
      var message = [CChar](repeating: 0, count: 200)
      let face = kyc_face_box(
        left: box.left, top: box.top, right: box.right, bottom: box.bottom, confidence: box.confidence)
      let status = image.pixels.withUnsafeBufferPointer {
        kyc_face_engine_descriptor(
          handle, $0.baseAddress, Int32(image.width), Int32(image.height), face, &values, &message, message.count)
      }
      guard status == 0 else { throw .engineUnavailable(JPEGDecoder.text(message)) }
      return values
    }
  }

  /// Faces in `image`, largest first. `upsample` doubles the image first, to find faces down to
  /// about 40 pixels instead of 80, at four times the cost.
  public func detect(_ image: Image, upsample: Int = 0) throws(ImageError) -> [FaceBox] {
    try engine.withLock { (handle: inout OpaquePointer) throws(ImageError) -> [FaceBox] in
      var boxes = [kyc_face_box](repeating: kyc_face_box(), count: 16)
      var message = [CChar](repeating: 0, count: 200)
      let count = image.pixels.withUnsafeBufferPointer {
        kyc_face_engine_detect(
          handle, $0.baseAddress, Int32(image.width), Int32(image.height), Int32(upsample), &boxes, Int32(boxes.count),
          &message, message.count)
      }
      guard count >= 0 else { throw .engineUnavailable(JPEGDecoder.text(message)) }
      return boxes.prefix(Int(count)).map {
        FaceBox(left: $0.left, top: $0.top, right: $0.right, bottom: $0.bottom, confidence: $0.confidence)
      }
    }
  }
}

/// Decides whether an avatar shows one human face, and says why not when it does not.
///
/// - The coach's face is the detection dlib is most confident of (any score ≥ 0, dlib's own
///   threshold: a clear face crop of dlib's test set scores 0.11).
/// - It must be at least `minFaceFraction` of the image's shorter side, else "face too small".
/// - Another face spoils the avatar ("several faces") when it is clearly a face too — a score of
///   at least `otherFaceConfidence` — and at least `prominentFraction` as wide as the coach's.
///   Weak detections (a fold of a space suit scored 0.03) and small faces far behind are ignored.
public struct AvatarPolicy: Sendable, Equatable {
  public var minFaceFraction: Double
  public var otherFaceConfidence: Double
  public var prominentFraction: Double

  public init(minFaceFraction: Double = 0.10, otherFaceConfidence: Double = 0.5, prominentFraction: Double = 0.5) {
    self.minFaceFraction = minFaceFraction
    self.otherFaceConfidence = otherFaceConfidence
    self.prominentFraction = prominentFraction
  }

  public enum Verdict: Sendable, Equatable {
    case oneFace(FaceBox)
    case noFace
    case faceTooSmall
    case severalFaces(Int)

    public var message: String? {
      switch self {
      case .oneFace: nil
      case .noFace: "no face found"
      case .faceTooSmall: "face too small"
      case .severalFaces(let count): "several faces (\(count)); the avatar must show one person"
      }
    }
  }

  public func verdict(faces: [FaceBox], imageWidth: Int, imageHeight: Int) -> Verdict {
    guard let coach = faces.max(by: { $0.confidence < $1.confidence }) else { return .noFace }
    let minWidth = Double(min(imageWidth, imageHeight)) * minFaceFraction
    guard Double(coach.width) >= minWidth else { return .faceTooSmall }
    let others = faces.filter {
      $0 != coach && $0.confidence >= otherFaceConfidence && Double($0.width) >= minWidth
        && Double($0.width) >= Double(coach.width) * prominentFraction
    }
    return others.isEmpty ? .oneFace(coach) : .severalFaces(others.count + 1)
  }
}

/// Decode, detect, decide. A second, upsampled pass looks for smaller faces when a modest
/// image shows none at working size.
public struct AvatarAnalyzer: Sendable {
  public let decoder: JPEGDecoder
  public let policy: AvatarPolicy

  public init(decoder: JPEGDecoder, policy: AvatarPolicy = AvatarPolicy()) {
    self.decoder = decoder
    self.policy = policy
  }

  public func analyze(_ bytes: [UInt8], detector: FaceEngine) throws(ImageError) -> (Image, AvatarPolicy.Verdict) {
    let image = try decoder.decode(bytes)
    var faces = try detector.detect(image)
    if faces.isEmpty && max(image.width, image.height) <= 1_000 {
      faces = try detector.detect(image, upsample: 1)
    }
    return (image, policy.verdict(faces: faces, imageWidth: image.width, imageHeight: image.height))
  }
}

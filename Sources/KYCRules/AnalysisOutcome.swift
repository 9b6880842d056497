import KYCModel

/// Where a face is in an image as decoded for analysis, so a later step can describe the same
/// face without searching for it again. Not a biometric template: only a box.
public struct FaceRegion: Codable, Sendable, Equatable {
  public var left: Int
  public var top: Int
  public var right: Int
  public var bottom: Int
  /// The size of the decoded image the box refers to.
  public var imageWidth: Int
  public var imageHeight: Int
  /// Clockwise quarter turns the image was given before the face was found in it (a passport
  /// page photographed sideways); `nil` or 0 when it stood upright.
  public var quarterTurns: Int?
  /// True when the face is on a card's other side (`backFileKey`), not on `fileKey`'s image.
  public var onBack: Bool?

  public init(
    left: Int, top: Int, right: Int, bottom: Int, imageWidth: Int, imageHeight: Int, quarterTurns: Int? = nil
  ) {
    self.left = left
    self.top = top
    self.right = right
    self.bottom = bottom
    self.imageWidth = imageWidth
    self.imageHeight = imageHeight
    self.quarterTurns = quarterTurns
  }
}

/// The avatar as the passport step needs it: its bytes and where its face was found.
public struct AvatarImage: Sendable {
  public var bytes: [UInt8]
  public var face: FaceRegion?

  public init(bytes: [UInt8], face: FaceRegion?) {
    self.bytes = bytes
    self.face = face
  }
}

/// What the avatar step notices for the risk checks, beside its verdict.
public struct SelfieFindings: Codable, Sendable, Equatable {
  /// The selfie's perceptual hash (`PerceptualHash`), to find the same image used again.
  public var perceptualHash: UInt64?
  /// A machine readable zone is in the picture: a document held up or photographed as a selfie.
  public var showsDocument: Bool

  public init(perceptualHash: UInt64? = nil, showsDocument: Bool = false) {
    self.perceptualHash = perceptualHash
    self.showsDocument = showsDocument
  }
}

/// What avatar analysis concluded about an image it could read.
public enum AvatarOutcome: Codable, Sendable, Equatable {
  case human(FaceRegion?)
  /// No usable face: the message says why ("no face found", "several faces", "face too small").
  case notHuman(String)
}

/// What passport analysis concluded about an image it could read.
public enum PassportOutcome: Codable, Sendable, Equatable {
  /// `mismatchedFields`: fields where the printed page contradicts the MRZ (which stays the value);
  /// `unconfirmedFields`: fields read but not settled (a birth century the page did not confirm).
  case read(
    PassportData, confidence: Double, missingFields: [String], mismatchedFields: [String] = [],
    unconfirmedFields: [String] = [])
  /// Nothing readable as a machine readable zone.
  case unreadable(String)
  /// No machine readable zone on the image at all: another side of a document (a card's front),
  /// or no travel document. The coach is told which side to send; no attempt is counted.
  case otherSide(String)
  /// An MRZ was read but failed validation (check digits, codes, dates, an expired document).
  case invalid(String)
}

/// What comparing the avatar's face with the passport photo gave.
public enum MatchOutcome: Codable, Sendable, Equatable {
  /// A calibrated similarity in 0...1; the lifecycle applies the threshold. `distance` is the
  /// descriptor distance behind it, for telling one photograph used twice from two of one person.
  /// `portrait` is where the face was found on the (turned) passport page.
  case compared(score: Double, distance: Double? = nil, portrait: FaceRegion? = nil)
  /// The faces could not be compared (no face on the passport, unreadable image).
  case failed(String)
}

/// `getVerificationImages`' answer (an addition to the LE-KO spec): short-lived links to a
/// verification's images for the admin who reviews it, each with where its face was found.
public struct VerificationImages: Codable, Sendable, Equatable {
  public var verificationId: String
  /// When the links stop working.
  public var expiresAt: String
  public var avatar: ImageLink
  public var passport: ImageLink
  /// A card's other side, when one was uploaded with it (an addition: `backFileKey`).
  public var passportBack: ImageLink?
  /// Analysed uploads per step, for the reviewer (a coach sees them in `getVerificationStatus`).
  public var attempts: UploadAttempts?

  public init(
    verificationId: String, expiresAt: String, avatar: ImageLink, passport: ImageLink,
    passportBack: ImageLink? = nil, attempts: UploadAttempts? = nil
  ) {
    self.verificationId = verificationId
    self.expiresAt = expiresAt
    self.avatar = avatar
    self.passport = passport
    self.passportBack = passportBack
    self.attempts = attempts
  }
}

/// How many uploads each step has analysed, successful or not.
public struct UploadAttempts: Codable, Sendable, Equatable {
  public var avatar: Int
  public var passport: Int

  public init(avatar: Int, passport: Int) {
    self.avatar = avatar
    self.passport = passport
  }
}

/// One image: a presigned GET URL when it is there, else why not.
public struct ImageLink: Codable, Sendable, Equatable {
  public enum State: String, Codable, Sendable {
    /// Linked: `url` fetches it until `expiresAt`.
    case available
    /// No image passed this step yet.
    case notUploaded = "not_uploaded"
    /// The object is gone from the bucket (say its lifecycle rule expired it).
    case missing
    /// The object was replaced after its check: what the key holds now is not what was analysed.
    case changed
  }

  public var state: State
  public var url: String?
  /// The size of the image as analysed (EXIF orientation applied), which `face` refers to.
  public var width: Int?
  public var height: Int?
  /// Clockwise quarter turns that stand the image upright as it was read (a sideways page).
  public var quarterTurns: Int?
  public var face: ImageFaceBox?
  /// How the image was taken, when the upload said so (an addition).
  public var captureMethod: CaptureMethod?

  public init(
    state: State, url: String? = nil, width: Int? = nil, height: Int? = nil, quarterTurns: Int? = nil,
    face: ImageFaceBox? = nil, captureMethod: CaptureMethod? = nil
  ) {
    self.state = state
    self.url = url
    self.width = width
    self.height = height
    self.quarterTurns = quarterTurns
    self.face = face
    self.captureMethod = captureMethod
  }
}

/// A face's box in pixels of the analysed image (`width` × `height`).
public struct ImageFaceBox: Codable, Sendable, Equatable {
  public var left: Int
  public var top: Int
  public var right: Int
  public var bottom: Int

  public init(left: Int, top: Int, right: Int, bottom: Int) {
    self.left = left
    self.top = top
    self.right = right
    self.bottom = bottom
  }
}

import KYCModel

/// A verification as stored: the API view plus what only the service needs to know.
public struct VerificationRecord: Codable, Sendable, Equatable {
  public var verification: Verification
  /// Analysed uploads per step, successful or not (`progress.*.attempts`).
  public var avatarAttempts: Int
  public var passportAttempts: Int
  /// Bumped by the store on every write; updates are conditional on it (optimistic locking).
  public var version: Int
  /// The S3 keys of the images that passed their step, kept for matching and audit.
  public var avatarFileKey: String?
  public var passportFileKey: String?
  /// The ETags of those objects as analysed: every later read asks for exactly them, so an image
  /// replaced after its check is refused rather than matched against or shown to the admin.
  public var avatarETag: String?
  public var passportETag: String?
  /// A card's other side, when one was uploaded with the document (`backFileKey`), and its ETag.
  public var passportBackFileKey: String?
  public var passportBackETag: String?
  /// The versions of those objects as analysed, in the versioned bucket: what every later read
  /// names, so the evidence is the image that was checked even if its key is written again.
  public var avatarVersionId: String?
  public var passportVersionId: String?
  public var passportBackVersionId: String?
  /// Corrections made so far (`Lifecycle.maxCorrections` at most).
  public var corrections: Int?
  /// Where the verified avatar's face is, for the face comparison of the passport step.
  public var avatarFace: FaceRegion?
  /// Where the portrait's face is on the passport page, for the admin's review.
  public var passportPortrait: FaceRegion?
  /// The risk-signal index entries written for this verification, so erasure can remove them
  /// (the data they were computed from is gone by then).
  public var signalIndex: [SignalIndexEntry]?
  /// The capture page's current session (an addition): the hash of its token and its expiry.
  /// A newer session replaces it; it stops working when the verification leaves the capture
  /// states, and is dropped then.
  public var captureSession: CaptureGrant?
  /// How each image that passed its step was taken, when its upload said so.
  public var avatarCaptureMethod: CaptureMethod?
  public var passportCaptureMethod: CaptureMethod?
  public var passportBackCaptureMethod: CaptureMethod?
  /// The Active Authentication challenge given to the app (an addition), until it is used or expires.
  public var chipChallenge: ChipChallenge?
  /// Chip uploads checked so far (`ChipAccess`).
  public var chipAttempts: Int?

  public init(verification: Verification, avatarAttempts: Int = 0, passportAttempts: Int = 0, version: Int = 0) {
    self.verification = verification
    self.avatarAttempts = avatarAttempts
    self.passportAttempts = passportAttempts
    self.version = version
  }

  /// The record's version as a strong entity tag: what a reader saw, for a later write to
  /// name (`If-Match`) so it is not made on data that has changed since.
  public var etag: String { "\"\(version)\"" }

  public var avatarPin: ImagePin { ImagePin(etag: avatarETag, versionId: avatarVersionId) }
  public var passportPin: ImagePin { ImagePin(etag: passportETag, versionId: passportVersionId) }
  public var passportBackPin: ImagePin { ImagePin(etag: passportBackETag, versionId: passportBackVersionId) }

  /// The images that passed their steps, as analysed: the evidence an approval rests on.
  public var analysedImages: [(role: String, fileKey: String, pin: ImagePin)] {
    [
      avatarFileKey.map { ("selfie", $0, avatarPin) }, passportFileKey.map { ("document", $0, passportPin) },
      passportBackFileKey.map { ("document's other side", $0, passportBackPin) },
    ].compactMap { $0 }
  }

  public var id: String { verification.id }
  public var coachId: String { verification.coachId }
  public var isActive: Bool { verification.status.isActive }
}

/// What pins an image as analysed: its ETag and, in a versioned bucket, its version.
public struct ImagePin: Sendable, Equatable {
  public var etag: String?
  public var versionId: String?

  public init(etag: String?, versionId: String?) {
    self.etag = etag
    self.versionId = versionId
  }
}

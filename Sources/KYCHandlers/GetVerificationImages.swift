import KYCModel
import KYCRules
import KYCRuntime

/// `GET /verifications/{verificationId}/images` (an addition to the LE-KO spec): short-lived
/// presigned links to the verified avatar and the passport page, for the admin who reviews.
/// Admins only. A missing object, or one replaced since its check (its ETag differs from the one
/// analysed), is reported per image and never linked, not as a failure of the call. Each
/// call leaves an audit line: which admin viewed which verification (never keys or URLs).
public enum GetVerificationImages: Operation {
  public static let operationId = "getVerificationImages"
  public static let routeKey = "GET /verifications/{verificationId}/images"

  public static func handle(_ request: Request, services: Services) throws(APIError) -> FunctionResponse {
    let id = try request.pathId()
    guard request.caller.isAdmin else { throw .forbidden("only admins may view verification images") }
    let record = try services.readableRecord(id, caller: request.caller)
    let ttl = services.configuration.imageURLTTL
    let avatar = try link(
      record.avatarFileKey, etag: record.avatarETag, face: record.avatarFace, ttl: ttl, services: services,
      request: request)
    // The portrait is on the side it was found on: a card's front may be either image.
    let portrait = record.passportPortrait
    let onBack = portrait?.onBack == true
    let passport = try link(
      record.passportFileKey, etag: record.passportETag, face: onBack ? nil : portrait, ttl: ttl, services: services,
      request: request)
    let back = try record.passportBackFileKey.map { (key) throws(APIError) in
      try link(
        key, etag: record.passportBackETag, face: onBack ? portrait : nil, ttl: ttl, services: services,
        request: request)
    }
    request.logger.info(
      "verification images viewed",
      ["audit": .bool(true), "adminId": .string(request.caller.userId), "verificationId": .string(id)])
    let expires = services.clock().addingTimeInterval(Double(ttl))
    return .json(
      200,
      VerificationImages(
        verificationId: id, expiresAt: Timestamp.string(from: expires), avatar: avatar, passport: passport,
        passportBack: back, attempts: UploadAttempts(avatar: record.avatarAttempts, passport: record.passportAttempts)))
  }

  static func link(
    _ key: String?, etag: String?, face: FaceRegion?, ttl: Int, services: Services, request: Request
  ) throws(APIError) -> ImageLink {
    guard let key else { return ImageLink(state: .notUploaded) }
    let url: String
    switch try services.images.presignedURL(fileKey: key, etag: etag, expires: ttl, logger: request.logger) {
    case .gone: return ImageLink(state: .missing)
    case .changed: return ImageLink(state: .changed)
    case .url(let link): url = link
    }
    return ImageLink(
      state: .available, url: url, width: face?.imageWidth, height: face?.imageHeight,
      quarterTurns: face.map { $0.quarterTurns ?? 0 },
      face: face.map { ImageFaceBox(left: $0.left, top: $0.top, right: $0.right, bottom: $0.bottom) })
  }
}

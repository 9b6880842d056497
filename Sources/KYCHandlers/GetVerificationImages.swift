import CivilTime
import KYCModel
import KYCRules
import KYCRuntime

/// `GET /verifications/{verificationId}/images` (an addition to the LE-KO spec): short-lived
/// presigned links to the verified avatar and the passport page, for the admin who reviews.
/// Admins only. Links name the version analysed, so they show the evidence as checked; an image
/// whose key was written again since is `changed` (linked to the analysed version), one that is
/// gone `missing` — per image, not as a failure of the call. Each
/// call leaves an audit line: which admin viewed which verification (never keys or URLs).
public enum GetVerificationImages: Operation {
  public static let operationId = "getVerificationImages"
  public static let routeKey = "GET /verifications/{verificationId}/images"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    guard request.caller.isAdmin else { throw APIError.forbidden("only admins may view verification images") }
    let record = try services.readableRecord(id, caller: request.caller)
    let ttl = services.configuration.imageURLTTL
    var avatar = try link(
      record.avatarFileKey, pin: record.avatarPin, face: record.avatarFace, ttl: ttl, services: services,
      request: request)
    // The portrait is on the side it was found on: a card's front may be either image.
    let portrait = record.passportPortrait
    let onBack = portrait?.onBack == true
    var passport = try link(
      record.passportFileKey, pin: record.passportPin, face: onBack ? nil : portrait, ttl: ttl, services: services,
      request: request)
    var back = try record.passportBackFileKey.map { (key) throws in
      try link(
        key, pin: record.passportBackPin, face: onBack ? portrait : nil, ttl: ttl, services: services,
        request: request)
    }
    // How each was taken (an addition), when its upload said so.
    avatar.captureMethod = record.avatarFileKey == nil ? nil : record.avatarCaptureMethod
    passport.captureMethod = record.passportFileKey == nil ? nil : record.passportCaptureMethod
    back?.captureMethod = record.passportBackCaptureMethod
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
    _ key: String?, pin: ImagePin, face: FaceRegion?, ttl: Int, services: Services, request: Request
  ) throws -> ImageLink {
    guard let key else { return ImageLink(state: .notUploaded) }
    let state: ImageLink.State
    let url: String?
    switch try services.images.presignedURL(fileKey: key, pin: pin, expires: ttl, logger: request.logger) {
    case .gone: return ImageLink(state: .missing)
    case .changed(let analysed): (state, url) = (.changed, analysed)
    case .url(let link): (state, url) = (.available, link)
    }
    // A replaced image is still shown as it was analysed, when the bucket keeps that version.
    guard url != nil else { return ImageLink(state: state) }
    return ImageLink(
      state: state, url: url, width: face?.imageWidth, height: face?.imageHeight,
      quarterTurns: face.map { $0.quarterTurns ?? 0 },
      face: face.map { ImageFaceBox(left: $0.left, top: $0.top, right: $0.right, bottom: $0.bottom) })
  }
}

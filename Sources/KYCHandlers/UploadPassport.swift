import KYCModel
import KYCRules
import KYCRuntime

/// `POST /verifications/{verificationId}/passport`: reads the passport and compares its photo
/// with the avatar in the same call.
public enum UploadPassport: Operation {
  public static let operationId = "uploadPassport"
  public static let routeKey = "POST /verifications/{verificationId}/passport"

  public static func handle(_ request: Request, services: Services) throws(APIError) -> FunctionResponse {
    let id = try request.pathId()
    let body = try request.body(FileKeyRequest.self, today: services.today)
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    try services.lifecycle.checkPassportUpload(record)
    let image = try services.images.fetch(fileKey: body.fileKey, logger: request.logger)
    // The avatar passed its step, so its key is on record; matching compares against it.
    let avatar = try record.avatarFileKey.map { key throws(APIError) in
      AvatarImage(bytes: try services.images.fetch(fileKey: key, logger: request.logger), face: record.avatarFace)
    }
    let (outcome, match) = try services.analysis.analyzePassport(image, avatar: avatar, today: services.today)
    let next = try services.lifecycle.recordPassport(
      record, outcome, match: match, fileKey: body.fileKey, now: services.clock())
    let saved = try services.save(next)
    request.logger.info(
      "passport analysed", ["verificationId": .string(id), "status": .string(saved.verification.status.rawValue)])
    return .json(200, saved.verification)
  }
}

import KYCModel
import KYCRules
import KYCRuntime

/// `POST /verifications/{verificationId}/passport`: reads the passport (or identity card, with
/// `backFileKey` for its other side) and compares its portrait with the avatar in the same call.
public enum UploadPassport: Operation {
  public static let operationId = "uploadPassport"
  public static let routeKey = "POST /verifications/{verificationId}/passport"

  public static func handle(_ request: Request, services: Services) throws(APIError) -> FunctionResponse {
    let id = try request.pathId()
    let body = try request.body(PassportUploadRequest.self, today: services.today)
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    try rule { () throws(LifecycleError) in try services.lifecycle.checkPassportUpload(record) }
    try validated { () throws(ValidationError) in
      try FileKey.checkBelongs(body.fileKey, to: id)
      if let back = body.backFileKey { try FileKey.checkBelongs(back, to: id) }
    }
    let image = try services.images.fetch(fileKey: body.fileKey, etag: nil, logger: request.logger)
    let back = try body.backFileKey.map { (key) throws(APIError) in
      (key, try services.images.fetch(fileKey: key, etag: nil, logger: request.logger))
    }
    // The avatar passed its step, so its key and ETag are on record; matching compares against
    // exactly that image. If it is gone (a bucket lifecycle rule, say) or was replaced since its
    // check, the passport is still read and the comparison is recorded as failed, for the admin
    // to see — the coach's upload is not refused for it, and a replaced selfie is never matched.
    var avatar: AvatarImage?
    if let key = record.avatarFileKey {
      do {
        let stored = try services.images.fetch(fileKey: key, etag: record.avatarETag, logger: request.logger)
        avatar = AvatarImage(bytes: stored.bytes, face: record.avatarFace)
      } catch {
        request.logger.warning("avatar image unavailable for matching", ["status": .number(Double(error.status))])
      }
    }
    let (outcome, match) = try analysed { () throws(AnalysisError) in
      try services.analysis.analyzePassport(image.bytes, back: back?.1.bytes, avatar: avatar, today: services.today)
    }
    let now = services.clock()
    var next = try rule { () throws(LifecycleError) in
      try services.lifecycle.recordPassport(
        record, outcome, match: match, fileKey: body.fileKey, etag: image.etag,
        back: back.map { ($0.0, $0.1.etag) }, now: now)
    }
    let risk = try services.riskScreen(request.logger).passport(
      next, outcome: outcome, match: match, today: services.today, at: Timestamp.string(from: now))
    next.verification.riskSignals = (next.verification.riskSignals ?? []) + risk.signals
    let saved = try services.save(next, from: record, by: request.caller.actor, index: risk.index)
    request.logger.info(
      "passport analysed", ["verificationId": .string(id), "status": .string(saved.verification.status.rawValue)])
    return .json(200, request.caller.view(saved))
  }
}

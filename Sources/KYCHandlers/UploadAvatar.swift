import KYCModel
import KYCRules
import KYCRuntime

/// `POST /verifications/{verificationId}/avatar`: checks that the uploaded selfie shows a face.
public enum UploadAvatar: Operation {
  public static let operationId = "uploadAvatar"
  public static let routeKey = "POST /verifications/{verificationId}/avatar"

  public static func handle(_ request: Request, services: Services) throws(APIError) -> FunctionResponse {
    let id = try request.pathId()
    let body = try request.body(FileKeyRequest.self, today: services.today)
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    // Refuse before the expensive analysis when the state already forbids the upload.
    try rule { () throws(LifecycleError) in try services.lifecycle.checkAvatarUpload(record) }
    try validated { () throws(ValidationError) in try FileKey.checkBelongs(body.fileKey, to: id) }
    let image = try services.images.fetch(fileKey: body.fileKey, etag: nil, logger: request.logger)
    let (outcome, findings) = try analysed { () throws(AnalysisError) in
      try services.analysis.analyzeAvatar(image.bytes, today: services.today)
    }
    let now = services.clock()
    var next = try rule { () throws(LifecycleError) in
      try services.lifecycle.recordAvatar(
        record, outcome, fileKey: body.fileKey, etag: image.etag, now: now)
    }
    var risk = RiskScreen.Findings()
    if case .human = outcome {
      risk = try services.riskScreen(request.logger).avatar(next, findings: findings, at: Timestamp.string(from: now))
      next.verification.riskSignals = (next.verification.riskSignals ?? []) + risk.signals
    }
    let saved = try services.save(next, from: record, by: request.caller.actor, index: risk.index)
    request.logger.info(
      "avatar analysed",
      [
        "verificationId": .string(id), "isHuman": .bool(saved.verification.avatarVerification?.isHuman == true),
        "status": .string(saved.verification.status.rawValue),
      ])
    return .json(200, request.caller.view(saved))
  }
}

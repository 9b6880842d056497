import CivilTime
import KYCModel
import KYCRules
import KYCRuntime

/// `POST /verifications/{verificationId}/avatar`: checks that the uploaded selfie shows a face.
public enum UploadAvatar: Operation {
  public static let operationId = "uploadAvatar"
  public static let routeKey = "POST /verifications/{verificationId}/avatar"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let body = try request.body(FileKeyRequest.self, today: services.today)
    // Refuse before the expensive analysis when the state already forbids the upload.
    _ = try checkedRecord(id, request: request, services: services)
    try FileKey.checkBelongs(body.fileKey, to: id)
    let gate = AnalysisGate(services: services, logger: request.logger)
    return try gate.exclusively(id) { () throws -> FunctionResponse in
      let record = try checkedRecord(id, request: request, services: services)
      try gate.checkUnusableImages(record)
      let image = try services.images.fetch(fileKey: body.fileKey, pin: nil, logger: request.logger)
      let (outcome, findings) = try gate.analyse(record) { () throws(AnalysisError) in
        try services.analysis.analyzeAvatar(image.bytes, today: services.today)
      }
      let now = services.clock()
      var next = try services.lifecycle.recordAvatar(record, outcome, fileKey: body.fileKey, pin: image.pin, now: now)
      if next.avatarFileKey == body.fileKey { next.avatarCaptureMethod = body.captureMethod }
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

  /// The verification as it stands, if its coach may upload a selfie to it now.
  static func checkedRecord(_ id: String, request: Request, services: Services) throws -> VerificationRecord {
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    try services.lifecycle.checkAvatarUpload(record)
    return record
  }
}

import CivilTime
import KYCModel
import KYCRules
import KYCRuntime

/// `POST /verifications/{verificationId}/passport`: reads the passport (or identity card, with
/// `backFileKey` for its other side) and compares its portrait with the avatar in the same call.
public enum UploadPassport: Operation {
  public static let operationId = "uploadPassport"
  public static let routeKey = "POST /verifications/{verificationId}/passport"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let body = try request.body(PassportUploadRequest.self, today: services.today)
    // Refuse before the expensive analysis when the state already forbids the upload.
    _ = try checkedRecord(id, request: request, services: services)
    try FileKey.checkBelongs(body.fileKey, to: id)
    if let back = body.backFileKey { try FileKey.checkBelongs(back, to: id) }
    let gate = AnalysisGate(services: services, logger: request.logger)
    return try gate.exclusively(id) { () throws -> FunctionResponse in
      let record = try checkedRecord(id, request: request, services: services)
      try gate.checkUnusableImages(record)
      return try analyse(record, body, gate: gate, request: request, services: services)
    }
  }

  /// The verification as it stands, if its coach may upload a document to it now.
  static func checkedRecord(_ id: String, request: Request, services: Services) throws -> VerificationRecord {
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    try services.lifecycle.checkPassportUpload(record)
    return record
  }

  static func analyse(
    _ record: VerificationRecord, _ body: PassportUploadRequest, gate: AnalysisGate, request: Request,
    services: Services
  ) throws -> FunctionResponse {
    let image = try services.images.fetch(fileKey: body.fileKey, pin: nil, logger: request.logger)
    let back = try body.backFileKey.map { (key) throws in
      (key, try services.images.fetch(fileKey: key, pin: nil, logger: request.logger))
    }
    // The avatar passed its step, so its key, ETag and version are on record; matching compares
    // against exactly that version, even if the key was written again since. If it is gone (erased
    // by hand, say), the passport is still read and the comparison is recorded as failed, for the
    // admin to see — the coach's upload is not refused for it, and another selfie is never matched.
    var avatar: AvatarImage?
    if let key = record.avatarFileKey {
      do {
        let stored = try services.images.fetch(fileKey: key, pin: record.avatarPin, logger: request.logger)
        avatar = AvatarImage(bytes: stored.bytes, face: record.avatarFace)
      } catch {
        request.logger.warning("avatar image unavailable for matching", ["status": .number(Double(error.status))])
      }
    }
    let (outcome, match) = try gate.analyse(record) { () throws(AnalysisError) in
      try services.analysis.analyzePassport(image.bytes, back: back?.1.bytes, avatar: avatar, today: services.today)
    }
    if case .otherSide = outcome {
      // Counts no attempt, so it counts toward the cap on images that could not be analysed.
      try gate.countUnusable(record)
    }
    let now = services.clock()
    var next = try services.lifecycle.recordPassport(
      record, outcome, match: match, fileKey: body.fileKey, pin: image.pin,
      back: back.map { ($0.0, $0.1.pin) }, now: now)
    if next.passportFileKey == body.fileKey {
      next.passportCaptureMethod = body.captureMethod
      next.passportBackCaptureMethod = body.backFileKey == nil ? nil : body.captureMethod
    }
    let risk = try services.riskScreen(request.logger).passport(
      next, outcome: outcome, match: match, today: services.today, at: Timestamp.string(from: now))
    next.verification.riskSignals = (next.verification.riskSignals ?? []) + risk.signals
    let saved = try services.save(next, from: record, by: request.caller.actor, index: risk.index)
    request.logger.info(
      "passport analysed", ["verificationId": .string(saved.id), "status": .string(saved.verification.status.rawValue)])
    return .json(200, request.caller.view(saved))
  }
}

import CivilTime
import KYCModel
import KYCRules
import KYCRuntime

/// `PUT /verifications/{verificationId}`: the coach corrects the passport data read by OCR.
/// The OCR result stays on record; the correction is kept beside it. A correction that changes
/// what the risk checks look at (number, state, birth date) is screened again — duplicate
/// document, under age, and a changed field the MRZ's check digits protected — and its signals
/// join the record (and its history) in the same write.
public enum UpdatePassportData: Operation {
  public static let operationId = "updatePassportData"
  public static let routeKey = "PUT /verifications/{verificationId}"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let data = try request.body(PassportData.self, today: services.today).normalized
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    let now = services.clock()
    var next = try services.lifecycle.correctPassportData(record, data, now: now)
    let risk = try services.riskScreen(request.logger).correction(
      next, corrected: data, today: services.today, at: Timestamp.string(from: now))
    next.verification.riskSignals = (next.verification.riskSignals ?? []) + risk.signals
    _ = try services.save(next, from: record, by: request.caller.actor, index: risk.index)
    request.logger.info("passport data corrected", ["verificationId": .string(id)])
    return .noContent()
  }
}

import KYCModel
import KYCRuntime

/// `PUT /verifications/{verificationId}`: the coach corrects the passport data read by OCR.
/// The OCR result stays on record; the correction is kept beside it.
public enum UpdatePassportData: Operation {
  public static let operationId = "updatePassportData"
  public static let routeKey = "PUT /verifications/{verificationId}"

  public static func handle(_ request: Request, services: Services) throws(APIError) -> FunctionResponse {
    let id = try request.pathId()
    let data = try request.body(PassportData.self, today: services.today)
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    let next = try services.lifecycle.correctPassportData(record, data, now: services.clock())
    _ = try services.save(next, from: record, by: request.caller.actor)
    request.logger.info("passport data corrected", ["verificationId": .string(id)])
    return .noContent()
  }
}

import CivilTime
import KYCModel
import KYCRules
import KYCRuntime

/// `POST /verifications/{verificationId}/uploads` (an addition to the LE-KO spec): a presigned
/// POST for one new image of the verification, under its prefix, so a coach's app uploads
/// straight to the bucket and the upload operations accept only what belongs there. The owning
/// coach only (another coach gets 404, as for reads; an admin 403); not for a step already passed.
public enum CreateUploadSlot: Operation {
  public static let operationId = "createUploadSlot"
  public static let routeKey = "POST /verifications/{verificationId}/uploads"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let body = try request.body(UploadSlotRequest.self, today: services.today)
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    try services.lifecycle.checkUploadSlot(record, purpose: body.purpose)
    let key = FileKey.slot(id, purpose: body.purpose.rawValue, uuid: services.newId())
    let ttl = services.configuration.uploadURLTTL
    let slot = try services.images.uploadSlot(fileKey: key, expires: ttl)
    request.logger.info(
      "upload slot issued", ["verificationId": .string(id), "purpose": .string(body.purpose.rawValue)])
    return .json(
      201,
      UploadSlot(
        fileKey: key, url: slot.url, fields: Dictionary(slot.fields, uniquingKeysWith: { first, _ in first }),
        expiresAt: Timestamp.string(from: services.clock().addingTimeInterval(Double(ttl))),
        maxBytes: services.configuration.maxImageBytes))
  }
}

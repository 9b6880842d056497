import CivilTime
import KYCModel
import KYCRules
import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `POST /verifications/{verificationId}/chip/nonce` (an addition to the LE-KO spec): eight random
/// bytes for the app to have the chip sign (Active Authentication), bound to this verification,
/// accepted once by `verifyChip` within `ChipAccess.nonceSeconds`. A new nonce replaces the last.
public enum CreateChipNonce: Operation {
  public static let operationId = "createChipNonce"
  public static let routeKey = "POST /verifications/{verificationId}/chip/nonce"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    var generator = SystemRandomNumberGenerator()
    let nonce = Data((0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    let expires = services.clock().addingTimeInterval(Double(ChipAccess.nonceSeconds))
    let next = try ChipAccess.grant(
      record, nonce: nonce, expiresAtSeconds: Int(expires.timeIntervalSince1970),
      maxAttempts: services.configuration.maxAttempts)
    _ = try services.save(next, from: record, by: request.caller.actor)
    request.logger.info("chip nonce issued", ["verificationId": .string(id)])
    return .json(201, ChipNonce(nonce: nonce, expiresAt: Timestamp.string(from: expires)))
  }
}

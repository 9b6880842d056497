import CivilTime
import KYCModel
import KYCRuntime
import KYCStore

/// `POST /events/{eventId}/replay` (an addition to the LE-KO spec): a dead letter goes back to
/// the outbox, due now, its attempts counted afresh. Only a dead letter replays (else 404).
public enum ReplayEvent: Operation {
  public static let operationId = "replayEvent"
  public static let routeKey = "POST /events/{eventId}/replay"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId("eventId")
    guard request.caller.isAdmin else { throw APIError.forbidden("only admins may replay events") }
    let now = Timestamp.string(from: services.clock())
    let replayed = try services.store.replayDeadLetter(id: id, at: now)
    guard let replayed else { throw APIError.notFound("no dead letter with this id") }
    request.logger.info(
      "dead letter replayed", ["audit": .bool(true), "adminId": .string(request.caller.userId), "eventId": .string(id)])
    return .json(202, replayed.deadLetter)
  }
}

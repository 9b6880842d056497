import KYCModel
import KYCRuntime
import KYCStore

/// `GET /events/dead-letters` (an addition to the LE-KO spec): the events whose delivery to the
/// webhook was given up after `KYC_WEBHOOK_MAX_ATTEMPTS`, for an admin to look at and replay.
public enum ListDeadLetters: Operation {
  public static let operationId = "listDeadLetters"
  public static let routeKey = "GET /events/dead-letters"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    guard request.caller.isAdmin else { throw APIError.forbidden("only admins may see dead letters") }
    let limit = try request.queryInteger("limit", default: 100, range: 1...1000)
    let letters = try services.store.deadLetters(limit: limit)
    return .json(200, DeadLettersPage(data: letters.map(\.deadLetter)))
  }
}

extension OutboxEvent {
  var deadLetter: DeadLetter {
    DeadLetter(event: event, attempts: attempts, lastError: lastError, state: state.rawValue)
  }
}

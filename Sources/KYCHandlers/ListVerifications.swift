import KYCModel
import KYCRuntime

/// `GET /verifications`: a page of verifications, newest first. Coaches see their own; admins
/// see all, optionally filtered by `coachId`. `status` (an addition to the spec) narrows either
/// to one status: the admin's review queue is `status=admin_review_required`.
public enum ListVerifications: Operation {
  public static let operationId = "listVerifications"
  public static let routeKey = "GET /verifications"
  /// Keeps `number × limit` far from overflow and SQLite's OFFSET range.
  static let maxPageNumber = 1_000_000

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let number = try request.queryInteger("number", default: 0, range: 0...maxPageNumber)
    let limit = try request.queryInteger("limit", default: 10, range: 1...100)
    var coachId: String?
    if let text = request.event.queryStringParameters?["coachId"] {
      guard let id = Identifier.canonicalUUID(text) else {
        throw APIError.validation("query parameter 'coachId' must be a UUID")
      }
      coachId = id
    }
    var status: Status?
    if let text = request.event.queryStringParameters?["status"] {
      guard let value = Status(rawValue: text) else {
        throw APIError.validation(
          "query parameter 'status' must be one of: \(Status.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      status = value
    }
    let caller = request.caller
    if !caller.isAdmin {
      if let coachId, coachId != caller.userId {
        throw APIError.forbidden("coaches may list only their own verifications")
      }
      coachId = caller.userId
    }
    let page = try services.list(coachId: coachId, status: status, offset: number * limit, limit: limit)
    return .json(
      200,
      VerificationsPage(
        data: page.records.map { caller.view($0) }, page: number, limit: limit, total: page.total))
  }
}

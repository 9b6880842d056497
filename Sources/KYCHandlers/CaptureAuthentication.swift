import KYCModel
import KYCRules
import KYCRuntime
import KYCStore

/// The capture routes' caller: the coach who owns the verification in the path, when the request
/// carries that verification's live capture token. Anything else is refused the same way for every
/// capture route, by the authorizer and by the function alike.
public enum CaptureAuthentication {
  /// The verification the token opens; a refusal is a `CaptureRefusal` (401 or 403).
  public static func record(_ event: HTTPEvent, services: Services) throws -> VerificationRecord {
    let token = try CaptureAccess.token(fromAuthorization: event.header("authorization"))
    guard let text = event.pathParameters?["verificationId"], let id = Identifier.canonicalUUID(text) else {
      throw CaptureRefusal.unknownToken
    }
    // An unknown verification reads like a wrong token: a token says nothing of other ids.
    guard let record = try services.store.fetch(id: id) else {
      throw CaptureRefusal.unknownToken
    }
    let now = Int(services.clock().timeIntervalSince1970)
    try CaptureAccess.check(record, tokenHash: CaptureToken.hash(token), nowSeconds: now)
    return record
  }

  /// The coach the authorizer's context names, when it vouched for this path's verification: for
  /// a function that holds no right to check the token itself (`checkCaptureFrame`). Without the
  /// context (a direct invocation) 401.
  static func authorizedCaller(_ event: HTTPEvent) throws -> Caller {
    guard let context = event.requestContext?.authorizer?.lambda,
      let verification = context["verificationId"]?.stringValue, let coach = context["coachId"]?.stringValue,
      let path = event.pathParameters?["verificationId"], Identifier.canonicalUUID(path) == verification
    else { throw CaptureRefusal.unknownToken }
    return Caller(userId: coach, isAdmin: false)
  }

  /// The owning coach, as the operations' checks know callers.
  static func caller(_ event: HTTPEvent, services: Services) throws -> Caller {
    let record = try record(event, services: services)
    return Caller(userId: record.coachId, isAdmin: false)
  }
}

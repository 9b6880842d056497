import KYCJSON
import KYCModel
import KYCRules
import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The authenticated user behind a request, derived as the README's "Identity and errors" says:
/// verified claims from the authorizer, a `sub` that equals `x-current-user-id`, admin by group
/// claim.
public struct Caller: Sendable, Equatable {
  public let userId: String
  public let isAdmin: Bool

  public init(userId: String, isAdmin: Bool) {
    self.userId = userId
    self.isAdmin = isAdmin
  }

  public init(event: HTTPEvent, adminGroup: String) throws(APIError) {
    guard let claims = event.claims, let subject = claims["sub"]?.stringValue, !subject.isEmpty else {
      throw .unauthorized("request carries no verified identity")
    }
    guard let header = event.header("x-current-user-id") else {
      throw .validation("header 'x-current-user-id' is required")
    }
    guard let userId = Identifier.canonicalUUID(header) else {
      throw .validation("header 'x-current-user-id' must be a UUID")
    }
    guard Identifier.canonicalUUID(subject) == userId else {
      throw .forbidden("'x-current-user-id' does not match the authenticated user")
    }
    self.userId = userId
    self.isAdmin = Self.groups(claims["cognito:groups"]).contains(adminGroup)
  }

  /// Group claims arrive as a JSON array, or — through API Gateway — as Cognito's bracketed list,
  /// one string such as `"[kyc-admin staff]"` (names split on spaces; a group name holds none).
  /// Nothing else is parsed: a plain string is never split on commas, so a group named
  /// `staff,kyc-admin` grants nothing.
  static func groups(_ claim: JSONValue?) -> [String] {
    switch claim {
    case .array(let values):
      return values.compactMap(\.stringValue)
    case .string(let text) where text.hasPrefix("[") && text.hasSuffix("]"):
      if let values = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) { return values }
      return text.dropFirst().dropLast().split(separator: " ").map(String.init)
    default:
      return []
    }
  }

  /// A coach sees only their own verifications; another's id answers 404 so ids do not leak.
  public func checkCanRead(_ coachId: String) throws(APIError) {
    guard isAdmin || coachId == userId else { throw .notFound("verification not found") }
  }

  /// Changes are the owning coach's. An admin may already see the record, so 403 leaks nothing.
  public func checkCanChange(_ coachId: String) throws(APIError) {
    try checkCanRead(coachId)
    guard coachId == userId else { throw .forbidden("only the coach who owns a verification may change it") }
  }
}

extension Caller {
  /// A verification as this caller may see it: risk signals and history are for the admins.
  public func view(_ verification: Verification) -> Verification {
    isAdmin ? verification : verification.coachView
  }

  /// A stored record as this caller may see it, with the version it was read at.
  public func view(_ record: VerificationRecord) -> Verification {
    var shown = view(record.verification)
    shown.etag = record.etag
    return shown
  }

  /// Who makes a change, for the audit history.
  public var actor: HistoryEntry.Actor {
    HistoryEntry.Actor(type: isAdmin ? .admin : .coach, id: userId)
  }
}

/// How an operation's caller is authenticated.
public enum OperationAuthentication: String, Sendable {
  /// Verified JWT claims (API Gateway's JWT authorizer, or `kyc-local`'s), `sub` equal to
  /// `x-current-user-id`.
  case jwt
  /// `Authorization: Capture <token>`: a capture session's token, for its own verification only
  /// (the `authorizeCapture` Lambda authorizer in AWS, `kyc-local`'s run of it locally, and the
  /// function's own check of the same rule).
  case capture
  /// The capture token as the `authorizeCapture` authorizer vouched for it (its context in the
  /// event), for a function that holds no right to read the store and check the token itself.
  case captureAuthorizer
}

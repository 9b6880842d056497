import Foundation
import JWTKit
import KYCJSON
import KYCModel
import Synchronization

/// The claims a development token carries, as API Gateway's JWT authorizer checks them.
struct LocalClaims: JWTPayload {
  var sub: SubjectClaim
  var iss: IssuerClaim
  var aud: AudienceClaim
  var exp: ExpirationClaim
  var iat: IssuedAtClaim?
  var groups: [String]?

  enum CodingKeys: String, CodingKey {
    case sub, iss, aud, exp, iat
    case groups = "cognito:groups"
  }

  func verify(using algorithm: some JWTAlgorithm) async throws {
    try exp.verifyNotExpired()
  }
}

/// Verifies `Authorization: Bearer` tokens like API Gateway's JWT authorizer — signature
/// (HS256 with a local secret, or RS256 keys from a JWKS file), expiry, issuer, audience — and
/// turns the claims into the strings API Gateway passes in `requestContext.authorizer.jwt.claims`.
final class LocalAuthorizer: Sendable {
  let keys: JWTKeyCollection
  let issuer: String
  let audience: String

  init(secret: String, jwksJSON: String?, issuer: String, audience: String) throws {
    let keys = JWTKeyCollection()
    if let jwksJSON {
      _ = try Blocking.run { try await keys.add(jwksJSON: jwksJSON) }
    } else {
      _ = Blocking.run { await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256) }
    }
    self.keys = keys
    self.issuer = issuer
    self.audience = audience
  }

  /// The claims of a valid token, as API Gateway forwards them; `nil` when the token is missing
  /// or fails any check.
  func claims(authorization: String?) -> [String: JSONValue]? {
    guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return nil }
    let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    guard let verified = try? Blocking.run({ try await self.keys.verify(token, as: LocalClaims.self) }),
      verified.iss.value == issuer, verified.aud.value.contains(audience)
    else { return nil }
    return Self.gatewayClaims(token)
  }

  /// Every claim of the (verified) token as a string; arrays as API Gateway writes them,
  /// `"[kyc-admin staff]"`.
  static func gatewayClaims(_ token: String) -> [String: JSONValue]? {
    let parts = token.split(separator: ".")
    guard parts.count == 3, let payload = Data(base64URL: String(parts[1])),
      case .object(let claims)? = try? JSONDecoder().decode(JSONValue.self, from: payload)
    else { return nil }
    return claims.mapValues { value in
      switch value {
      case .string: return value
      case .number(let number): return .string(number.rounded() == number ? String(Int(number)) : String(number))
      case .bool(let flag): return .string(String(flag))
      case .array(let items): return .string("[" + items.compactMap(\.stringValue).joined(separator: " ") + "]")
      default: return .string("")
      }
    }
  }

  func token(sub: String, admin: Bool, expiresIn: TimeInterval, adminGroup: String) throws -> String {
    let claims = LocalClaims(
      sub: SubjectClaim(value: sub), iss: IssuerClaim(value: issuer), aud: AudienceClaim(value: [audience]),
      exp: ExpirationClaim(value: Date().addingTimeInterval(expiresIn)), iat: IssuedAtClaim(value: Date()),
      groups: admin ? [adminGroup] : nil)
    return try Blocking.run { try await self.keys.sign(claims) }
  }
}

/// Runs async work from the server's plain threads and waits for it.
enum Blocking {
  static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
      let result: Result<T, any Error>
      do { result = .success(try await body()) } catch { result = .failure(error) }
      box.withLock { $0 = result }
      done.signal()
    }
    done.wait()
    return try box.withLock { $0! }.get()
  }

  static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    // swift-format-ignore: NeverForceUnwrap
    try! run { () async throws -> T in await body() }
  }
}

extension Data {
  init?(base64URL text: String) {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    self.init(base64Encoded: base64)
  }
}

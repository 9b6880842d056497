import Foundation
import KYCJSON
import KYCModel

/// The console's development sign-in, which only kyc-local offers: `POST /console/dev-sign-in`
/// answers an admin token for a fixed development admin, like `kyc-local token --admin`. A page
/// of another site may post here but never reads the answer (no CORS); fetch metadata turns
/// such requests away before a token is made. A page served under another name that resolves to
/// 127.0.0.1 (DNS rebinding) would be same-origin to itself: the `Host` and any `Origin` must
/// name the loopback interface.
struct DevelopmentSignIn: Sendable {
  static let path = "/console/dev-sign-in"
  static let lifetimeSeconds = 3600.0

  let authorizer: LocalAuthorizer
  let adminSub: String
  let adminGroup: String

  func respond(_ request: HTTPServer.Request) -> HTTPServer.Response {
    guard request.method == "POST" else { return .json(405, #"{"message":"Method Not Allowed"}"#) }
    let site = request.headers.first { $0.name == "sec-fetch-site" }?.value
    guard site == nil || site == "same-origin" || site == "none" else {
      return .json(403, #"{"message":"Forbidden"}"#)
    }
    let host = request.headers.first { $0.name == "host" }?.value ?? ""
    let origin = request.headers.first { $0.name == "origin" }?.value
    guard Self.isLoopback(host: host), origin.map(Self.isLoopback(origin:)) ?? true else {
      return .json(403, #"{"message":"Forbidden"}"#)
    }
    guard
      let token = try? authorizer.token(
        sub: adminSub, admin: true, expiresIn: Self.lifetimeSeconds, adminGroup: adminGroup)
    else { return .json(500, #"{"message":"Internal Server Error"}"#) }
    let body: [String: JSONValue] = [
      "token": .string(token), "sub": .string(adminSub), "expiresIn": .number(Self.lifetimeSeconds),
    ]
    let encoder = JSONCoding.encoder()
    var response = HTTPServer.Response.json(200, String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self))
    response.headers.append(("cache-control", "no-store"))
    return response
  }

  /// `127.0.0.1`, `localhost` or `[::1]`, with or without a port.
  static func isLoopback(host: String) -> Bool {
    var name = Substring(host.lowercased())
    if name.hasPrefix("[") {
      name = name.prefix { $0 != "]" }.dropFirst()
    } else if let colon = name.lastIndex(of: ":") {
      name = name[..<colon]
    }
    return name == "127.0.0.1" || name == "localhost" || name == "::1"
  }

  static func isLoopback(origin: String) -> Bool {
    guard let range = origin.range(of: "://") else { return false }
    return isLoopback(host: String(origin[range.upperBound...]))
  }
}

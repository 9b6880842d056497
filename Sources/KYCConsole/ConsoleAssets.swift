import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `GET /console/{proxy+}`: the review console's static files, and `config.json` describing the
/// deployment to the page. No authorizer: the page holds no data, its API calls carry the JWT.
/// Served from the API's own origin so the page needs no CORS.
public struct ConsoleAssets: FunctionHandler {
  public static let routeKey = "GET /console/{proxy+}"
  /// Largest console file; the whole console stays far below it.
  public static let maxFileBytes = 512 * 1024

  public let settings: ConsoleSettings
  /// The console's files by path relative to its directory (`index.html`, `js/main.js`, …).
  public let files: [String: [UInt8]]

  public var routeKey: String { Self.routeKey }

  public init(settings: ConsoleSettings, files: [String: [UInt8]]) {
    self.settings = settings
    self.files = files
  }

  public func handle(_ event: HTTPEvent, logger: Logger) throws(APIError) -> FunctionResponse {
    let rawPath = event.rawPath ?? event.requestContext?.http?.path ?? ""
    let asset = event.pathParameters?["proxy"] ?? ""
    if asset.isEmpty && !rawPath.hasSuffix("/") {
      // `/console` → the page, relative so it holds under any stage prefix.
      return FunctionResponse(
        statusCode: 302, headers: ["location": "console/index.html", "cache-control": "no-store"])
    }
    let name = asset.isEmpty ? "index.html" : asset
    if name == "config.json" {
      return response(200, type: "application/json", body: configuration(stage: event.requestContext?.stage))
    }
    guard Self.isAssetName(name), let bytes = files[name], let type = Self.contentType(of: name) else {
      throw .notFound("no console file \(Self.isAssetName(name) ? name : "with that name")")
    }
    return response(200, type: type, body: bytes, capture: name == Self.capturePage)
  }

  /// The capture page (an addition): the camera is its, and so are uploads to the bucket.
  public static let capturePage = "capture.html"

  /// What the page reads at start: where the API is, how to sign in, what to show scores against.
  func configuration(stage: String?) -> [UInt8] {
    let apiBase = stage.map { $0.isEmpty || $0 == "$default" ? "" : "/\($0)" } ?? ""
    var document: [String: JSONValue] = [
      "apiBase": .string(apiBase), "signIn": .string(settings.signIn.rawValue),
      "matchThreshold": .number(settings.matchThreshold), "adminGroup": .string(settings.adminGroup),
      "rejectionReasons": .array(AdminApproval.Reason.allCases.map { .string($0.rawValue) }),
    ]
    if settings.signIn == .cognito, let domain = settings.cognitoDomain, let client = settings.cognitoClientId {
      document["cognito"] = .object([
        "domain": .string(domain), "clientId": .string(client), "scopes": .string(settings.cognitoScopes),
      ])
    }
    let encoder = JSONCoding.encoder()
    return Array((try? encoder.encode(document)) ?? Data("{}".utf8))
  }

  func response(_ status: Int, type: String, body: [UInt8], capture: Bool = false) -> FunctionResponse {
    var headers = [
      "content-type": type,
      "content-security-policy": capture
        ? ContentSecurityPolicy.captureHeader(for: settings) : ContentSecurityPolicy.header(for: settings),
      "x-content-type-options": "nosniff",
      // Presigned links must not leak through the Referer header.
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
      "cache-control": type.hasPrefix("application/json") ? "no-store" : "no-cache",
    ]
    if type.hasPrefix("text/html") {
      headers["permissions-policy"] = "camera=(\(capture ? "self" : "")), microphone=(), geolocation=()"
    }
    return FunctionResponse(statusCode: status, headers: headers, body: String(decoding: body, as: UTF8.self))
  }

  /// Plain relative names only: segments of letters, digits, `-` and `_`, one extension.
  static func isAssetName(_ name: String) -> Bool {
    let segments = name.split(separator: "/", omittingEmptySubsequences: false)
    guard (1...3).contains(segments.count) else { return false }
    return segments.allSatisfy { segment in
      let parts = segment.split(separator: ".", omittingEmptySubsequences: false)
      return (1...2).contains(parts.count)
        && parts.allSatisfy { part in
          !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }
  }

  static func contentType(of name: String) -> String? {
    switch name.split(separator: ".").last {
    case "html": "text/html; charset=utf-8"
    case "css": "text/css; charset=utf-8"
    case "js": "text/javascript; charset=utf-8"
    case "svg": "image/svg+xml"
    default: nil
    }
  }
}

import CivilTime
import KYCModel
import KYCRules
import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `POST /verifications/{verificationId}/capture-sessions` (an addition to the LE-KO spec): a
/// link to the capture page for the owning coach, with a new capture token in its fragment (so it
/// never reaches a server log or a Referer), and the link as a QR code for a phone. The token is
/// kept only as its SHA-256; it replaces any earlier session of the verification and works for
/// `KYC_CAPTURE_TTL` seconds, while the verification still waits on its selfie or document.
public enum CreateCaptureSession: Operation {
  public static let operationId = "createCaptureSession"
  public static let routeKey = "POST /verifications/{verificationId}/capture-sessions"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    return try issue(record, request: request, services: services)
  }

  /// A new session of `record`, replacing any earlier one: the link, its expiry (`KYC_CAPTURE_TTL`
  /// from now, and never after the session `notAfter` would end) and its QR code.
  static func issue(
    _ record: VerificationRecord, request: Request, services: Services, notAfter: CaptureGrant? = nil
  ) throws -> FunctionResponse {
    let id = record.id
    let token = CaptureToken.generate()
    let fresh = services.clock().addingTimeInterval(Double(services.configuration.captureTTL))
    var expiresAt = Timestamp.string(from: fresh)
    var expiresAtSeconds = Int(fresh.timeIntervalSince1970)
    if let limit = notAfter, limit.expiresAtSeconds <= expiresAtSeconds {
      (expiresAt, expiresAtSeconds) = (limit.expiresAt, limit.expiresAtSeconds)
    }
    let next = try CaptureAccess.grant(
      record, tokenHash: CaptureToken.hash(token), expiresAt: expiresAt, expiresAtSeconds: expiresAtSeconds)
    _ = try services.save(next, from: record, by: request.caller.actor)
    let page = services.configuration.capturePageURL ?? defaultPage(request.event)
    let url = link(page: page, verificationId: id, token: token)
    let symbol: QRCodeSymbol
    do {
      symbol = try QRCodeEncoder.encode(url)
    } catch {
      throw APIError.internal("the capture link cannot be drawn as a QR code")
    }
    request.logger.info("capture session issued", ["verificationId": .string(id), "expiresAt": .string(expiresAt)])
    return .json(201, CaptureSession(url: url, expiresAt: expiresAt, qrCode: symbol.svg))
  }

  /// The capture page on the API's own origin: the console's, at the request's domain and stage
  /// (plain HTTP only on this machine).
  static func defaultPage(_ event: HTTPEvent) -> String {
    let host = event.requestContext?.domainName ?? "127.0.0.1:3000"
    let local = host.hasPrefix("127.0.0.1") || host.hasPrefix("localhost")
    let stage = event.requestContext?.stage.flatMap { $0 == "$default" || $0.isEmpty ? nil : "/\($0)" } ?? ""
    return "\(local ? "http" : "https")://\(host)\(local ? "" : stage)/console/capture.html"
  }

  /// The capture page's link: the verification and the token in the fragment, which browsers
  /// never send to a server.
  static func link(page: String, verificationId: String, token: String) -> String {
    let base = page.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? page
    return "\(base)#verification=\(verificationId)&token=\(token)"
  }
}

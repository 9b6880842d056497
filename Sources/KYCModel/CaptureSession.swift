/// `createCaptureSession`'s answer (an addition to the LE-KO spec): the capture page's link,
/// whose fragment carries the capture token, until when it works, and the link as a QR code.
public struct CaptureSession: Codable, Sendable, Equatable {
  public var url: String
  public var expiresAt: String
  /// An SVG document of the QR code of `url`.
  public var qrCode: String

  public init(url: String, expiresAt: String, qrCode: String) {
    self.url = url
    self.expiresAt = expiresAt
    self.qrCode = qrCode
  }
}

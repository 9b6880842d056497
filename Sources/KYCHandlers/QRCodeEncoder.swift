import CQRCode

/// Encodes text as a QR code symbol with Debian's libqrencode (8-bit mode, error correction
/// level M, the smallest version that holds it).
public enum QRCodeEncoder {
  /// Why no symbol was made.
  public enum Failure: Error, Sendable, Equatable {
    /// The text does not fit a QR code (over 2331 bytes at level M), or the library failed.
    case cannotEncode
  }

  public static func encode(_ text: String) throws(Failure) -> QRCodeSymbol {
    guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { throw .cannotEncode }
    defer { QRcode_free(code) }
    let size = Int(code.pointee.width)
    guard size > 0, let data = code.pointee.data else { throw .cannotEncode }
    // Each byte describes one module; its lowest bit is 1 for dark.
    let modules = (0..<(size * size)).map { data[$0] & 1 == 1 }
    return QRCodeSymbol(size: size, modules: modules)
  }
}

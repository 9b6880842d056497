import Hashing

/// Capture tokens: 256 random bits from the system's generator as base64url (43 characters),
/// and the SHA-256 (hex) that is all the store ever holds of one.
public enum CaptureToken {
  /// Random bytes per token (at least 16 are required; 32 are used).
  public static let byteCount = 32

  public static func generate() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return base64URL(bytes)
  }

  public static func hash(_ token: String) -> String {
    Digest.hex(Digest.sha256(Array(token.utf8)))
  }

  /// Base64url without padding (RFC 4648 §5).
  static func base64URL(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      var value: UInt32 = 0
      for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * UInt32(offset)) }
      for position in 0...chunk.count { out.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 63)]) }
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// UUID checks for ids that arrive as text (headers, path parameters, query parameters).
public enum Identifier {
  /// The canonical lower-case form of a UUID in 8-4-4-4-12 hex form, or `nil` if it is not one.
  public static func canonicalUUID(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    guard bytes.count == 36 else { return nil }
    var out = [UInt8]()
    out.reserveCapacity(36)
    for (index, byte) in bytes.enumerated() {
      if index == 8 || index == 13 || index == 18 || index == 23 {
        guard byte == UInt8(ascii: "-") else { return nil }
        out.append(byte)
        continue
      }
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): out.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): out.append(byte + 32)
      default: return nil
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

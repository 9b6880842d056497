/// Percent-encoding as SigV4 defines it: every byte outside the unreserved set
/// (`A–Z a–z 0–9 - _ . ~`) becomes `%XX` with upper-case hex, on the UTF-8 bytes.
public enum URIEncoding {
  public static func encode(_ text: String, keepSlash: Bool = false) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out = [UInt8]()
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
        UInt8(ascii: "~"):
        out.append(byte)
      case UInt8(ascii: "/") where keepSlash:
        out.append(byte)
      default:
        out.append(UInt8(ascii: "%"))
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0x0F)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// RFC 3986 dot-segment removal with empty segments dropped too, as AWS services other than
  /// S3 expect (`/a//b/../c/` → `/a/c/`).
  public static func normalizePath(_ path: String) -> String {
    if path.isEmpty { return "/" }
    var output: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      if segment == "." { continue }
      if segment == ".." {
        _ = output.popLast()
      } else {
        output.append(segment)
      }
    }
    let leading = path.hasPrefix("/") ? "/" : ""
    let trailing = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
    return leading + output.joined(separator: "/") + trailing
  }
}

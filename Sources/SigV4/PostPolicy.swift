import Hashing

/// An S3 browser-based upload (a presigned POST): the policy document that says what the one
/// upload may be, base64-encoded, and its SigV4 signature — the HMAC of that base64 text under
/// the day's signing key (AWS, "Browser-Based Uploads Using POST"). Pure: the time and the key
/// come in, the form fields go out.
public struct PostPolicy: Sendable, Equatable {
  public var bucket: String
  public var key: String
  public var contentType: String
  /// Bytes the file may have, both ends included.
  public var contentLength: ClosedRange<Int>
  /// `YYYY-MM-DDTHH:MM:SSZ`: when S3 stops accepting the upload.
  public var expiration: String

  public init(bucket: String, key: String, contentType: String, contentLength: ClosedRange<Int>, expiration: String) {
    self.bucket = bucket
    self.key = key
    self.contentType = contentType
    self.contentLength = contentLength
    self.expiration = expiration
  }

  /// The form fields to send before the file, in order: every condition the policy names, the
  /// policy itself and its signature.
  public func fields(signer: SigV4Signer, amzDate: String) -> [(String, String)] {
    var fields: [(String, String)] = [
      ("key", key), ("Content-Type", contentType), ("x-amz-algorithm", "AWS4-HMAC-SHA256"),
      ("x-amz-credential", "\(signer.credentials.accessKeyId)/\(signer.scope(amzDate: amzDate))"),
      ("x-amz-date", amzDate),
    ]
    if let token = signer.credentials.sessionToken { fields.append(("x-amz-security-token", token)) }
    let policy = Base64.encode(Array(document(fields).utf8))
    let signature = Digest.hex(Digest.hmacSHA256(key: signer.signingKey(amzDate: amzDate), Array(policy.utf8)))
    return fields + [("policy", policy), ("x-amz-signature", signature)]
  }

  /// The policy as JSON: the bucket, each field exactly, and the length range.
  func document(_ fields: [(String, String)]) -> String {
    let exact = [("bucket", bucket)] + fields
    let conditions =
      exact.map { "{\(Self.json($0.0)):\(Self.json($0.1))}" }
      + ["[\"content-length-range\",\(contentLength.lowerBound),\(contentLength.upperBound)]"]
    return "{\"expiration\":\(Self.json(expiration)),\"conditions\":[\(conditions.joined(separator: ","))]}"
  }

  /// A JSON string literal.
  static func json(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

/// Standard base64 with padding (RFC 4648 §4).
public enum Base64 {
  static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      let b0 = Int(chunk[chunk.startIndex])
      let b1 = chunk.count > 1 ? Int(chunk[chunk.startIndex + 1]) : 0
      let b2 = chunk.count > 2 ? Int(chunk[chunk.startIndex + 2]) : 0
      out.append(alphabet[b0 >> 2])
      out.append(alphabet[(b0 & 0x03) << 4 | b1 >> 4])
      out.append(chunk.count > 1 ? alphabet[(b1 & 0x0F) << 2 | b2 >> 6] : UInt8(ascii: "="))
      out.append(chunk.count > 2 ? alphabet[b2 & 0x3F] : UInt8(ascii: "="))
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}

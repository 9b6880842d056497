/// What can go wrong reading an object, in terms a caller can act on.
public enum S3Error: Error, Sendable, Equatable {
  case noSuchKey
  case noSuchBucket
  /// The credentials were refused (AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId, …).
  case accessDenied(code: String)
  case tooLarge(limit: Int)
  /// The service could not be reached, or kept failing, after the retries.
  case unavailable(String)
  /// Any other error answer.
  case failed(status: Int, code: String)
}

/// The `<Code>` and `<Message>` of an S3 XML error body.
struct S3ErrorBody: Equatable {
  var code: String
  var message: String

  /// Parses without an XML library: the error document is flat and small; only its first
  /// 16 KiB are looked at.
  init?(_ body: [UInt8]) {
    let text = String(decoding: body.prefix(16_384), as: UTF8.self)
    guard let code = Self.element("Code", in: text) else { return nil }
    self.code = code
    self.message = Self.element("Message", in: text) ?? ""
  }

  static func element(_ name: String, in text: String) -> String? {
    guard let open = text.firstRange(of: "<\(name)>"),
      let close = text[open.upperBound...].firstRange(of: "</\(name)>")
    else { return nil }
    return String(text[open.upperBound..<close.lowerBound])
  }
}

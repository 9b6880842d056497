/// What can go wrong reading an object, in terms a caller can act on.
public enum S3Error: Error, Sendable, Equatable {
  case noSuchKey
  case noSuchBucket
  /// The credentials were refused (AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId, …).
  case accessDenied(code: String)
  case tooLarge(limit: Int)
  /// The object is no longer the one asked for (`If-Match` with another ETag): it was replaced.
  case changed
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

/// One page of a ListObjectsV2 answer: its keys and the token of the next page. Parsed without
/// an XML library; keys come back XML-escaped.
struct ListPage: Equatable {
  var keys: [String] = []
  var nextToken: String?

  init(_ body: [UInt8]) {
    var rest = Substring(String(decoding: body, as: UTF8.self))
    while let open = rest.firstRange(of: "<Key>"), let close = rest[open.upperBound...].firstRange(of: "</Key>") {
      keys.append(Self.unescaped(String(rest[open.upperBound..<close.lowerBound])))
      rest = rest[close.upperBound...]
    }
    let text = String(decoding: body, as: UTF8.self)
    if S3ErrorBody.element("IsTruncated", in: text) == "true" {
      nextToken = S3ErrorBody.element("NextContinuationToken", in: text).map(Self.unescaped)
    }
  }

  static func unescaped(_ text: String) -> String {
    var out = text
    for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
      out = out.replacing(entity, with: character)
    }
    return out
  }
}

/// One page of a ListObjectVersions answer: its versions and delete markers, and where the next
/// page starts when it is truncated.
struct VersionPage: Equatable {
  var versions: [S3Client.ObjectVersion] = []
  var next: (key: String, version: String)?

  init(_ body: [UInt8]) {
    let text = String(decoding: body, as: UTF8.self)
    for element in ["Version", "DeleteMarker"] {
      var rest = Substring(text)
      while let open = rest.firstRange(of: "<\(element)>"),
        let close = rest[open.upperBound...].firstRange(of: "</\(element)>")
      {
        let entry = String(rest[open.upperBound..<close.lowerBound])
        if let key = S3ErrorBody.element("Key", in: entry), let version = S3ErrorBody.element("VersionId", in: entry) {
          versions.append(.init(key: ListPage.unescaped(key), versionId: ListPage.unescaped(version)))
        }
        rest = rest[close.upperBound...]
      }
    }
    if S3ErrorBody.element("IsTruncated", in: text) == "true",
      let key = S3ErrorBody.element("NextKeyMarker", in: text),
      let version = S3ErrorBody.element("NextVersionIdMarker", in: text)
    {
      next = (ListPage.unescaped(key), ListPage.unescaped(version))
    }
  }

  static func == (lhs: VersionPage, rhs: VersionPage) -> Bool {
    lhs.versions == rhs.versions && lhs.next?.key == rhs.next?.key && lhs.next?.version == rhs.next?.version
  }
}

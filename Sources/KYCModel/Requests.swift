import CivilTime

/// The spec's `VerificationCreate`.
public struct VerificationCreate: RequestBody, Equatable {
  public static let fieldNames: Set<String> = ["notes"]
  public var notes: String?

  public init(notes: String? = nil) { self.notes = notes }

  public func validate(today: CalendarDate) throws(ValidationError) {
    if let notes { try TextRule.check(notes, field: "notes", maxLength: 500) }
  }
}

/// The spec's `AvatarVerificationRequest`: one S3 key, and how the image was taken
/// (`captureMethod`, an addition).
public struct FileKeyRequest: RequestBody, Equatable {
  public static let fieldNames: Set<String> = ["fileKey", "captureMethod"]
  public var fileKey: String
  public var captureMethod: CaptureMethod?

  public init(fileKey: String, captureMethod: CaptureMethod? = nil) {
    self.fileKey = fileKey
    self.captureMethod = captureMethod
  }

  public func validate(today: CalendarDate) throws(ValidationError) {
    try FileKey.validate(fileKey)
  }
}

/// The spec's `PassportVerificationRequest`, with `backFileKey` (an addition): a card's other
/// side, for identity cards whose MRZ and portrait are on different sides; and how the images
/// were taken (`captureMethod`, an addition).
public struct PassportUploadRequest: RequestBody, Equatable {
  public static let fieldNames: Set<String> = ["fileKey", "backFileKey", "captureMethod"]
  public var fileKey: String
  public var backFileKey: String?
  public var captureMethod: CaptureMethod?

  public init(fileKey: String, backFileKey: String? = nil, captureMethod: CaptureMethod? = nil) {
    self.fileKey = fileKey
    self.backFileKey = backFileKey
    self.captureMethod = captureMethod
  }

  public func validate(today: CalendarDate) throws(ValidationError) {
    try FileKey.validate(fileKey)
    if let backFileKey {
      try FileKey.validate(backFileKey)
      guard backFileKey != fileKey else { throw .invalid("backFileKey must name another image than fileKey") }
    }
  }
}

/// Rules for S3 object keys supplied by clients. A key names an object inside the service's own
/// bucket: it is never a URL, a path outside the bucket, or a way to choose another host.
///
/// Keys are limited to S3's plainly safe characters — letters, digits and `. _ ~ -` — in
/// `/`-separated segments, none of them `.` or `..`. Upload keys live under their verification's
/// prefix, `verifications/<verificationId>/`: `createUploadSlot` hands them out, and integrators
/// that write to the bucket from their own backend use the same prefix.
public enum FileKey {
  public static let maxLength = 1024

  /// Where a verification's images live.
  public static func prefix(of verificationId: String) -> String { "verifications/\(verificationId)/" }

  /// A new key for an upload slot: `verifications/<id>/<purpose>/<uuid>.jpg`.
  public static func slot(_ verificationId: String, purpose: String, uuid: String) -> String {
    prefix(of: verificationId) + "\(purpose)/\(uuid).jpg"
  }

  /// Refuses a key outside the verification's prefix before anything of the object is read: a
  /// client may name only images of its own verification.
  public static func checkBelongs(_ key: String, to verificationId: String) throws(ValidationError) {
    guard key.hasPrefix(prefix(of: verificationId)) else {
      throw .invalid(
        "fileKey must be under '\(prefix(of: verificationId))': upload through POST /verifications/{id}/uploads")
    }
  }

  public static func validate(_ key: String) throws(ValidationError) {
    guard !key.isEmpty else { throw .invalid("fileKey must not be empty") }
    guard key.utf8.count <= maxLength else { throw .invalid("fileKey must be at most \(maxLength) bytes") }
    guard !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      throw .invalid("fileKey must not contain control characters")
    }
    guard !key.hasPrefix("/"), !key.contains("://"), !key.contains("\\") else {
      throw .invalid("fileKey must be an object key, not a URL or path")
    }
    let segments = key.split(separator: "/", omittingEmptySubsequences: false)
    guard !segments.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
      throw .invalid("fileKey must not contain empty, '.' or '..' segments")
    }
    guard key.unicodeScalars.allSatisfy(isSafe) else {
      throw .invalid("fileKey may contain only letters, digits, '/', '.', '_', '~' and '-'")
    }
  }

  static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "/", ".", "_", "~", "-": true
    default: false
    }
  }
}

/// The spec's `AdminApproval` as sent by an admin. `reviewerId` is accepted but ignored: the
/// reviewer is always the authenticated admin.
public struct AdminDecision: RequestBody, Equatable {
  public static let fieldNames: Set<String> = ["approved", "reason", "notes", "reviewerId"]
  public var approved: Bool
  public var reason: AdminApproval.Reason?
  public var notes: String?
  public var reviewerId: String?

  public init(approved: Bool, reason: AdminApproval.Reason? = nil, notes: String? = nil) {
    self.approved = approved
    self.reason = reason
    self.notes = notes
  }

  public func validate(today: CalendarDate) throws(ValidationError) {
    if let notes { try TextRule.check(notes, field: "notes", maxLength: 500) }
    if let reviewerId { try TextRule.check(reviewerId, field: "reviewerId", maxLength: 500) }
    if !approved && reason == nil { throw .invalid("a rejection needs a 'reason'") }
    if approved && reason != nil { throw .invalid("'reason' is only for rejections") }
  }
}

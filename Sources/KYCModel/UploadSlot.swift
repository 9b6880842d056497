import CivilTime

/// `createUploadSlot`'s request (an addition to the LE-KO spec): which image the client will
/// upload.
public struct UploadSlotRequest: RequestBody, Equatable {
  public enum Purpose: String, Codable, Sendable, CaseIterable {
    case avatar
    case passport
    /// The back of an identity card, for the passport step.
    case passportBack = "passport_back"
  }

  public static let fieldNames: Set<String> = ["purpose"]
  public var purpose: Purpose

  public init(purpose: Purpose) { self.purpose = purpose }

  public func validate(today: CalendarDate) throws(ValidationError) {}
}

/// `createUploadSlot`'s answer: a presigned POST for one new object of the verification. The
/// client sends a `multipart/form-data` POST to `url` with `fields` (in order), then `file`.
public struct UploadSlot: Codable, Sendable, Equatable {
  public var fileKey: String
  public var url: String
  public var fields: [String: String]
  public var expiresAt: String
  public var maxBytes: Int

  public init(fileKey: String, url: String, fields: [String: String], expiresAt: String, maxBytes: Int) {
    self.fileKey = fileKey
    self.url = url
    self.fields = fields
    self.expiresAt = expiresAt
    self.maxBytes = maxBytes
  }
}

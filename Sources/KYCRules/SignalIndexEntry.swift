/// One entry of the risk-signal index: a keyed hash (HMAC-SHA256, hex) of a document or a
/// selfie, and the verification it was seen on. No document number, name or image in clear.
public struct SignalIndexEntry: Codable, Sendable, Equatable, Hashable {
  public var key: String
  public var verificationId: String
  public var coachId: String
  public var recordedAt: String

  public init(key: String, verificationId: String, coachId: String, recordedAt: String) {
    self.key = key
    self.verificationId = verificationId
    self.coachId = coachId
    self.recordedAt = recordedAt
  }
}

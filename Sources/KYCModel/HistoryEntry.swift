/// One entry of a verification's audit history (an addition to the LE-KO spec, admins only):
/// who changed what, when, and the status and step before and after. A correction names the
/// fields it changed, never their values.
public struct HistoryEntry: Codable, Sendable, Equatable {
  public struct Actor: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
      case coach, admin, system
    }

    public var type: Kind
    /// The coach's or admin's user id; absent for `system`.
    public var id: String?

    public init(type: Kind, id: String? = nil) {
      self.type = type
      self.id = id
    }

    public static let system = Actor(type: .system)
  }

  /// The id of the event delivered for this change.
  public var eventId: String
  public var type: VerificationEvent.Kind
  public var occurredAt: String
  public var actor: Actor
  public var statusBefore: Status?
  public var stepBefore: VerificationStep?
  public var status: Status
  public var currentStep: VerificationStep
  public var changedFields: [String]?

  public init(
    eventId: String, type: VerificationEvent.Kind, occurredAt: String, actor: Actor, statusBefore: Status?,
    stepBefore: VerificationStep?, status: Status, currentStep: VerificationStep, changedFields: [String]? = nil
  ) {
    self.eventId = eventId
    self.type = type
    self.occurredAt = occurredAt
    self.actor = actor
    self.statusBefore = statusBefore
    self.stepBefore = stepBefore
    self.status = status
    self.currentStep = currentStep
    self.changedFields = changedFields
  }

  /// The event subscribers receive for this entry.
  public func event(verificationId: String, coachId: String) -> VerificationEvent {
    VerificationEvent(
      id: eventId, type: type, verificationId: verificationId, coachId: coachId, status: status,
      currentStep: currentStep, occurredAt: occurredAt)
  }
}

import KYCModel

/// The audit history as a pure function of two versions of a record: what changed between
/// `before` and `after` becomes history entries, appended to `after`, each with the event that
/// subscribers receive. The store writes the events in the same write as the record, so one is
/// never kept without the other.
public enum ChangeLog {
  /// `after` with its new history entries, and their events in order.
  public static func record(
    before: VerificationRecord?, after: VerificationRecord, actor: HistoryEntry.Actor, at time: String,
    newId: () -> String
  ) -> (record: VerificationRecord, events: [VerificationEvent]) {
    var record = after
    var status = before?.verification.status
    var step = before?.verification.currentStep
    var events: [VerificationEvent] = []
    let changes = changes(before: before?.verification, after: after.verification)
    for (index, (kind, fields)) in changes.enumerated() {
      // Entries within one write share its time; only the last shows where the write left it.
      let last = index == changes.count - 1
      let entry = HistoryEntry(
        eventId: newId(), type: kind, occurredAt: time, actor: actor, statusBefore: status, stepBefore: step,
        status: last ? after.verification.status : intermediateStatus(kind, final: after.verification),
        currentStep: last ? after.verification.currentStep : intermediateStep(kind, final: after.verification),
        changedFields: fields)
      status = entry.status
      step = entry.currentStep
      record.verification.history = (record.verification.history ?? []) + [entry]
      events.append(entry.event(verificationId: after.id, coachId: after.coachId))
    }
    return (record, events)
  }

  /// What changed, in the order the lifecycle does it, with the fields a correction changed.
  static func changes(before: Verification?, after: Verification) -> [(VerificationEvent.Kind, [String]?)] {
    guard let before else { return [(.created, nil)] }
    // Erasure changes many fields, and is one change.
    if after.redactedAt != nil, before.redactedAt == nil { return [(.redacted, nil)] }
    if after.abandonedAt != nil, before.abandonedAt == nil { return [(.abandoned, nil)] }
    var kinds: [(VerificationEvent.Kind, [String]?)] = []
    if let avatar = after.avatarVerification, avatar != before.avatarVerification {
      kinds.append((avatar.isHuman ? .avatarVerified : .avatarRefused, nil))
    }
    if let passport = after.passportVerification, passport != before.passportVerification {
      kinds.append((passport.ocrSuccess ? .passportRead : .passportRefused, nil))
    }
    if after.imageMatchResult != nil, after.imageMatchResult != before.imageMatchResult {
      kinds.append((.facesCompared, nil))
    }
    if let chip = after.chipVerification, chip != before.chipVerification { kinds.append((.chipChecked, nil)) }
    if let corrected = after.correctedPassportData, corrected != before.correctedPassportData {
      let previous = before.correctedPassportData ?? before.passportVerification?.passportData
      kinds.append((.passportCorrected, changedFields(previous, corrected)))
    }
    if let decision = after.adminApproval, before.adminApproval == nil {
      kinds.append((decision.approved ? .approved : .rejected, nil))
    }
    return kinds
  }

  /// The names of the fields whose values differ; the values themselves never leave here.
  static func changedFields(_ old: PassportData?, _ new: PassportData) -> [String] {
    let pairs: [(String, String?, String?)] = [
      ("firstName", old?.firstName, new.firstName), ("lastName", old?.lastName, new.lastName),
      ("middleName", old?.middleName, new.middleName), ("passportNumber", old?.passportNumber, new.passportNumber),
      ("dateOfBirth", old?.dateOfBirth, new.dateOfBirth), ("issuedDate", old?.issuedDate, new.issuedDate),
      ("placeOfBirth", old?.placeOfBirth, new.placeOfBirth), ("subdivision", old?.subdivision, new.subdivision),
    ]
    return pairs.filter { $0.1 != $0.2 }.map(\.0)
  }

  /// Where a step leaves a verification when a later change follows in the same write: a read
  /// passport is `passport_verified` until the faces are compared.
  static func intermediateStatus(_ kind: VerificationEvent.Kind, final: Verification) -> Status {
    kind == .passportRead ? .passportVerified : final.status
  }

  static func intermediateStep(_ kind: VerificationEvent.Kind, final: Verification) -> VerificationStep {
    kind == .passportRead ? .imageMatching : final.currentStep
  }
}

import CivilTime
import KYCLogging
import KYCModel
import KYCRules
import KYCRuntime

/// Erases one verification's personal data (see `Redaction`): its images first — every object
/// under its prefix (failed attempts and unused slots too), and the keys on record — then the
/// record with its history entry, its event and the removal of its risk-signal index entries in
/// one write. A failure between the two leaves the record whole, and erasing again finishes it.
enum Erasure {
  static func erase(_ record: VerificationRecord, by actor: HistoryEntry.Actor, services: Services, logger: Logger)
    throws -> VerificationRecord
  {
    let time = Timestamp.string(from: services.clock())
    let (erased, keys) = Redaction.erase(record, at: time)
    try services.images.deleteAll(under: FileKey.prefix(of: record.id), logger: logger)
    for key in keys { try services.images.delete(fileKey: key, logger: logger) }
    return try services.save(erased, from: record, by: actor, removingIndex: record.signalIndex ?? [], at: time)
  }
}

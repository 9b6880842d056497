import CivilTime
import KYCConfiguration
import KYCJSON
import KYCLogging
import KYCModel
import KYCRules
import KYCRuntime
import KYCStore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The retention job (`purgeExpired`, on a schedule in AWS; `kyc-local purge` locally): closes
/// as abandoned every verification that waited on its coach `KYC_ABANDONED_DAYS` without a
/// change, then erases the personal data of every verification completed `KYC_RETENTION_DAYS` or
/// more days ago. A verification that changed under it is left for the next run. Last, it sweeps
/// the prefixes of verifications erased lately: an upload slot handed out before an erasure can
/// still land an image until it expires, and that image must not outlive the next run.
public struct PurgeExpired: JobHandler {
  public static let functionName = "purgeExpired"
  let services: Services

  public init(services: Services) {
    self.services = services
  }

  public func run(_ payload: [UInt8], logger: Logger) throws -> [String: JSONValue] {
    let abandoned = try closeAbandoned(logger: logger)
    let cutoff = Redaction.cutoff(retentionDays: services.configuration.retentionDays, now: services.clock())
    let due = try services.store.completedUnredacted(before: cutoff)
    var erased = 0
    var skipped = 0
    for record in due where Redaction.isDue(record, cutoff: cutoff) {
      do {
        _ = try Erasure.erase(record, by: .system, services: services, logger: logger)
        erased += 1
        logger.info("personal data erased", ["verificationId": .string(record.id), "retention": .bool(true)])
      } catch {
        skipped += 1
        logger.warning(
          "erasure left for the next run",
          ["verificationId": .string(record.id), "status": .number(Double(APIError.status(of: error)))])
      }
    }
    let swept = try sweepLateUploads(logger: logger)
    return [
      "abandoned": .number(Double(abandoned.closed)), "erased": .number(Double(erased)),
      "skipped": .number(Double(skipped + abandoned.skipped)), "swept": .number(Double(swept)),
    ]
  }

  /// The job runs daily and a slot lives `KYC_UPLOAD_URL_TTL` seconds: every erasure of the last
  /// two days and a slot's life is swept, so at least one run comes after its last slot expired.
  static func sweepWindow(uploadURLTTL: Int) -> TimeInterval { 2 * 86_400 + Double(uploadURLTTL) }

  func sweepLateUploads(logger: Logger) throws -> Int {
    let since = services.clock().addingTimeInterval(
      -Self.sweepWindow(uploadURLTTL: services.configuration.uploadURLTTL))
    let recent = try services.store.erased(since: Timestamp.string(from: since))
    for record in recent {
      try services.images.deleteAll(under: FileKey.prefix(of: record.id), logger: logger)
    }
    return recent.count
  }

  /// Verifications left unfinished by their coach, closed as rejected (`abandonedAt`).
  func closeAbandoned(logger: Logger) throws -> (closed: Int, skipped: Int) {
    let now = services.clock()
    let cutoff = Redaction.cutoff(retentionDays: services.configuration.abandonedDays, now: now)
    let due = try services.store.untouchedWaitingOnCoach(before: cutoff)
    var closed = 0
    var skipped = 0
    for record in due where Lifecycle.isAbandoned(record, cutoff: cutoff) {
      do {
        let abandoned = try services.lifecycle.abandon(record, now: now)
        _ = try services.save(abandoned, from: record, by: .system)
        closed += 1
        logger.info("verification abandoned", ["verificationId": .string(record.id)])
      } catch {
        skipped += 1
        logger.warning(
          "abandonment left for the next run",
          ["verificationId": .string(record.id), "status": .number(Double(APIError.status(of: error)))])
      }
    }
    return (closed, skipped)
  }

  public static func main() -> Never {
    let environment = ProcessInfo.processInfo.environment
    JobRuntime.run(function: functionName, environment: environment) {
      () throws(ConfigurationError) -> any JobHandler in
      PurgeExpired(services: try Services.live(environment: environment, function: functionName))
    }
  }
}

import CivilTime
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

/// What an upload passes before it may spend an analysis, the costly part of the service: one
/// analysis at a time per verification (a marker in the store with a short lease, so a
/// concurrent upload answers 409 without analysing), and a cap on the unusable images one
/// verification may take (they count no attempt, so without it they would cost the caller
/// nothing).
struct AnalysisGate {
  let services: Services
  let logger: Logger

  /// Runs `body` holding `verificationId`'s analysis marker; `body` reads the record afresh, so it
  /// sees what an upload that held the marker before it wrote.
  func exclusively<T>(_ verificationId: String, _ body: () throws -> T) throws -> T {
    let holder = services.newId()
    let now = services.clock()
    let until = now.addingTimeInterval(Double(services.configuration.analysisLeaseSeconds))
    let taken = try services.store.acquireLease(
      verificationId: verificationId, holder: holder, now: Timestamp.string(from: now),
      expiresAt: Timestamp.string(from: until))
    guard taken else {
      throw APIError.conflict("another upload of this verification is being analysed; try again when it has finished")
    }
    defer {
      do {
        try services.store.releaseLease(verificationId: verificationId, holder: holder)
      } catch {
        logger.warning("analysis marker not released; its lease runs out", ["verificationId": .string(verificationId)])
      }
    }
    return try body()
  }

  /// Refuses an upload once the verification has taken its share of unusable images.
  func checkUnusableImages(_ record: VerificationRecord) throws {
    let limit = services.configuration.maxUnusableImages
    let count = try services.store.unusableImages(verificationId: record.id)
    guard count < limit else {
      throw APIError.conflict(
        "this verification has had \(limit) images that could not be analysed and takes no more uploads")
    }
  }

  /// Counts one image of the verification that could not be analysed (or showed no MRZ at all).
  func countUnusable(_ record: VerificationRecord) throws(StoreError) {
    try services.store.countUnusableImage(verificationId: record.id)
  }

  /// The analysis, with an unusable image counted before its 400 goes back (beside the record,
  /// which it leaves as it was).
  func analyse<T>(_ record: VerificationRecord, _ body: () throws(AnalysisError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      if case .unusableImage = error { try countUnusable(record) }
      throw error
    }
  }
}

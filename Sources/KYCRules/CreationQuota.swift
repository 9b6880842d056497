import CivilTime
import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// How many verifications one coach may open in a day: each costs the service analyses, so a
/// coach who opens verification after verification is refused (429) until the oldest of the day
/// falls out of the window.
public struct CreationQuota: Sendable {
  public static let window: TimeInterval = 86_400
  public let perDay: Int

  public init(perDay: Int) { self.perDay = perDay }

  /// Refuses one more creation at `now` when `created` (creation timestamps of the coach's
  /// verifications, any order) already holds `perDay` within the window; the error says after
  /// how many seconds one is allowed again.
  public func check(created: [String], now: Date) throws(LifecycleError) {
    let cutoff = Timestamp.string(from: now.addingTimeInterval(-Self.window))
    let recent = created.filter { $0 > cutoff }.sorted()
    guard recent.count >= perDay else { return }
    let freesAt = recent[recent.count - perDay]
    throw .limitReached(
      "a coach may open \(perDay) verifications a day; try again later",
      retryAfter: Self.seconds(until: freesAt, isOutOfWindowFrom: now))
  }

  /// The whole seconds from `now` until `timestamp` is older than the window: the least `s` with
  /// the cutoff at `now + s` past it (timestamps of one width sort in time order).
  static func seconds(until timestamp: String, isOutOfWindowFrom now: Date) -> Int {
    var low = 1
    var high = Int(window) + 1
    while low < high {
      let middle = (low + high) / 2
      if Timestamp.string(from: now.addingTimeInterval(Double(middle) - window)) >= timestamp {
        high = middle
      } else {
        low = middle + 1
      }
    }
    return low
  }
}

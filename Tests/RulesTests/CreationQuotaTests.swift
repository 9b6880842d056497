import CivilTime
import KYCModel
import Testing

@testable import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct CreationQuotaTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func ago(_ seconds: Double) -> String { Timestamp.string(from: now.addingTimeInterval(-seconds)) }

  @Test func allowsUpToTheQuotaInADay() throws {
    let quota = CreationQuota(perDay: 3)
    try quota.check(created: [], now: now)
    try quota.check(created: [ago(10), ago(20)], now: now)
    // Older than a day: outside the window.
    try quota.check(created: [ago(10), ago(20), ago(86_401)], now: now)
  }

  @Test func refusesPastItUntilTheOldestOfTheDayLeavesTheWindow() {
    let quota = CreationQuota(perDay: 3)
    #expect(
      throws: LifecycleError.limitReached("a coach may open 3 verifications a day; try again later", retryAfter: 3_600)
    ) {
      try quota.check(created: [ago(60), ago(82_800), ago(600)], now: now)
    }
    #expect(CreationQuota.seconds(until: ago(86_399), isOutOfWindowFrom: now) == 1)
  }
}

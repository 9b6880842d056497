import HTTPTransport
import Testing

@Suite struct RetryPolicyTests {
  @Test func backsOffExponentiallyWithJitterUpToTheCap() {
    let policy = RetryPolicy(maxAttempts: 8, baseMs: 1_000, capMs: 10_000)
    #expect(policy.delayMs(afterFailures: 1) { $0.lowerBound } == 500)
    #expect(policy.delayMs(afterFailures: 1) { $0.upperBound } == 1_000)
    #expect(policy.delayMs(afterFailures: 3) { $0.lowerBound } == 2_000)
    #expect(policy.delayMs(afterFailures: 3) { $0.upperBound } == 4_000)
    #expect(policy.delayMs(afterFailures: 40) { $0.upperBound } == 10_000)
    #expect(!policy.isExhausted(attempts: 7) && policy.isExhausted(attempts: 8))
  }

  @Test func fullJitterWaitsAnywhereUnderTheCeiling() {
    // S3's policy: 100 ms doubling to a second.
    let policy = RetryPolicy(maxAttempts: 3, baseMs: 100, capMs: 1_000, jitter: .full)
    #expect(policy.delayMs(afterFailures: 1) { $0.lowerBound } == 0)
    #expect(policy.delayMs(afterFailures: 2) { $0.upperBound } == 200)
    #expect(policy.delayMs(afterFailures: 9) { $0.upperBound } == 1_000)
    #expect(policy.isExhausted(attempts: 3))
  }

  /// A failure the tests choose to retry or not.
  enum Failure: Error, Equatable {
    case transient, permanent
  }

  @Test func runRetriesWhatIsRetryableUntilTheAttemptsAreSpent() {
    let policy = RetryPolicy(maxAttempts: 3, baseMs: 100, capMs: 1_000, jitter: .full)
    var slept: [Int] = []
    var calls = 0
    #expect(throws: Failure.transient) {
      try policy.run(sleep: { slept.append($0) }, retryable: { $0 == .transient }) { () throws(Failure) -> Int in
        calls += 1
        throw .transient
      }
    }
    // Three attempts, a wait under the ceiling between each two.
    #expect(calls == 3 && slept.count == 2 && slept[0] <= 100 && slept[1] <= 200)
  }

  @Test func runGivesUpAtOnceOnWhatIsNotRetryableAndReturnsASuccess() throws {
    let policy = RetryPolicy(maxAttempts: 5, baseMs: 100, capMs: 1_000, jitter: .full)
    var calls = 0
    #expect(throws: Failure.permanent) {
      try policy.run(sleep: { _ in }, retryable: { $0 == .transient }) { () throws(Failure) -> Int in
        calls += 1
        throw .permanent
      }
    }
    #expect(calls == 1)
    var failures = 0
    let value = try policy.run(sleep: { _ in }, retryable: { $0 == .transient }) { () throws(Failure) -> Int in
      failures += 1
      if failures < 3 { throw .transient }
      return 42
    }
    #expect(value == 42 && failures == 3)
  }
}

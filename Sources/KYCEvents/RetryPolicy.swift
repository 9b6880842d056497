/// When to try a failed delivery again: an exponential ceiling (`baseMs`, doubling, at most
/// `capMs`) with jitter — half the ceiling plus a random part of the other half, so retries of
/// many events spread out yet still back off — and a dead letter after `maxAttempts`.
public struct RetryPolicy: Sendable, Equatable {
  public var maxAttempts: Int
  public var baseMs: Int
  public var capMs: Int

  public init(maxAttempts: Int = 8, baseMs: Int = 2_000, capMs: Int = 3_600_000) {
    self.maxAttempts = maxAttempts
    self.baseMs = baseMs
    self.capMs = capMs
  }

  /// Milliseconds to wait after the `failures`-th failed attempt; `random` picks in a range.
  public func delayMs(afterFailures failures: Int, random: (ClosedRange<Int>) -> Int = { Int.random(in: $0) })
    -> Int
  {
    let ceiling = min(capMs, baseMs << min(max(failures - 1, 0), 30))
    return ceiling / 2 + random(0...(ceiling - ceiling / 2))
  }

  public func isExhausted(attempts: Int) -> Bool { attempts >= maxAttempts }
}

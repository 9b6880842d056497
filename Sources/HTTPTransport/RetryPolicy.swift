/// When to try a failed call again, for every caller that retries (S3, DynamoDB, webhook
/// deliveries): an exponential ceiling (`baseMs`, doubling, at most `capMs`) with jitter, and no
/// more after `maxAttempts`. The random pick and the sleep are the callers' to inject; `run` is
/// the loop for a call retried in place, while deliveries retry from their outbox.
public struct RetryPolicy: Sendable, Equatable {
  /// How the wait is drawn under the ceiling.
  public enum Jitter: Sendable, Equatable {
    /// Anywhere from 0 to the ceiling: calls in a tight loop spread out most (S3, DynamoDB).
    case full
    /// Half the ceiling plus a random part of the other half: many events' retries spread out,
    /// yet each still backs off (webhook deliveries).
    case half
  }

  public var maxAttempts: Int
  public var baseMs: Int
  public var capMs: Int
  public var jitter: Jitter

  public init(maxAttempts: Int = 8, baseMs: Int = 2_000, capMs: Int = 3_600_000, jitter: Jitter = .half) {
    self.maxAttempts = maxAttempts
    self.baseMs = baseMs
    self.capMs = capMs
    self.jitter = jitter
  }

  /// Milliseconds to wait after the `failures`-th failed attempt; `random` picks in a range.
  public func delayMs(afterFailures failures: Int, random: (ClosedRange<Int>) -> Int = { Int.random(in: $0) })
    -> Int
  {
    let ceiling = min(capMs, baseMs << min(max(failures - 1, 0), 30))
    switch jitter {
    case .full: return random(0...ceiling)
    case .half: return ceiling / 2 + random(0...(ceiling - ceiling / 2))
    }
  }

  /// Whether `attempts` made so far are all the policy allows.
  public func isExhausted(attempts: Int) -> Bool { attempts >= maxAttempts }

  /// The one retry loop of every caller that retries in place (S3, DynamoDB): calls `attempt`
  /// until it succeeds, its failure is not `retryable`, or the attempts are spent, and sleeps the
  /// policy's wait (`sleep` is given milliseconds) between tries.
  public func run<Value, Failure: Error>(
    sleep: (Int) -> Void, retryable: (Failure) -> Bool, _ attempt: () throws(Failure) -> Value
  ) throws(Failure) -> Value {
    var attempts = 0
    while true {
      attempts += 1
      do {
        return try attempt()
      } catch {
        guard !isExhausted(attempts: attempts), retryable(error) else { throw error }
        sleep(delayMs(afterFailures: attempts))
      }
    }
  }
}

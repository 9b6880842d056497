/// How long a search may take: it answers "out of time" well before the platform's timeout
/// would cut the function off (which would store nothing and count no attempt, so a hostile
/// page could be retried for free).
public struct TimeBudget: Sendable {
  let deadline: Double
  let clock: @Sendable () -> Double

  public init(milliseconds: Double, clock: @escaping @Sendable () -> Double = Stopwatch.now) {
    self.clock = clock
    deadline = clock() + milliseconds
  }

  public var expired: Bool { clock() >= deadline }
}

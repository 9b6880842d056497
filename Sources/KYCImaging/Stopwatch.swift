#if canImport(Glibc)
  import Glibc
#endif

/// Monotonic milliseconds, for the timings the analysis reports.
public enum Stopwatch {
  public static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = now()
    try body()
    return now() - start
  }

  /// Milliseconds on the monotonic clock, from an arbitrary start.
  public static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
  }
}

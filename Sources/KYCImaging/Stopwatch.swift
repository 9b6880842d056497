#if canImport(Glibc)
  import Glibc
#endif

/// Monotonic milliseconds, for the timings the analysis reports.
public enum Stopwatch {
  public static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1_000_000
  }
}

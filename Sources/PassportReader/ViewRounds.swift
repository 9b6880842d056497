import Dispatch
import Synchronization

/// Reads a list of views in rounds, as many at once as there are recognizers (one Tesseract
/// engine each, on a core of its own), and hands the readings back in the views' order for as
/// long as the caller wants more: what the caller concludes is what it would from reading the
/// views one by one; a round's later views may be read in vain.
struct ViewRounds {
  /// One lane per recognizer.
  let recognizers: [any TextRecognizer]

  /// Reads `views` with `read`, in rounds, and passes each reading in order to `take`, which
  /// answers whether to go on; `outOfTime` is asked after each round.
  func run<View: Sendable, Reading: Sendable>(
    _ views: [View], read: @escaping @Sendable (View, any TextRecognizer) -> Reading,
    take: (Reading) -> Bool, outOfTime: () -> Bool
  ) {
    let lanes = max(1, recognizers.count)
    var start = 0
    while start < views.count {
      let round = Array(views[start..<min(views.count, start + lanes)])
      var readings: [Reading]
      if round.count == 1 {
        readings = [read(round[0], recognizers[0])]
      } else {
        let done = Mutex([Int: Reading]())
        let recognizers = recognizers
        DispatchQueue.concurrentPerform(iterations: round.count) { lane in
          let reading = read(round[lane], recognizers[lane])
          done.withLock { $0[lane] = reading }
        }
        readings = done.withLock { finished in (0..<round.count).map { finished[$0]! } }
      }
      for reading in readings {
        guard take(reading) else { return }
      }
      start += round.count
      if outOfTime() { return }
    }
  }
}

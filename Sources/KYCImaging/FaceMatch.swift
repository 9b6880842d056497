#if canImport(Glibc)
  import Glibc
#endif

/// Turns the distance between two face descriptors into a match score in 0...1, higher for
/// more alike, by a fixed monotone (logistic) calibration:
///
///     score = 1 / (1 + e^(12 · (distance − 0.7055)))
///
/// Calibrated on labelled pairs — dlib's `johns` (5 people × 11) and face_recognition's obama,
/// obama2, obama3 and biden: 278 same-person pairs at distances 0.00–0.569, 1,433
/// different-person pairs at 0.611–1.114. The default `KYC_MATCH_THRESHOLD` of 0.8 maps to a
/// distance of 0.59, the middle of that gap (dlib's own rule of thumb is 0.6), so same-person
/// pairs score ≥ 0.83 and different-person pairs ≤ 0.76.
public enum FaceMatch {
  public static let steepness = 12.0
  public static let midpoint = 0.7055

  public static func distance(_ a: [Float], _ b: [Float]) -> Double {
    precondition(a.count == b.count)
    var sum = 0.0
    for index in a.indices {
      let difference = Double(a[index] - b[index])
      sum += difference * difference
    }
    return sum.squareRoot()
  }

  public static func score(distance: Double) -> Double {
    1 / (1 + exp(steepness * (distance - midpoint)))
  }

  /// The distance a score corresponds to (the calibration's inverse), for documentation and tests.
  public static func distance(forScore score: Double) -> Double {
    midpoint + log(1 / score - 1) / steepness
  }
}

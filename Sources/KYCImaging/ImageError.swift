/// Why an image could not be used at all. Every case is the client's to fix (a 400), except
/// `engineUnavailable`, which is ours.
public enum ImageError: Error, Sendable, Equatable {
  case unsupportedFormat
  case tooSmall(width: Int, height: Int)
  case tooManyPixels(width: Int, height: Int)
  /// The longer side more than eight times the shorter.
  case extremeAspectRatio(width: Int, height: Int)
  case tooManyScans
  /// More APPn/COM metadata than any camera writes.
  case oversizedMetadata
  case corrupt(String)
  case engineUnavailable(String)
}

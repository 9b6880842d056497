/// How an image was taken (an addition to the LE-KO spec): by the capture page's live camera,
/// or picked from a file. Recorded with each image for the reviewer.
public enum CaptureMethod: String, Codable, Sendable, CaseIterable {
  case live
  case file
}

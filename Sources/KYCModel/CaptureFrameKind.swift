/// What a capture frame should show: a face (the selfie) or a document page.
public enum CaptureFrameKind: String, Codable, Sendable, CaseIterable {
  case selfie
  case document
}

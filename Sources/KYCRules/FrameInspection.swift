import KYCModel

/// The light check of a capture frame (`checkCaptureFrame`): a face for a selfie, the MRZ band
/// for a document. Unreadable input is `AnalysisError.unusableImage`.
public protocol FrameInspection: Sendable {
  func inspect(_ jpeg: [UInt8], kind: CaptureFrameKind) throws(AnalysisError) -> CaptureFrameCheck
}

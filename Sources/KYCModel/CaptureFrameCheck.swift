/// `checkCaptureFrame`'s answer (an addition): where the face is, or whether the MRZ band is in
/// the frame, in the frame's own pixels and fractions, for the capture page's guidance.
public struct CaptureFrameCheck: Codable, Sendable, Equatable {
  /// An MRZ band: where it lies as fractions of the frame, and how many lines it holds.
  public struct Band: Codable, Sendable, Equatable {
    public var top: Double
    public var left: Double
    public var width: Double
    public var lines: Int

    public init(top: Double, left: Double, width: Double, lines: Int) {
      self.top = top
      self.left = left
      self.width = width
      self.lines = lines
    }
  }

  public var kind: CaptureFrameKind
  /// The frame as decoded (EXIF orientation applied).
  public var width: Int
  public var height: Int
  /// Faces found, and the largest one's box (a selfie).
  public var faces: Int
  public var face: ImageFaceBox?
  /// The MRZ band, when one was found (a document).
  public var mrz: Band?

  public init(kind: CaptureFrameKind, width: Int, height: Int, faces: Int, face: ImageFaceBox?, mrz: Band?) {
    self.kind = kind
    self.width = width
    self.height = height
    self.faces = faces
    self.face = face
    self.mrz = mrz
  }
}

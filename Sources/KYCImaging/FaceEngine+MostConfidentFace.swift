extension FaceEngine {
  /// The most confident face in `image`; when none is found at its size, once more upsampled in
  /// an image of at most 2,000 px a side (a chip's small portrait, a passport photo that is a
  /// small part of its page).
  public func mostConfidentFace(in image: Image) throws(ImageError) -> FaceBox? {
    var found = try detect(image)
    if found.isEmpty && max(image.width, image.height) <= 2_000 { found = try detect(image, upsample: 1) }
    return found.max { $0.confidence < $1.confidence }
  }
}

/// The printed line a value stands on, cut out to be read again on its own: the row of words
/// from the value's first word to the row's end, with room above for accents, scaled so letters
/// are about 40 px high (Tesseract drops the start of a small line) and thresholded on a wide
/// white margin (on grey paper Tesseract finds no line in a tight crop).
enum WordRow {
  /// The line of `words` whose first word `matches`, in `image` (the image the words were read in).
  static func image(startingWith matches: (OCRWord) -> Bool, words: [OCRWord], in image: GrayImage) -> GrayImage? {
    guard let start = words.first(where: matches) else { return nil }
    // The row: the words beside the first one, which the line's crop runs to.
    let row = words.filter { $0.left >= start.left && $0.top < start.bottom && $0.bottom > start.top }
    return line(of: row.sorted { $0.left < $1.left }, from: start.left, in: image)
  }

  static func line(of words: [OCRWord], from left: Int, in image: GrayImage) -> GrayImage {
    let height = max(1, words.map(\.height).max() ?? 1)
    let top = words.map(\.top).min()! - height * 3 / 10
    let bottom = words.map(\.bottom).max()! + height / 8
    let x = left - height / 2
    let crop = image.cropped(x: x, y: top, width: words.map(\.right).max()! + height / 2 - x, height: bottom - top)
    let scale = max(1, 40 / Double(height))
    let scaled =
      scale < 1.1
      ? crop : crop.resized(width: Int(Double(crop.width) * scale), height: Int(Double(crop.height) * scale))
    return scaled.binarized(radius: 20).padded(20)
  }
}

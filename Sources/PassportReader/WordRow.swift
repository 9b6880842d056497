/// The printed line a value stands on, cut out to be read again on its own: the row of words
/// from the value's first word to the row's end, with room above for accents, scaled so letters
/// are about 40 px high (Tesseract drops the start of a small line) and thresholded on a wide
/// white margin (on grey paper Tesseract finds no line in a tight crop).
enum WordRow {
  /// The line of `words` whose first word `matches`, in `image` (the image the words were read in).
  static func image(startingWith matches: (OCRWord) -> Bool, words: [OCRWord], in image: GrayImage) -> GrayImage? {
    guard let start = words.first(where: matches) else { return nil }
    // The row: the words beside the first one whose middle lies within its height, which the
    // line's crop runs to. The caption printed close above the value may overlap it by a few
    // pixels (a sparse layout's boxes do); taken in, it pulls its row into the crop, and the line
    // then reads as neither.
    let row = words.filter {
      $0.left >= start.left && ($0.top + $0.bottom) / 2 >= start.top && ($0.top + $0.bottom) / 2 <= start.bottom
    }
    return line(of: row.sorted { $0.left < $1.left }, from: start.left, in: image)
  }

  /// The words `recognizer` reads on the line of `words` that starts with a word whose letters
  /// `key` folds to `first`'s, each without the marks OCR attaches around it; `nil` where no
  /// word starts one.
  static func reading(
    from first: String, key: (String) -> String, words: [OCRWord], in image: GrayImage,
    with recognizer: any TextRecognizer
  ) -> [String]? {
    let first = key(first)
    let starts = { (word: OCRWord) in key(PlaceName.trimmingMarks(word.text)) == first }
    guard let line = self.image(startingWith: starts, words: words, in: image) else { return nil }
    return recognizer.read(line, mode: 7).split(whereSeparator: \.isWhitespace).map {
      PlaceName.trimmingMarks(String($0))
    }
  }

  /// Whether `recognizer`, reading on its own the line that starts with `wanted`'s first word,
  /// reads `wanted` there as consecutive words, each as `key` folds it: a second reading of a
  /// value one view proposed. A word of noise or a misread name rarely reads the same twice.
  static func readsAgain(
    _ wanted: [String], key: (String) -> String, words: [OCRWord], in image: GrayImage,
    with recognizer: any TextRecognizer
  ) -> Bool {
    guard let first = wanted.first,
      let read = reading(from: first, key: key, words: words, in: image, with: recognizer)?.map(key),
      read.count >= wanted.count
    else { return false }
    let wanted = wanted.map(key)
    return (0...(read.count - wanted.count)).contains { Array(read[$0..<($0 + wanted.count)]) == wanted }
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

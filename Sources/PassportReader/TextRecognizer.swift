/// What the reader asks of OCR: the text in an image, or its words with their boxes. Tesseract
/// (`OCREngine`) reads in production; the search's tests script the answers, so the order of its
/// passes, its budget and its confirmation rules are tested without a model.
public protocol TextRecognizer: Sendable {
  /// The text read in `image` with page segmentation mode `mode` (6: one block, 7: one line,
  /// 3: automatic layout, 11: sparse text).
  func read(_ image: GrayImage, mode: Int) -> String
  /// The words read in `image`, with their boxes.
  func words(_ image: GrayImage, mode: Int) -> [OCRWord]
}

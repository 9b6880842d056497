/// One word Tesseract read, with its box in the image it read: what the visual zone needs to
/// tell a caption's column from its neighbour's.
public struct OCRWord: Sendable, Equatable {
  public var text: String
  public var left: Int
  public var top: Int
  public var right: Int
  public var bottom: Int
  /// Words of one line, as Tesseract grouped them, share this number.
  public var line: Int
  /// Tesseract's confidence in the word, 0–100 (100 for words laid out from text).
  public var confidence: Double

  public init(text: String, left: Int, top: Int, right: Int, bottom: Int, line: Int, confidence: Double = 100) {
    self.text = text
    self.left = left
    self.top = top
    self.right = right
    self.bottom = bottom
    self.line = line
    self.confidence = confidence
  }

  public var height: Int { bottom - top }
  var centerX: Int { (left + right) / 2 }

  /// The word cut at slashes, each part with its share of the box: bilingual captions are often
  /// read as one word (`Příjmení/Surname`).
  func splitAtSlashes() -> [OCRWord] {
    guard text.contains("/"), text.count > 1 else { return [self] }
    let perCharacter = Double(right - left) / Double(text.count)
    var parts: [OCRWord] = []
    var offset = 0
    for part in text.split(separator: "/", omittingEmptySubsequences: false) {
      if !part.isEmpty {
        let start = left + Int(Double(offset) * perCharacter)
        let end = left + Int(Double(offset + part.count) * perCharacter)
        parts.append(
          OCRWord(
            text: String(part), left: start, top: top, right: end, bottom: bottom, line: line, confidence: confidence))
      }
      offset += part.count + 1
    }
    return parts
  }

  /// Words from Tesseract's TSV output (level 5 rows: `level page block par line word left top
  /// width height conf text`), in reading order.
  public static func words(tsv: String) -> [OCRWord] {
    var words: [OCRWord] = []
    var lineIDs: [String: Int] = [:]
    for row in tsv.split(whereSeparator: \.isNewline) {
      let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count >= 12, fields[0] == "5", let left = Int(fields[6]), let top = Int(fields[7]),
        let width = Int(fields[8]), let height = Int(fields[9])
      else { continue }
      let text = fields[11...].joined(separator: "\t").trimmingCharacters(in: " ")
      guard !text.isEmpty else { continue }
      let key = fields[1...4].joined(separator: ".")
      let line = lineIDs[key] ?? lineIDs.count
      lineIDs[key] = line
      words.append(
        OCRWord(
          text: text, left: left, top: top, right: left + width, bottom: top + height, line: line,
          confidence: Double(fields[10]) ?? 0))
    }
    return words
  }

  /// Words laid out from plain text as a monospaced page (10 px a character, 20 px a line), so
  /// text written out in a test reads through the same layout rules as an OCR'd page.
  public static func words(text: String) -> [OCRWord] {
    var words: [OCRWord] = []
    for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
      var column = 0
      for part in line.split(separator: " ", omittingEmptySubsequences: false) {
        if !part.isEmpty {
          words.append(
            OCRWord(
              text: String(part), left: column * 10, top: index * 20, right: (column + part.count) * 10,
              bottom: index * 20 + 14, line: index))
        }
        column += part.count + 1
      }
    }
    return words
  }
}

extension String {
  func trimmingCharacters(in set: Character) -> String {
    var text = Substring(self)
    while text.first == set || text.first?.isWhitespace == true { text = text.dropFirst() }
    while text.last == set || text.last?.isWhitespace == true { text = text.dropLast() }
    return String(text)
  }
}

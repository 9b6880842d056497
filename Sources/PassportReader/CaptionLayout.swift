/// The captions found among a page's OCR words, and the text that stands in each caption's
/// column: beside it on its line, then in the rows under it, up to the next caption to its right.
struct CaptionLayout {
  struct Caption {
    var field: PrintedField
    var left: Int
    var top: Int
    var right: Int
    var bottom: Int
    /// Where the value column starts: the caption, or what is printed before it of its own
    /// (`CaptionLayout.columnLeft(of:in:captionWords:)`).
    var columnLeft: Int
    var line: Int
    var height: Int { max(1, bottom - top) }
  }

  /// The words by line, in reading order.
  let lines: [[OCRWord]]
  let captions: [Caption]
  /// Words that belong to a caption, by line and index: they are never a value.
  private let captionWords: Set<[Int]>

  init(words: [OCRWord]) {
    var lines: [[OCRWord]] = []
    var lineIndex: [Int: Int] = [:]
    for word in words.flatMap({ $0.splitAtSlashes() }) {
      if let index = lineIndex[word.line] {
        lines[index].append(word)
      } else {
        lineIndex[word.line] = lines.count
        lines.append([word])
      }
    }
    var captions: [Caption] = []
    var claimed: Set<[Int]> = []
    for (index, line) in lines.enumerated() {
      let found = Self.captions(in: line)
      let inCaptions = Set(found.flatMap { Array($0.range) })
      for found in found {
        let words = line[found.range]
        let columnLeft = Self.columnLeft(of: found.range, in: line, captionWords: inCaptions)
        captions.append(
          Caption(
            field: found.field, left: words.first!.left, top: words.map(\.top).min()!, right: words.last!.right,
            bottom: words.map(\.bottom).max()!, columnLeft: columnLeft, line: index))
        for word in found.range { claimed.insert([index, word]) }
      }
    }
    self.lines = lines
    self.captions = captions
    captionWords = claimed
  }

  /// Where the value column of the caption at `range` starts: at the caption, or further left
  /// over what is printed before it on its line — a caption number (`06`) or a slash, and before
  /// a slash the national caption OCR misread past matching (`Sziiletési hely / Place of birth`
  /// for `Születési hely`), whose column the value stands in. Without the slash, words before a
  /// caption may be the end of the caption to its left (`Lieu de nai5s4nce Authority`), whose
  /// column they would cut short. Another caption's words, a value's capitals and a word further
  /// off than the caption is tall end it.
  static func columnLeft(of range: Range<Int>, in line: [OCRWord], captionWords: Set<Int>) -> Int {
    let height = range.map { line[$0].height }.max()!
    var columnLeft = line[range.lowerBound].left
    var before = range.lowerBound - 1
    func extend(over accepts: (OCRWord) -> Bool) {
      while before >= 0, !captionWords.contains(before), accepts(line[before]) {
        columnLeft = line[before].left
        before -= 1
      }
    }
    extend { $0.text.allSatisfy { $0.isNumber || "/.".contains($0) } }
    guard range.lowerBound > 0, line[range.lowerBound - 1].text == "/" else { return columnLeft }
    var lettered = 0
    extend { word in
      guard lettered < 3, word.text.contains(where: \.isLetter), !capitalised(word.text),
        columnLeft - word.right <= max(4, height)
      else { return false }
      lettered += 1
      return true
    }
    extend { $0.text.allSatisfy { $0.isNumber || $0 == "." } }
    return columnLeft
  }

  /// Caption matches in one line, longest first so `given name` is not read as `name`; a word
  /// belongs to one caption at most.
  static func captions(in line: [OCRWord]) -> [(field: PrintedField, range: Range<Int>)] {
    let words = line.map { PrintedField.normalized($0.text) }
    var candidates: [(field: PrintedField, range: Range<Int>)] = []
    for field in PrintedField.allCases {
      for caption in field.captions where caption.count <= words.count {
        for start in 0...(words.count - caption.count) {
          let matched = caption.indices.allSatisfy { PrintedField.matches(words[start + $0], caption[$0]) }
          if matched { candidates.append((field, start..<(start + caption.count))) }
        }
      }
    }
    // A capitalised caption word after a capitalised word of no caption is part of a value
    // (`MĚSTSKÝ ÚŘAD BRNO`, a Czech authority: úřad is the caption's office, too).
    let inCaptions = Set(candidates.flatMap { Array($0.range) })
    candidates.removeAll { candidate in
      let before = candidate.range.lowerBound - 1
      return before >= 0 && !inCaptions.contains(before) && capitalised(line[before].text)
        && capitalised(line[candidate.range.lowerBound].text)
    }
    candidates.sort { $0.range.count > $1.range.count }
    var taken: Set<Int> = []
    var found: [(field: PrintedField, range: Range<Int>)] = []
    for candidate in candidates where candidate.range.allSatisfy({ !taken.contains($0) }) {
      found.append(candidate)
      taken.formUnion(candidate.range)
    }
    return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
  }

  /// A word of two or more letters, all capitals, as values are printed.
  static func capitalised(_ word: String) -> Bool {
    let letters = word.filter(\.isLetter)
    return letters.count >= 2 && letters.count == word.count && letters.allSatisfy(\.isUppercase)
  }

  /// What may be the value of `field`, likeliest first: for each of its captions, the rest of
  /// the caption's line within its column, then the rows under it within the column.
  func values(for field: PrintedField) -> [String] {
    var values: [String] = []
    for caption in captions where caption.field == field {
      let end = columnEnd(of: caption)
      let inline = lines[caption.line].enumerated().filter { index, word in
        word.left > caption.right && word.left < end && !captionWords.contains([caption.line, index])
      }.map(\.element.text)
      if !inline.isEmpty { values.append(inline.joined(separator: " ")) }
      values += rowsBelow(caption, end: end)
    }
    return values
  }

  /// Where the caption's column ends: at the next caption to its right on the same row.
  func columnEnd(of caption: Caption) -> Int {
    let right = captions.filter { other in
      other.left > caption.right && abs(other.top - caption.top) < caption.height && other.field != caption.field
    }
    return right.map(\.columnLeft).min() ?? Int.max
  }

  /// Up to two rows of words under the caption, within its column and a few line heights, that
  /// are no caption themselves (a caption printed in two languages stacks its lines), down to
  /// the first row that holds the end of a value cut by the column's edge.
  func rowsBelow(_ caption: Caption, end: Int) -> [String] {
    let slack = caption.height
    // The next caption of another field under this one, in its column, ends the search.
    let limit =
      captions.filter { other in
        other.field != caption.field && other.top > caption.bottom && other.right > caption.columnLeft
          && other.left < end
      }.map(\.top).min() ?? Int.max
    var below: [OCRWord] = []
    // Words whose line goes on to their left, a space away, outside the column: the value
    // printed there is cut, and its rest (`OFFICE` of `PASSPORT OFFICE`) is no value.
    var cut: [OCRWord] = []
    for (lineIndex, line) in lines.enumerated() {
      for (index, word) in line.enumerated() where !captionWords.contains([lineIndex, index]) {
        guard word.top > caption.top + caption.height / 2, word.top <= caption.bottom + 4 * caption.height,
          limit == Int.max || word.bottom <= limit + slack / 2,
          word.left >= caption.columnLeft - slack, word.left < end
        else { continue }
        below.append(word)
        if index > 0, !captionWords.contains([lineIndex, index - 1]),
          Self.continues(line[index - 1], into: word, leftOf: caption.columnLeft - slack)
        {
          cut.append(word)
        }
      }
    }
    below.sort { ($0.top, $0.left) < ($1.top, $1.left) }
    var rows: [[OCRWord]] = []
    for word in below {
      if let last = rows.last?.first, abs(word.top - last.top) < max(4, last.height * 2 / 3) {
        rows[rows.count - 1].append(word)
      } else if rows.count < 2 {
        rows.append([word])
      } else {
        break
      }
    }
    // Nor is a row under a cut one: the column is misplaced there too.
    return rows.prefix { !$0.contains(where: cut.contains) }.map {
      $0.sorted { $0.left < $1.left }.map(\.text).joined(separator: " ")
    }
  }

  /// Whether `previous`, outside a column whose edge is `edge`, and `word`, inside it, are one
  /// value: no wider apart than `word` is tall, as words of a value are spaced.
  static func continues(_ previous: OCRWord, into word: OCRWord, leftOf edge: Int) -> Bool {
    previous.left < edge && word.left - previous.right < word.height
  }
}

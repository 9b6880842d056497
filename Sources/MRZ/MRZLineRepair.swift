/// The lines of the right length that a line OCR read too short or too long may stand for.
/// A line with check digits gets candidates, which the digits then choose among; a line without
/// (the names) is mended by its fillers alone.
enum MRZLineRepair {
  /// A line without check digits at `length`: glyphs past a run of fillers are dropped, and
  /// otherwise a filler lost or doubled in a run is the likely cause.
  static func padded(_ line: [Character], to length: Int) -> [Character] {
    var line = line
    if line.count > length && line[(length - 4)..<length].allSatisfy({ $0 == "<" }) {
      return Array(line.prefix(length))
    }
    while line.count < length { line.append("<") }
    while line.count > length {
      if let index = line.lastIndex(of: "<") { line.remove(at: index) } else { line.removeLast() }
    }
    return line
  }

  /// The `length`-character lines a misread line with check digits may stand for, in groups from
  /// likely to less likely: for a long line, every window, then one-character mends of every
  /// window one longer; for a short one, a filler inserted in a run of fillers, then anywhere.
  static func candidates(_ line: [Character], length: Int) -> [[[Character]]] {
    if line.count == length { return [[line]] }
    if line.count < length { return mends(line, length: length) }
    let windows = (0...(line.count - length)).map { Array(line[$0..<($0 + length)]) }
    guard line.count > length else { return [windows] }
    var likely: [[Character]] = []
    var others: [[Character]] = []
    for start in 0...(line.count - length - 1) {
      let groups = mends(Array(line[start..<(start + length + 1)]), length: length)
      likely += groups[0]
      others += groups[1]
    }
    return [windows, likely, others]
  }

  /// The lines one deletion or one filler insertion away from `line`, in two groups: mends
  /// inside a run of fillers, then all others.
  static func mends(_ line: [Character], length: Int) -> [[[Character]]] {
    var likely: [[Character]] = []
    var others: [[Character]] = []
    func touchesFiller(_ copy: [Character], _ index: Int) -> Bool {
      (index > 0 && copy[index - 1] == "<") || (index + 1 < copy.count && copy[index + 1] == "<")
    }
    if line.count == length + 1 {
      for index in line.indices {
        var copy = line
        copy.remove(at: index)
        if line[index] == "<" && touchesFiller(line, index) { likely.append(copy) } else { others.append(copy) }
      }
    } else if line.count == length - 1 {
      for index in 0...line.count {
        var copy = line
        copy.insert("<", at: index)
        if touchesFiller(copy, index) { likely.append(copy) } else { others.append(copy) }
      }
    }
    return [likely, others]
  }

  /// Every choice of one candidate per line, in order.
  static func combinations(_ perLine: [[[Character]]]) -> [[[Character]]] {
    perLine.reduce([[]]) { partial, choices in partial.flatMap { prefix in choices.map { prefix + [$0] } } }
  }
}

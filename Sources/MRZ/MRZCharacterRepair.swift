/// What OCR typically gets wrong in a single MRZ character, and the mends that are safe: by
/// position (every position is either numeric or alphabetic), a state code to the one ICAO code
/// within one confusion, a document number to the one look-alike that validates.
enum MRZCharacterRepair {
  static let digitFixes: [Character: Character] = [
    "O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6",
  ]
  static let letterFixes: [Character: Character] = ["0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G"]

  /// Replaces, within `range`, characters that cannot stand there.
  static func fix(_ zone: inout [Character], _ range: Range<Int>, with table: [Character: Character], count: inout Int)
  {
    for index in range {
      if let replacement = table[zone[index]] {
        zone[index] = replacement
        count += 1
      }
    }
  }

  /// `<` is often read as K: a state like `DKK` is Germany's `D<<`.
  static func fillersForK(_ field: String) -> String {
    guard let first = field.first else { return field }
    return String(first) + String(field.dropFirst().map { $0 == "K" ? "<" : $0 })
  }

  /// A `K` between fillers in optional data is a filler too; the check digits over the optional
  /// data vouch for the mend.
  static func fillersForK(in zone: inout [Character], _ range: Range<Int>, count: inout Int) {
    for index in range where zone[index] == "K" {
      let before = index == range.lowerBound || zone[index - 1] == "<"
      let after = index + 1 == range.upperBound || zone[index + 1] == "<"
      if before && after {
        zone[index] = "<"
        count += 1
      }
    }
  }

  /// What OCR-B characters are misread as, both ways.
  static let lookAlikes: [Character: [Character]] = {
    let pairs: [(Character, Character)] = [
      ("O", "0"), ("I", "1"), ("S", "5"), ("B", "8"), ("Z", "2"), ("3", "8"), ("6", "8"), ("0", "8"), ("1", "7"),
      ("5", "6"), ("4", "1"), ("9", "0"), ("D", "0"), ("Q", "0"),
    ]
    var table: [Character: [Character]] = [:]
    for (a, b) in pairs {
      table[a, default: []].append(b)
      table[b, default: []].append(a)
    }
    return table
  }()

  /// Letters OCR confuses in a state code.
  static let letterLookAlikes: [Character: [Character]] = {
    let groups: [[Character]] = [
      ["O", "Q", "D", "C", "G", "U"], ["I", "L", "T", "J"], ["E", "F", "B"], ["U", "V"], ["M", "N", "H"],
      ["P", "R", "B"], ["K", "X"], ["Y", "V"],
    ]
    var table: [Character: [Character]] = [:]
    for group in groups {
      for letter in group { table[letter, default: []] += group.filter { $0 != letter } }
    }
    return table
  }()

  /// A state code that is no ICAO code, mended to the one code one letter confusion away; of
  /// several, to `other` (the other state field) when it is one of them; otherwise `nil`.
  static func mendedState(_ code: String, other: String) -> [Character]? {
    guard !CountryCodes.isValid(code), code.count == 3 else { return nil }
    let letters = Array(code)
    var candidates: [String] = []
    for index in 0..<3 {
      for replacement in letterLookAlikes[letters[index], default: []] {
        var candidate = letters
        candidate[index] = replacement
        let text = String(candidate)
        if CountryCodes.isValid(text) && !candidates.contains(text) { candidates.append(text) }
      }
    }
    if candidates.count == 1 { return Array(candidates[0]) }
    if candidates.contains(other) { return Array(other) }
    return nil
  }

  /// One character of the document number (or its check digit) that OCR confused with a
  /// look-alike — O↔0, I↔1, S↔5, B↔8, Z↔2, and digits of similar shape (3↔8, 6↔8, 0↔8, 1↔7,
  /// 5↔6, 4↔1, 9↔0) — mended only when exactly one such change makes the number's check digit
  /// and the composite right. The reader still asks a second reading to agree.
  static func repairDocumentNumber(_ zone: [Character], layout: MRZLayout) -> [Character]? {
    var found: [[Character]] = []
    for index in Array(layout.number) + [layout.numberCheck] {
      for replacement in lookAlikes[zone[index], default: []] {
        var candidate = zone
        candidate[index] = replacement
        if CheckDigit.verify(candidate[layout.number], candidate[layout.numberCheck])
          && MRZParser.compositeHolds(candidate, layout: layout)
        {
          found.append(candidate)
        }
      }
    }
    return found.count == 1 ? found[0] : nil
  }
}

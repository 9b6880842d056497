import KYCModel

/// What the printed (visual inspection) zone of a data page says, from OCR text. Fields are
/// found by their labels (ICAO 9303's captions, in English and French; the value on the next
/// line), and, because small labels are the first thing a blurred photo loses, every line and
/// every date is kept too, for the MRZ to pick out what agrees with it.
public struct VisualZone: Sendable, Equatable {
  public var surname: String?
  public var givenNames: String?
  public var dateOfBirth: CalendarDate?
  public var placeOfBirth: String?
  public var dateOfIssue: CalendarDate?
  /// Every non-empty line, and every date found anywhere, in reading order.
  public var lines: [String] = []
  public var dates: [CalendarDate] = []

  public init(
    surname: String? = nil, givenNames: String? = nil, dateOfBirth: CalendarDate? = nil, placeOfBirth: String? = nil,
    dateOfIssue: CalendarDate? = nil
  ) {
    self.surname = surname
    self.givenNames = givenNames
    self.dateOfBirth = dateOfBirth
    self.placeOfBirth = placeOfBirth
    self.dateOfIssue = dateOfIssue
  }

  static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

  public init(text: String) {
    let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingBlanks() }.filter { !$0.isEmpty }
    func valueLines(after pattern: [String]) -> [String] {
      guard let index = lines.firstIndex(where: { line in pattern.contains { line.lowercased().contains($0) } }) else {
        return []
      }
      return Array(lines[(index + 1)..<min(lines.count, index + 3)])
    }
    surname = valueLines(after: ["surname", "nom /", "/ nom"]).first.flatMap(Self.name)
    givenNames = valueLines(after: ["given name", "prénom", "prenom"]).first.flatMap(Self.name)
    dateOfBirth =
      valueLines(after: ["date of birth", "naissance /", "date de naissance"]).lazy.compactMap(Self.date).first
    dateOfIssue = valueLines(after: ["date of issue", "délivrance", "delivrance"]).lazy.compactMap(Self.date).first
    placeOfBirth = valueLines(after: ["place of birth", "lieu de naissance"]).first.flatMap(Self.place)
    self.lines = lines
    dates = lines.compactMap(Self.date)
  }

  /// A name as printed: letters (any script), spaces, hyphens and apostrophes.
  static func name(_ line: String) -> String? {
    let text = line.trimmingBlanks()
    guard (1...80).contains(text.count),
      text.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" || $0 == "’" }),
      text.contains(where: \.isLetter)
    else { return nil }
    return text
  }

  static func place(_ line: String) -> String? {
    let text = line.trimmingBlanks()
    guard (2...60).contains(text.count), text.allSatisfy({ $0.isLetter || " -',.()".contains($0) }) else { return nil }
    return text
  }

  /// `16 APR 2012`, `16 APR/AVR 2012`, `16.04.2012`, `16/04/2012` or `2012-04-16`, anywhere in the line.
  static func date(_ line: String) -> CalendarDate? {
    let words = line.uppercased().split(separator: " ").map(String.init)
    for (index, word) in words.enumerated() {
      if let day = Int(word), index + 2 < words.count,
        let month = months.firstIndex(of: String(words[index + 1].prefix(3))),
        words[index + 2].count == 4, let year = Int(words[index + 2]),
        let date = CalendarDate(year: year, month: month + 1, day: day)
      {
        return date
      }
      if let date = CalendarDate(word) { return date }
      let parts = word.split(whereSeparator: { $0 == "." || $0 == "/" })
      if parts.count == 3, word.count == 10, let day = Int(parts[0]), let month = Int(parts[1]),
        let year = Int(parts[2]),
        let date = CalendarDate(year: year, month: month, day: day)
      {
        return date
      }
    }
    return nil
  }
}

/// Names as the MRZ must write them (ICAO 9303 part 3 transliteration), to tell whether a
/// printed name and an MRZ name are the same name.
public enum Transliteration {
  static let table: [Character: String] = [
    "Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "ẞ": "SS", "Å": "AA", "Æ": "AE", "Ø": "OE", "Œ": "OE", "Þ": "TH",
    "Ĳ": "IJ",
  ]

  /// Upper case, diacritics dropped (or spelled out, as ICAO spells Ä, Ö, Ü), apostrophes
  /// dropped, hyphens and spaces as `<`.
  public static func mrz(_ name: String, spellOut: Bool = true) -> String {
    var out = ""
    for character in name.uppercased() {
      if spellOut, let spelled = table[character] {
        out += spelled
      } else if character == " " || character == "-" {
        out += "<"
      } else if character == "'" || character == "’" {
        continue
      } else if let base = bases[character] {
        out.append(base)
      } else if character.isASCII && character.isLetter {
        out.append(character)
      }
    }
    return out
  }

  /// Accented Latin capitals and the letter under each (É → E).
  static let bases: [Character: Character] = {
    let groups: [(String, Character)] = [
      ("ÀÁÂÃĀĂĄǍ", "A"), ("ÇĆĈĊČ", "C"), ("ĎĐÐ", "D"), ("ÈÉÊËĒĔĖĘĚ", "E"), ("ĜĞĠĢ", "G"), ("ĤĦ", "H"),
      ("ÌÍÎÏĨĪĬĮİ", "I"), ("Ĵ", "J"), ("Ķ", "K"), ("ĹĻĽĿŁ", "L"), ("ÑŃŅŇŊ", "N"), ("ÒÓÔÕŌŎŐ", "O"), ("ŔŖŘ", "R"),
      ("ŚŜŞŠ", "S"), ("ŢŤŦ", "T"), ("ÙÚÛŨŪŬŮŰŲ", "U"), ("Ŵ", "W"), ("ÝŶŸ", "Y"), ("ŹŻŽ", "Z"),
      ("ÄÅÆ", "A"), ("ÖØŒ", "O"), ("Ü", "U"),
    ]
    var table: [Character: Character] = [:]
    for (letters, base) in groups { for letter in letters { table[letter] = base } }
    return table
  }()

  /// Whether the printed name and the MRZ name agree: the same after transliteration (either
  /// convention for umlauts), allowing the MRZ to be truncated.
  public static func consistent(printed: String, mrz: String) -> Bool {
    let target = mrz.replacingSpaces()
    for candidate in [Self.mrz(printed), Self.mrz(printed, spellOut: false)] {
      if candidate == target || (target.count >= 8 && candidate.hasPrefix(target)) { return true }
    }
    return false
  }
}

extension Transliteration {
  /// Whether the printed name is a different name, not the MRZ's name with an OCR slip: more
  /// than two edits apart (and more than a quarter of its length).
  public static func contradicts(printed: String, mrz: String) -> Bool {
    let a = Array(Self.mrz(printed, spellOut: false))
    let b = Array(mrz.replacingSpaces())
    let distance = editDistance(a, b)
    return distance > 2 && distance * 4 > max(a.count, b.count)
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}

extension String {
  fileprivate func trimmingBlanks() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text = text.dropFirst() }
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }

  fileprivate func replacingSpaces() -> String {
    String(map { $0 == " " ? "<" : $0 })
  }
}

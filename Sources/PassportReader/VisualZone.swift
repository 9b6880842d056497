import KYCModel

/// What the printed (visual inspection) zone of a data page says, read by layout: the field
/// captions are found in the languages passports print (`PrintedField`), and each value is read
/// beside its caption or under it, within the caption's column — pages print fields in two or
/// three columns. Because small captions are the first thing a blurred photo loses, every line
/// and every date is kept too, for the MRZ to pick out what agrees with it.
public struct VisualZone: Sendable, Equatable {
  public var surname: String?
  public var givenNames: String?
  public var dateOfBirth: CalendarDate?
  /// The birth date was printed with a four-digit year: its century is the page's.
  public var birthYearPrinted = false
  public var placeOfBirth: String?
  public var dateOfIssue: CalendarDate?
  public var dateOfExpiry: CalendarDate?
  public var documentNumber: String?
  public var authority: String?
  /// What stands under the nationality caption: a value no other field may take.
  public var nationality: [String] = []
  /// Every non-empty line, and every date found anywhere, in reading order.
  public var lines: [String] = []
  public var dates: [CalendarDate] = []
  /// The dates printed with a four-digit year, labelled or not: their century is the page's.
  public var fullYearDates: [CalendarDate] = []

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

  /// The zone of plain text laid out as a monospaced page (see `OCRWord.words(text:)`).
  public init(text: String, today: CalendarDate) {
    self.init(words: OCRWord.words(text: text), today: today)
  }

  public init(words: [OCRWord], today: CalendarDate) {
    let layout = CaptionLayout(words: words)
    lines = layout.lines.map { $0.map(\.text).joined(separator: " ") }
    let printed = lines.compactMap { PrintedDate.first(in: $0, today: today, futureYears: 20) }
    dates = printed.map(\.date)
    fullYearDates = printed.filter(\.fullYear).map(\.date)
    func date(_ field: PrintedField, futureYears: Int = 0) -> PrintedDate? {
      layout.values(for: field).lazy.compactMap { PrintedDate.first(in: $0, today: today, futureYears: futureYears) }
        .first
    }
    surname = layout.values(for: .surname).lazy.compactMap(Self.name).first
    givenNames = layout.values(for: .givenNames).lazy.compactMap(Self.name).first
    let birth = date(.dateOfBirth)
    dateOfBirth = birth?.date
    birthYearPrinted = birth?.fullYear ?? false
    dateOfIssue = date(.dateOfIssue)?.date
    dateOfExpiry = date(.dateOfExpiry, futureYears: 20)?.date
    placeOfBirth = layout.values(for: .placeOfBirth).lazy.compactMap(PlaceName.value).first
    authority = layout.values(for: .authority).lazy.compactMap(Self.place).first { $0.uppercased() == $0 }
    documentNumber = layout.values(for: .documentNumber).lazy.compactMap(Self.documentNumber).first
    nationality = layout.values(for: .nationality)
    // The nationality (`ESPAÑOLA`, `HRVATSKO`) read in the place's column is not the place.
    if let place = placeOfBirth, Self.sameWord(place, nationality) { placeOfBirth = nil }
  }

  /// Whether `text` begins as one of `values` does (five letters, diacritics and case aside).
  static func sameWord(_ text: String, _ values: [String]) -> Bool {
    let start = String(PrintedField.normalized(text).prefix(5))
    return start.count == 5 && values.contains { String(PrintedField.normalized($0).prefix(5)) == start }
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

  /// A place as printed: letters and the punctuation of place names, at least two letters.
  static func place(_ line: String) -> String? {
    let text = line.trimmingBlanks()
    guard (2...60).contains(text.count), text.allSatisfy({ $0.isLetter || " -',.()".contains($0) }),
      text.filter(\.isLetter).count >= 2
    else { return nil }
    return text
  }

  /// A document number as printed: 5–12 letters and digits, with at least one digit.
  static func documentNumber(_ line: String) -> String? {
    let word = line.split(separator: " ").map(String.init).first { $0.count >= 5 && $0.contains(where: \.isNumber) }
    guard let word, word.count <= 12, word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
      return nil
    }
    return word.uppercased()
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

  /// The letter under an accented capital (É → E); any other character as it is.
  static func base(_ character: Character) -> Character {
    bases[character] ?? character
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

  /// Whether the printed name and the MRZ name are the same name: equal after transliteration
  /// (either convention for umlauts), token by token. Only when the MRZ ran out of room
  /// (`truncated`) may the printed name run on past it.
  public static func consistent(printed: String, mrz: String, truncated: Bool = false) -> Bool {
    let target = mrz.replacingSpaces()
    for candidate in [Self.mrz(printed), Self.mrz(printed, spellOut: false)] {
      if candidate == target || (truncated && target.count >= 8 && candidate.hasPrefix(target)) { return true }
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

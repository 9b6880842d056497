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
      ("ŚŜŞŠȘ", "S"), ("ŢŤŦȚ", "T"), ("ÙÚÛŨŪŬŮŰŲ", "U"), ("Ŵ", "W"), ("ÝŶŸ", "Y"), ("ŹŻŽ", "Z"),
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
  fileprivate func replacingSpaces() -> String {
    String(map { $0 == " " ? "<" : $0 })
  }
}

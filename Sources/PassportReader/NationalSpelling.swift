/// Printed names and places in the issuing state's own letters. The zone is read with Tesseract's
/// English model, which reads `ROZÁLIA` as `ROZALIA`, `MÜLLER` as `MULLER` and `KRAKÓW` as
/// `KRAKOW`; the state's language model (Debian's `tesseract-ocr-<language>`, a few MB, loaded on
/// first use) reads the accents. Only the rows that hold a word of the MRZ's names, or the place
/// of birth, are read again, and a new reading is taken only where it still spells that name
/// after ICAO transliteration, or the place's letters: accents are all it can add. (Tesseract's
/// Latin-script model reads them too, but is 89 MB, takes 0.5 s to load and 280 MB of memory,
/// against 0.1 s and a few MB for one language.)
struct NationalSpelling {
  /// The issuing state's language model.
  let recognizer: any TextRecognizer
  /// The MRZ's surname, its given names together and each alone, words apart by spaces.
  let mrzNames: [String]

  /// The Tesseract language of the names each state prints, by ICAO code: the languages whose
  /// alphabets add letters to English's. A state not listed keeps the English reading.
  static let languages: [String: String] = [
    "D": "deu", "AUT": "deu", "LIE": "deu", "CHE": "deu", "HUN": "hun", "POL": "pol", "CZE": "ces", "SVK": "slk",
    "FIN": "fin", "SWE": "swe", "NOR": "nor", "DNK": "dan", "ISL": "isl", "EST": "est", "LVA": "lav", "LTU": "lit",
    "FRA": "fra", "BEL": "fra", "LUX": "fra", "MCO": "fra", "ESP": "spa", "PRT": "por", "BRA": "por", "ITA": "ita",
    "NLD": "nld", "HRV": "hrv", "SVN": "slv", "ROU": "ron", "TUR": "tur", "MEX": "spa", "ARG": "spa", "COL": "spa",
    "CHL": "spa", "PER": "spa",
  ]

  /// Letters of a state's alphabet that have no base letter the English model could read instead:
  /// it reads `AZƏRBAYCAN` as `AZORBAYCAN`, a wrong value that looks right. No accent folds them.
  static let lettersBeyondEnglish: [String: Set<Character>] = ["AZE": ["Ə", "ə"]]

  /// Whether a place read for `state` can stand as read: where the state's alphabet has letters
  /// English cannot read, only a reading that shows them (the state's model's) is trusted — a place
  /// without them may be one whose letters were silently swapped.
  static func readsInEnglish(place: String, state: String) -> Bool {
    guard let beyond = lettersBeyondEnglish[state] else { return true }
    return place.contains(where: beyond.contains)
  }

  /// `zone` with the MRZ's names as the state's model reads them in `image` (whose word boxes
  /// are `words`): each row that holds a word of those names is read again, and a run of its
  /// words that spells one of them replaces the English reading of that name.
  func respell(_ zone: VisualZone, words: [OCRWord], image: GrayImage) -> VisualZone {
    let nameWords = Set(mrzNames.flatMap { $0.split(separator: " ").map { Self.folded(String($0)) } })
    let rows = PrintedRows(words: words).rows.map { row in
      row.filter { cell in cell.words.contains { nameWords.contains(Self.folded($0.text)) } }
    }.filter { !$0.isEmpty }
    // Names stand in one column: from its left edge, a word the English model lost (`ROZÁLIA`
    // before `IRMA`) is still there for the state's model to read.
    guard let column = rows.joined().map(\.left).min() else { return zone }
    var spelled: [String: String] = [:]
    for named in rows {
      let line = WordRow.line(of: named.flatMap(\.words), from: column, in: image)
      let read = recognizer.read(line, mode: 7).split(whereSeparator: \.isWhitespace).map(String.init)
      // The case is the English reading's to tell: a model slips between `JOÃO` and `João`.
      let capitals = named.flatMap(\.words).allSatisfy { word in word.text.allSatisfy { !$0.isLetter || $0.isUppercase }
      }
      for (mrz, national) in Self.runs(of: read, spelling: mrzNames) where spelled[mrz] == nil {
        spelled[mrz] = capitals ? national.uppercased() : national
      }
    }
    guard !spelled.isEmpty else { return zone }
    var zone = zone
    func respelled(_ name: String?) -> String? {
      guard let name else { return nil }
      return spelled.first { Self.spells(name, $0.key) }?.value ?? name
    }
    zone.surname = respelled(zone.surname)
    zone.givenNames = respelled(zone.givenNames)
    // Names are picked from the lines when their captions were lost: the state's spelling first.
    zone.lines = mrzNames.compactMap { spelled[$0] } + zone.lines
    return zone
  }

  /// `place` (the English model's reading of the place of birth, its words among `words`) in the
  /// state's letters: its row is read again from the place's first word, and a run of that
  /// reading with the place's letters, accents aside, and an accent among them replaces it.
  /// No MRZ vouches for a place, so nothing but accents may change.
  func respell(place: String, words: [OCRWord], image: GrayImage) -> String {
    let wanted = place.split(separator: " ").map { Self.letters(String($0)) }
    guard let first = place.split(separator: " ").first.map(String.init),
      let read = WordRow.reading(from: first, key: Self.letters, words: words, in: image, with: recognizer),
      let national = Self.run(of: read, spelling: wanted)
    else { return place }
    // The case is the English reading's to tell, as for names; and the respelled run must still
    // read as a place (no caption's slash or mark carried in with it).
    let respelled = place.contains(where: \.isLowercase) ? national : national.uppercased()
    return PlaceName.value(respelled) == respelled ? respelled : place
  }

  /// Whether the state's model reads `place` (one view's place by field order, its words among
  /// `words`) with the same letters on its line, accents aside. The English model misreads some
  /// letters of a state's names alike every time (`RUEKA` for the `IJ` of `RIJEKA`, on its line
  /// too); the state's model, which knows its letters, reads them otherwise.
  func confirms(place: String, words: [OCRWord], image: GrayImage) -> Bool {
    WordRow.readsAgain(
      place.split(separator: " ").map(String.init), key: Self.letters, words: words, in: image, with: recognizer)
  }

  /// The run of `words` whose letters are `wanted`'s, accents aside, with an accent among them.
  static func run(of words: [String], spelling wanted: [String]) -> String? {
    guard !wanted.isEmpty, words.count >= wanted.count else { return nil }
    for start in 0...(words.count - wanted.count) {
      let run = Array(words[start..<(start + wanted.count)])
      if run.map(letters) == wanted, run.joined().contains(where: { $0.isLetter && !$0.isASCII }) {
        return run.joined(separator: " ")
      }
    }
    return nil
  }

  /// A word of a place as compared across models: its letters folded as a name's, a district
  /// number (`07`) as it is.
  static func letters(_ word: String) -> String {
    word.contains(where: \.isLetter) ? folded(word) : word
  }

  /// Each MRZ name that a run of `words` spells, with that run: the longest run first, so
  /// `ROZÁLIA IRMA` is found whole, and a letter of the next cell read with it (`A IRMA`) is left out.
  static func runs(of words: [String], spelling names: [String]) -> [(String, String)] {
    var found: [(String, String)] = []
    for length in stride(from: words.count, through: 1, by: -1) {
      for start in 0...(words.count - length) {
        let run = words[start..<(start + length)].joined(separator: " ")
        guard VisualZone.name(run) != nil, run.contains(where: { !$0.isASCII }) else { continue }
        for name in names where spells(run, name) && !found.contains(where: { $0.0 == name }) {
          found.append((name, run))
        }
      }
    }
    return found
  }

  /// A name's word as the MRZ would write it with umlauts dropped rather than spelled out, so the
  /// English model's `MULLER` and the MRZ's `MUELLER` are the same word.
  static func folded(_ word: String) -> String {
    var folded = Transliteration.mrz(word, spellOut: false)
    for (spelled, letter) in [("AE", "A"), ("OE", "O"), ("UE", "U"), ("AA", "A")] {
      folded = folded.replacing(spelled, with: letter)
    }
    return folded
  }

  /// Whether `printed` is the MRZ name `mrz`.
  static func spells(_ printed: String, _ mrz: String) -> Bool {
    Transliteration.consistent(printed: printed, mrz: mrz)
  }
}

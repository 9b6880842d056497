import KYCModel

/// The printed zone as rows of cells, rebuilt from word boxes rather than from Tesseract's own
/// lines (which on a busy page split one printed row into many, or join two columns), and the
/// rules that find fields by ICAO 9303's field order when their small captions were lost: the
/// place of birth is the first place-like value after the row of the date of birth, and the date
/// of issue the first date after it that could be one.
struct PrintedRows {
  /// Words of one printed row that stand together: a gap wider than a few letters splits cells.
  struct Cell: Equatable {
    var words: [OCRWord]
    var text: String { words.map(\.text).joined(separator: " ") }
    var left: Int { words.first!.left }
    var right: Int { words.last!.right }
  }

  /// Rows top to bottom, each with its cells left to right.
  let rows: [[Cell]]

  init(words: [OCRWord]) {
    var rows: [[OCRWord]] = []
    for word in words.sorted(by: { $0.top + $0.bottom < $1.top + $1.bottom }) where word.height > 0 {
      let center = (word.top + word.bottom) / 2
      // A word belongs to the row whose middle it straddles.
      if let index = rows.lastIndex(where: { row in
        let top = row.map(\.top).min()!
        let bottom = row.map(\.bottom).max()!
        return center > top && center < bottom && abs(word.height - (bottom - top)) < max(word.height, bottom - top)
      }) {
        rows[index].append(word)
      } else {
        rows.append([word])
      }
    }
    self.rows = rows.map(Self.cells)
  }

  /// A row's words split into cells at gaps wider than twice the row's letter height.
  static func cells(_ row: [OCRWord]) -> [Cell] {
    let words = row.sorted { $0.left < $1.left }
    let height = words.map(\.height).sorted()[words.count / 2]
    var cells: [Cell] = []
    for word in words {
      if let last = cells.last?.words.last, word.left - last.right <= 2 * height {
        cells[cells.count - 1].words.append(word)
      } else {
        cells.append(Cell(words: [word]))
      }
    }
    return cells
  }

  /// A field's value on the page: its row, and the cell that holds it.
  typealias Located = (row: Int, cell: Cell)

  /// The cell holding a printed date with `birth`'s day, month and two-digit year; failing
  /// that, the first that starts the date with its day and month, the year lost under a stamp
  /// or a fold (`01 JAN-7IAN S85`).
  func birthDate(_ birth: CalendarDate, today: CalendarDate) -> Located? {
    func first(where matches: (Cell) -> Bool) -> Located? {
      for (index, row) in rows.enumerated() { if let cell = row.first(where: matches) { return (index, cell) } }
      return nil
    }
    let whole = first { cell in
      PrintedDate.all(in: cell.text, today: today).contains { printed in
        printed.date.month == birth.month && printed.date.day == birth.day
          && printed.date.year % 100 == birth.year % 100
      }
    }
    return whole ?? first { PrintedDate.startsWith(birth, in: $0.text) }
  }

  /// The place of birth by field order: the first cell that reads as a place — past the sex
  /// printed before it, and past captions — in the rows after the birth date's (at most three,
  /// and not past the date of issue) and in its column, as fields stack in a column (a label
  /// beside the page is not a field); or, when the birth date was not read, in the row right
  /// above the date of issue.
  func placeOfBirth(after birth: Located?, before issue: Located?, today: CalendarDate) -> String? {
    func place(in row: [Cell], under column: Cell?) -> String? {
      row.lazy.filter { cell in column.map { cell.right > $0.left && cell.left < $0.right } ?? true }.compactMap {
        cell in
        guard PrintedDate.first(in: cell.text, today: today, futureYears: 20) == nil,
          let place = PlaceName.value(cell.text), Self.confident(place, in: cell)
        else { return nil }
        return place
      }.first
    }
    if let birth {
      let end = min(issue?.row ?? rows.count, birth.row + 4, rows.count)
      guard birth.row + 1 < end else { return nil }
      let below = rows[(birth.row + 1)..<end]
      // Most pages stack the place under the birth date; some (Hungary's) print it under the
      // nationality, in the column beside.
      return below.lazy.compactMap { place(in: $0, under: birth.cell) }.first
        ?? below.lazy.compactMap { place(in: $0, under: nil) }.first
    }
    // Without the birth date to start from, only what stands right over the date of issue, in
    // its column: a row further up may be the nationality (`Suomi Finland`), which reads as a place.
    guard let issue else { return nil }
    // Unless the place was read into the date's own cell (`Jyvaskyla 14.05.2024`): then it is
    // there or nowhere, and the row above is the nationality's.
    let before = issue.cell.words.prefix { !$0.text.contains(where: \.isNumber) }
    if before.contains(where: { $0.text.filter(\.isLetter).count >= 2 }) {
      return place(in: [Cell(words: Array(before))], under: nil)
    }
    guard issue.row > 0 else { return nil }
    return place(in: rows[issue.row - 1], under: issue.cell)
  }

  /// Below this, Tesseract's confidence in a word says it guessed: noise on a small scan read as
  /// a place (`HRRO`, `Teese`, `RECHE`) scores 0. A place under a stamp scores little but not
  /// nothing (the Canadian specimen's `OTTAWA`: 4); places read right elsewhere score 20 and more.
  /// No caption vouches for a place found by field order, so a guess is not taken.
  static let placeConfidence = 1.0

  /// Whether OCR had some confidence in each word of `place` in `cell`.
  static func confident(_ place: String, in cell: Cell) -> Bool {
    let words = Set(place.split(separator: " ").map(String.init))
    return cell.words.filter { words.contains(PlaceName.trimmingMarks($0.text)) }.allSatisfy {
      $0.confidence >= placeConfidence
    }
  }

  /// The date of issue by field order: the first date after the birth date's row (anywhere, when
  /// it was not read) that `plausible` accepts, and its row. Given the date of `born`, the birth
  /// date's own row counts too, but for what is on that day and month: a busy page read as one
  /// line puts both dates in it.
  ///
  /// With `joiningDigits`, a date whose spaces were lost (`010103`) is read as one: the caller
  /// accepts the result only where it is the expiry's anniversary. No digit is ever changed: a
  /// day OCR slipped (`73 LIP/JUL 2006`) is no date, and the field stays missing rather than take
  /// the expiry's day, which the page may not print.
  func dateOfIssue(
    after birth: Located?, born: CalendarDate? = nil, today: CalendarDate, plausible: (CalendarDate) -> Bool,
    joiningDigits: Bool = false
  ) -> (date: CalendarDate, row: Int, cell: Cell)? {
    let first = birth.map { born == nil ? $0.row + 1 : $0.row } ?? 0
    for (index, row) in rows.enumerated() where index >= first {
      for cell in row {
        let text = joiningDigits ? Self.separatingDigits(cell.text) : cell.text
        let found = PrintedDate.all(in: text, today: today).first { printed in
          let birthDay = born.map { printed.date.day == $0.day && printed.date.month == $0.month } ?? false
          return plausible(printed.date) && !(index == birth?.row && birthDay)
        }
        if let found { return (found.date, index, cell) }
      }
    }
    return nil
  }

  /// `text` with a date whose spaces OCR lost (`010103` for `01 01 03`, `01012003`) written with
  /// them again; other words as they are. Six or eight digits are as often a number as a date,
  /// so only the mending path reads them, where the expiry's anniversary must vouch for the result.
  static func separatingDigits(_ text: String) -> String {
    text.split(separator: " ").map { word -> String in
      guard word.count == 6 || word.count == 8, word.allSatisfy(\.isNumber) else { return String(word) }
      let digits = Array(word)
      return "\(String(digits[0..<2])) \(String(digits[2..<4])) \(String(digits[4...]))"
    }.joined(separator: " ")
  }
}

/// A place name as data pages print it, told apart from OCR noise and captions: one to four
/// words, each in capitals or capitalised (`Rovaniemi`), with an optional district number or
/// state code after it (`BUDAPEST 07`, `OTTAWA CAN`). The sex printed before it in the same
/// row (`F`, `K/F`, `N/F`) is dropped. Kept as printed: upper case only where the page has it.
enum PlaceName {
  static func value(_ text: String) -> String? {
    // Words of marks alone (`*`, `°`, `—`) are OCR's noise around the value, not part of it.
    let words = text.split(separator: " ").map { trimmingMarks(String($0)) }.filter {
      $0.contains { $0.isLetter || $0.isNumber }
    }
    if let name = name(words) { return name }
    // Caption noise merged into the value's cell (`Sex/Sexe Place of birth… OTTAWA CAN`): a
    // value printed in capitals still stands out at its end.
    guard let start = words.lastIndex(where: { !(isPlaceWord($0) || isDistrict($0) || isCode($0)) }),
      start + 1 < words.count, words[start + 1].allSatisfy({ !$0.isLetter || $0.isUppercase })
    else { return nil }
    return name(Array(words[(start + 1)...]))
  }

  /// The words as one place name, past the sex printed before it, or `nil`.
  private static func name(_ words: [String]) -> String? {
    var words = words[...]
    while let first = words.first, isSex(first) { words.removeFirst() }
    // A short first word is more often OCR noise (`Mea`, `MED`) than a town.
    guard (1...4).contains(words.count), let first = words.first, isPlaceWord(first), first.count >= 4 else {
      return nil
    }
    for (index, word) in words.enumerated().dropFirst() {
      let suffix = index == words.count - 1 && (isDistrict(word) || isCode(word))
      guard isPlaceWord(word) || suffix else { return nil }
    }
    let name = words.joined(separator: " ")
    // A caption is a label, not a value, nor is a caption word OCR slipped by a letter (`Liew`
    // for `Lieu`) or, in a long word, by two (`KXHIRATION` for `EXPIRATION`), nor the document's
    // own words.
    guard CaptionLayout.captions(in: OCRWord.words(text: name)).isEmpty else { return nil }
    for word in words {
      // A caption whose slash OCR read as an apostrophe (`Sex'Sexe`) is caption words still.
      let parts = word.split(whereSeparator: { "'’".contains($0) }).map { PrintedField.normalized(String($0)) }
      if parts.count > 1, parts.contains(where: captionParts.contains) { return nil }
      let folded = PrintedField.normalized(word)
      if documentWords.contains(folded) { return nil }
      if folded.count >= 4, captionWords.contains(where: { slipsApart(folded, $0) }) { return nil }
    }
    return name
  }

  /// A word without the punctuation OCR attaches around it (`(OTTAWA:`, `SZCZECIN.`, `“F)`);
  /// apostrophes and hyphens inside a name stay. Other marks (`TORONT°`) may be a misread
  /// letter: the word keeps them, and is no place.
  static func trimmingMarks(_ word: String) -> String {
    var word = Substring(word)
    while let first = word.first, attachedMarks.contains(first) { word = word.dropFirst() }
    while let last = word.last, attachedMarks.contains(last) { word = word.dropLast() }
    return String(word)
  }

  static let attachedMarks: Set<Character> = [
    ".", ",", ";", ":", "(", ")", "[", "]", "\"", "'", "“", "”", "‘", "’", "«", "»", "—", "–", "-", "~", "_",
  ]

  /// Whether OCR may have read caption word `b` as `a`: one slip, two in words of eight letters
  /// or more, where no town's name lies that close to a caption's word.
  static func slipsApart(_ a: String, _ b: String) -> Bool {
    let slips = min(a.count, b.count) >= 8 ? 2 : 1
    return abs(a.count - b.count) <= slips && Transliteration.editDistance(Array(a), Array(b)) <= slips
  }

  /// What a data page prints besides its fields: never a place of birth.
  static let documentWords: Set<String> = [
    "passport", "passeport", "pasaporte", "passaporto", "reisepass", "putovnica", "paszport", "utlevel", "passi",
    "specimen", "office", "republic", "republique", "ministry",
    // The holder's signature, whose caption stands in the zone on many pages.
    "signature", "signatur", "unterschrift", "firma", "paraksts", "parasas", "podpis", "allekirjoitus",
    "namnteckning", "handtekening", "assinatura", "holder",
    // The labels of a specimen figure's zones (`Visual Inspection Zone (VIZ)`).
    "visual", "inspection", "zone", "machine", "readable",
  ]

  /// Every word of every caption, at least three letters long (`sex`, `nom`).
  static let captionParts: Set<String> = Set(
    PrintedField.allCases.flatMap { $0.captions.flatMap { $0 } }.filter { $0.count >= 3 })

  /// Every word of every caption, at least four letters long: long enough to forgive a slip in.
  static let captionWords: Set<String> = captionParts.filter { $0.count >= 4 }

  /// `ZAGREB`, `Rovaniemi`, `SAINT-ÉTIENNE`, `Val-d'Or`: letters (any Latin script), hyphens and
  /// apostrophes, all capitals or a capital then lower case.
  static func isPlaceWord(_ word: String) -> Bool {
    let letters = word.filter(\.isLetter)
    guard letters.count >= 2, word.allSatisfy({ $0.isLetter || "-'’".contains($0) }), word.first!.isLetter else {
      return false
    }
    if letters.allSatisfy(\.isUppercase) { return true }
    // Capitalised parts: `Val-d'Or`, `Saint-Denis`.
    return word.split(whereSeparator: { "-'’".contains($0) }).allSatisfy { part in
      part.count <= 2 || (part.first!.isUppercase && part.dropFirst().allSatisfy(\.isLowercase))
    } && word.first!.isUppercase
  }

  /// `07`: a district number printed after a city.
  static func isDistrict(_ word: String) -> Bool { (1...2).contains(word.count) && word.allSatisfy(\.isNumber) }

  /// `CAN`, `GR`: a state or region code printed after a city.
  static func isCode(_ word: String) -> Bool {
    (2...3).contains(word.count) && word.allSatisfy { $0.isUppercase && $0.isASCII }
  }

  /// `F`, `M`, `X`, `K/F`, `N/F`, `M/M`, and `KIF` (K/F with the slash read as I).
  static func isSex(_ word: String) -> Bool {
    let letters = word.filter(\.isLetter)
    guard (1...3).contains(word.count), !letters.isEmpty, word.allSatisfy({ $0.isLetter || "/|".contains($0) })
    else { return false }
    guard let last = letters.last, "MFX".contains(last) else { return false }
    return word.count == 1 || word.contains("/") || word.contains("|")
      || (word.count == 3 && "Il1".contains(Array(word)[1]))
  }
}

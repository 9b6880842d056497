import CivilTime

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

  /// How far up and down a row reaches, for the words that join it.
  enum Span {
    /// Its words' typical (median) top and bottom: a tall word of noise (a `y` beside a caption)
    /// does not stretch it over the row printed under it, so a date gets a row of its own.
    case typical
    /// Its words' outermost top and bottom: a value printed close under noise or a caption joins
    /// that row and is no cell of its own. The cautious rows for a place by field order, which
    /// nothing else vouches for: on typical rows a Latvian authority (`PMLP`, beside the place)
    /// and a Croatian place misread alike twice (`RUEKA`) were proposed.
    case outermost
  }

  init(words: [OCRWord], span: Span = .outermost) {
    var rows: [[OCRWord]] = []
    for word in words.sorted(by: { $0.top + $0.bottom < $1.top + $1.bottom }) where word.height > 0 {
      let center = (word.top + word.bottom) / 2
      // A word belongs to the row whose middle it straddles.
      if let index = rows.lastIndex(where: { row in
        let top = span == .typical ? Self.median(row.map(\.top)) : row.map(\.top).min()!
        let bottom = span == .typical ? Self.median(row.map(\.bottom)) : row.map(\.bottom).max()!
        return center > top && center < bottom && abs(word.height - (bottom - top)) < max(word.height, bottom - top)
      }) {
        rows[index].append(word)
      } else {
        rows.append([word])
      }
    }
    self.rows = rows.map(Self.cells)
  }

  static func median(_ values: [Int]) -> Int { values.sorted()[values.count / 2] }

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
  ) -> (date: CalendarDate, row: Int, cell: Cell, dayDigits: Int)? {
    let first = birth.map { born == nil ? $0.row + 1 : $0.row } ?? 0
    for (index, row) in rows.enumerated() where index >= first {
      for cell in row {
        let text = joiningDigits ? Self.separatingDigits(cell.text) : cell.text
        let found = PrintedDate.all(in: text, today: today).first { printed in
          let birthDay = born.map { printed.date.day == $0.day && printed.date.month == $0.month } ?? false
          return plausible(printed.date) && !(index == birth?.row && birthDay)
        }
        if let found { return (found.date, index, cell, found.dayDigits) }
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

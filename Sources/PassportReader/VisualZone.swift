import CivilTime

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
  /// How many digits the date of issue's day was read with (`PrintedDate.dayDigits`).
  public var dateOfIssueDayDigits = 2
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
    let issue = date(.dateOfIssue)
    dateOfIssue = issue?.date
    dateOfIssueDayDigits = issue?.dayDigits ?? 2
    dateOfExpiry = date(.dateOfExpiry, futureYears: 20)?.date
    placeOfBirth = layout.values(for: .placeOfBirth).lazy.compactMap(PlaceName.value).first
    authority = layout.values(for: .authority).lazy.compactMap(Self.place).first { $0.uppercased() == $0 }
    documentNumber = layout.values(for: .documentNumber).lazy.compactMap(Self.documentNumber).first
    nationality = layout.values(for: .nationality)
    // The nationality (`ESPAÑOLA`, `HRVATSKO`) read in the place's column is not the place.
    if let place = placeOfBirth, Self.sameWord(place, nationality) { placeOfBirth = nil }
  }

  /// Whether `text`'s first word is a word of `values` as OCR may read it (five letters or more,
  /// diacritics and case aside, within two slips): the nationality (`ESPAÑOLA`, `HRVATSKO`) read
  /// in the place's column. A place that only begins as it does is a place (`BRASILIA`, beside
  /// `BRASILEIRO(A)`).
  static func sameWord(_ text: String, _ values: [String]) -> Bool {
    guard let first = text.split(separator: " ").first.map({ PrintedField.normalized(String($0)) }), first.count >= 5
    else { return false }
    return values.flatMap { $0.split(separator: " ") }.map { PrintedField.normalized(String($0)) }.contains { word in
      word.prefix(5) == first.prefix(5) && Transliteration.editDistance(Array(word), Array(first)) <= 2
    }
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

extension String {
  fileprivate func trimmingBlanks() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text = text.dropFirst() }
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }
}

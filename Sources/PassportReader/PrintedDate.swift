import CivilTime

/// A date as passports print it, in any of the national formats: `16 APR 2012`,
/// `22 FEB/FEB 78`, `01 MÁR/MAR 12`, `20 Juin/Jun 1978`, `25.12.1982.`, `16/04/2012`, `2012-04-16`,
/// `16 04 2012`. Pure: no locale data, no clock but the one passed in.
public struct PrintedDate: Sendable, Equatable {
  public var date: CalendarDate
  /// The year was printed with four digits, so its century is the page's, not a guess.
  public var fullYear: Bool
  /// How many digits the day was read with. Pages print two (ICAO's `DD`), so a day read with
  /// one may have lost one: `3 LIP JUL 2006`, read from a worn `13`.
  public var dayDigits = 2

  public init(date: CalendarDate, fullYear: Bool, dayDigits: Int = 2) {
    self.date = date
    self.fullYear = fullYear
    self.dayDigits = dayDigits
  }

  /// Month names and abbreviations, diacritics dropped, of the languages passports print dates
  /// in (English, French, Spanish, German, Italian, Portuguese, Dutch, Czech, Polish, Hungarian,
  /// Croatian, the Nordic languages). Longest first, so `JUIN` is not taken for `JUI…`.
  static let monthNames: [(String, Int)] = {
    let names: [[String]] = [
      ["JAN", "JANV", "JANVIER", "ENE", "ENERO", "GEN", "GENNAIO", "JANUAR", "JANUARY", "LED", "STY", "SIJ", "TAMMI"],
      ["FEB", "FEV", "FEVR", "FEVRIER", "FEBRERO", "FEBBRAIO", "FEBRUAR", "FEBRUARY", "UNO", "LUT", "VEL", "HELMI"],
      ["MAR", "MARS", "MARZO", "MARZ", "MAERZ", "MARCH", "MRT", "BRE", "OZU", "MAALIS"],
      ["APR", "AVR", "AVRIL", "ABR", "ABRIL", "APRILE", "APRIL", "DUB", "KWI", "TRA", "HUHTI"],
      ["MAY", "MAI", "MAYO", "MAG", "MAGGIO", "MEI", "MAJ", "KVE", "SVI", "TOUKO"],
      ["JUN", "JUIN", "JUNIO", "GIU", "GIUGNO", "JUNI", "JUNE", "CVN", "CZE", "KESA"],
      ["JUL", "JUIL", "JUILLET", "JULIO", "LUG", "LUGLIO", "JULI", "JULY", "CVC", "HEINA", "LIP"],
      ["AUG", "AOUT", "AGO", "AGOSTO", "AUGUST", "SRP", "SIE", "KOL", "ELO"],
      ["SEP", "SEPT", "SEPTEMBRE", "SET", "SETTEMBRE", "SEPTIEMBRE", "SEPTEMBER", "ZAR", "WRZ", "RUJ", "SZEP", "SYYS"],
      ["OCT", "OCTOBRE", "OCTUBRE", "OTT", "OTTOBRE", "OKT", "OKTOBER", "OCTOBER", "OUT", "RIJ", "PAZ", "LOKA"],
      ["NOV", "NOVEMBRE", "NOVIEMBRE", "NOVEMBER", "LIS", "STU", "MARRAS"],
      ["DEC", "DECEMBRE", "DIC", "DICIEMBRE", "DICEMBRE", "DEZ", "DEZEMBER", "DECEMBER", "PRO", "GRU", "JOULU"],
    ]
    var table: [(String, Int)] = []
    for (index, group) in names.enumerated() { for name in group { table.append((name, index + 1)) } }
    return table.sorted { $0.0.count > $1.0.count }
  }()

  /// The month a word names (`FEB`, `Juin`, `MÁR`), or `nil`.
  static func month(_ word: Substring) -> Int? {
    let letters = String(word.uppercased().compactMap { Transliteration.base($0) }.filter(\.isLetter))
    guard letters.count >= 3 else { return nil }
    return monthNames.first { letters == $0.0 }?.1 ?? monthNames.first { $0.0.count == 3 && letters.hasPrefix($0.0) }?.1
  }

  /// A number as printed, forgiving the letters OCR reads for digits (`O7` → 07, `i0` → 10).
  static func number(_ word: Substring) -> Int? {
    let digits = word.map { character -> Character in
      switch character {
      case "O", "o", "D", "Q": return "0"
      case "I", "i", "l", "|": return "1"
      default: return character
      }
    }
    guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isNumber) else { return nil }
    return Int(String(digits))
  }

  /// The first date in `text`. Two-digit years take the century that puts the date at or
  /// before `today` plus `futureYears` (an expiry may be ahead; a birth or issue date not).
  public static func first(in text: String, today: CalendarDate, futureYears: Int = 0) -> PrintedDate? {
    // Separators between day, month and year: spaces, dots, slashes, hyphens, commas.
    let tokens = tokens(text)
    func year(_ word: Substring) -> (Int, Bool)? {
      guard let value = number(word) else { return nil }
      if word.count == 4 { return (value, true) }
      guard word.count == 2 else { return nil }
      let limit = today.year + futureYears
      let inCentury = limit / 100 * 100 + value
      return (inCentury <= limit ? inCentury : inCentury - 100, false)
    }
    func make(_ y: (Int, Bool)?, _ month: Int?, _ day: Substring) -> PrintedDate? {
      guard let (year, full) = y, let month, let value = number(day), (1...31).contains(value), year >= 1880,
        let date = CalendarDate(year: year, month: month, day: value)
      else { return nil }
      return PrintedDate(date: date, fullYear: full, dayDigits: day.count)
    }
    var index = 0
    while index < tokens.count {
      let word = tokens[index]
      // 2012-04-16
      if word.count == 4, index + 2 < tokens.count,
        let found = make(
          year(word), number(tokens[index + 1]), tokens[index + 2]), tokens[index + 1].count <= 2
      {
        return found
      }
      // A day, then a month name (maybe a second one after a slash) or number, then a year.
      if word.count <= 3, number(word) != nil, index + 2 < tokens.count {
        var next = index + 1
        if var month = self.month(tokens[next]) {
          // A second month name (`FEB/FEB`), maybe garbled (`JUN/JJUN`), before the year. The
          // second is the English one: it settles a national name two languages share (`LIP`
          // is July in Polish, June in Croatian).
          if next + 2 < tokens.count, tokens[next + 1].allSatisfy(\.isLetter), year(tokens[next + 1]) == nil {
            next += 1
            month = self.month(tokens[next]) ?? month
          }
          if next + 1 < tokens.count, let found = make(year(tokens[next + 1]), month, word) { return found }
        } else if tokens[next].count <= 2, let month = number(tokens[next]), (1...12).contains(month),
          let found = make(year(tokens[next + 1]), month, word)
        {
          return found
        }
      }
      // 16APR12, 16APR2012
      if let found = compact(word, year: year) { return found }
      index += 1
    }
    return nil
  }

  /// The words of `text` between the separators of day, month and year (spaces, dots, slashes,
  /// hyphens, commas), without the quotes and marks OCR attaches to a word (`“O1`, `12»`).
  static func tokens(_ text: String) -> [Substring] {
    let separators: Set<Character> = [" ", ".", "/", "-", ",", "\t"]
    return text.split(whereSeparator: { separators.contains($0) }).map { word in
      word.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }.reversed()
    }.filter { !$0.isEmpty }.map { Substring(String($0)) }
  }

  /// Whether `text` prints `date`'s day and then its month (by name or number) at some word,
  /// whatever follows: a date whose year was lost is still known by its day and month.
  public static func startsWith(_ date: CalendarDate, in text: String) -> Bool {
    let tokens = tokens(text)
    return zip(tokens, tokens.dropFirst()).contains { day, month in
      day.count <= 2 && number(day) == date.day
        && (self.month(month) == date.month || (month.count <= 2 && number(month) == date.month))
    }
  }

  /// Every date in `text`, in order: a busy row read as one line holds several.
  public static func all(in text: String, today: CalendarDate, futureYears: Int = 0) -> [PrintedDate] {
    let words = text.split(separator: " ")
    var found: [PrintedDate] = []
    for start in words.indices {
      guard let date = first(in: words[start...].joined(separator: " "), today: today, futureYears: futureYears)
      else { break }
      if found.last != date { found.append(date) }
    }
    return found
  }

  /// A day, month name and year written together: `16APR12`.
  static func compact(_ word: Substring, year: (Substring) -> (Int, Bool)?) -> PrintedDate? {
    let characters = Array(word)
    guard (7...9).contains(characters.count), characters.prefix(2).allSatisfy(\.isNumber),
      let day = Int(String(characters.prefix(2))), let month = month(Substring(String(characters[2..<5])))
    else { return nil }
    let rest = Substring(String(characters[5...]))
    guard let (y, full) = year(rest), let date = CalendarDate(year: y, month: month, day: day) else { return nil }
    return PrintedDate(date: date, fullYear: full)
  }
}

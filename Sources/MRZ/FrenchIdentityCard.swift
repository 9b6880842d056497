import CivilTime

/// The French national identity card of 1988–2021 (carte nationale d'identité sécurisée): two
/// lines of 36 characters like ICAO's TD2, in France's own layout, with no expiry in the zone.
///
///     IDFRA<surname, 25><department, 3><office, 3>
///     <number, 12><check><given names, 14><birth YYMMDD><check><sex><composite>
///
/// The number opens with the year and month of issue (`YYMM`). The composite digit covers both
/// lines up to it. The card's term is not printed in the zone: ten years, or fifteen for a card
/// issued from 2 January 2004 to an adult (décret n° 2013-1188) — so the reader refuses a card
/// whose term has surely ended, and reports no expiry date.
enum FrenchIdentityCard {
  /// Whether the first line opens as this card's does: a TD2-sized zone of France's `ID`.
  static func matches(_ firstLine: [Character], format: MRZFormat) -> Bool {
    format == .td2 && firstLine.starts(with: "IDFRA")
  }

  static let layout = MRZLayout(
    format: .td2, names: 5..<30, givenNames: 49..<63, number: 36..<48, numberCheck: 48, nationality: 2..<5,
    birth: 63..<69, birthCheck: 69, sex: 70, expiry: nil, expiryCheck: nil, optional: [30..<36],
    composite: ([0..<71], 71), uncheckedLines: [])

  /// The month of issue the number opens with: 1988 to 2021.
  static func issueMonth(number: String) -> (year: Int, month: Int)? {
    let digits = number.prefix(4).compactMap(\.wholeNumberValue)
    guard digits.count == 4 else { return nil }
    let yy = digits[0] * 10 + digits[1]
    let month = digits[2] * 10 + digits[3]
    let year = yy >= 88 ? 1900 + yy : 2000 + yy
    guard (1...12).contains(month), (1988...2021).contains(year) else { return nil }
    return (year, month)
  }

  /// The last day the card is surely valid: its term from the first day of its month of issue,
  /// less a day. Fifteen years only when the holder was surely an adult on that first day and the
  /// card was issued in 2004 or later (a card of early January 2004 may predate the extension,
  /// and is then given ten).
  static func lastValidDay(issued: (year: Int, month: Int), birth: CalendarDate) -> CalendarDate? {
    guard let first = CalendarDate(year: issued.year, month: issued.month, day: 1) else { return nil }
    let adult = birth.years(until: first) >= 18
    let extended = adult && (issued.year > 2004 || (issued.year == 2004 && issued.month > 1))
    let end = issued.year + (extended ? 15 : 10)
    let (year, month) = issued.month == 1 ? (end - 1, 12) : (end, issued.month - 1)
    return CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
  }
}

import CivilTime

/// What a date of issue must fit, given the expiry the MRZ vouches for: states issue documents for
/// a few whole terms, so the date of issue usually lies on the expiry's anniversary.
enum ValidityTerm {
  /// The years states issue passports and identity cards for: a date of issue a year off on the
  /// expiry's day and month (`2025` read for `2023`, valid to 2033) is a misread, not a term.
  static let usualTerms: Set<Int> = [1, 2, 3, 4, 5, 6, 7, 10, 15]
  /// The terms nearly every state issues adults' documents for.
  static let commonTerms: Set<Int> = [5, 10]

  /// The longest a document runs, in months: fifteen years, and the nine months the United
  /// Kingdom carried over from the passport replaced until 2018, and a month's slack. A date of
  /// issue further back is a misread year (`2003` for `2013`, valid to 2023), however captioned.
  static let longestMonths = 15 * 12 + 10

  /// Whether `date` may be the date of issue of a document of a holder born on `birth`, read on
  /// `today`, valid to `expiry` where the zone carries one: after the birth, not ahead of today,
  /// before the expiry and not further back from it than the longest term.
  static func plausibleIssue(_ date: CalendarDate, birth: CalendarDate, today: CalendarDate, expiry: CalendarDate?)
    -> Bool
  {
    guard date > birth, date <= today else { return false }
    guard let expiry else { return true }
    let months = (expiry.year - date.year) * 12 + expiry.month - date.month
    return date < expiry && months <= longestMonths
  }

  /// The same day and month, or one day off (validity that ends the day before), a usual
  /// validity term earlier; across a month's end too: issued on the 1st, valid to the last day
  /// of the month before (`01.11.10` for an expiry of 2020-10-31).
  static func isAnniversary(_ issue: CalendarDate, of expiry: CalendarDate, terms: Set<Int> = usualTerms) -> Bool {
    let sameMonth = issue.month == expiry.month && abs(issue.day - expiry.day) <= 1
    let monthBefore =
      issue.day == 1 && expiry.month % 12 + 1 == issue.month
      && expiry.day == CalendarDate.daysIn(month: expiry.month, year: expiry.year)
    guard sameMonth || monthBefore else { return false }
    // Valid to 31 December from 1 January runs into the next year's count.
    let years = expiry.year - issue.year + (monthBefore && issue.month == 1 ? 1 : 0)
    return terms.contains(years)
  }

  /// Whether a date found by field order alone lies a usual validity term before the expiry,
  /// within a month either way: the birth date or another printed date read in its place does not.
  static func withinTerm(_ issue: CalendarDate, of expiry: CalendarDate) -> Bool {
    let months = (expiry.year - issue.year) * 12 + expiry.month - issue.month
    return usualTerms.contains { abs(months - $0 * 12) <= 1 }
  }

  /// Whether a read date is one digit away from the anniversary at a common term, without lying
  /// on one itself: the likeliest misread of a worn digit. Either a digit of its year, on the
  /// expiry's day and month (`2008` read for `2009` on a passport valid five years, though six
  /// years is a term too), or the last digit of its day, in the expiry's month and term year
  /// (`04.07.2009` read for `01.07.2009`, valid to 2014-07-01).
  /// It is not reported: neither its caption nor views that agree settle it (every view of the
  /// page misreads a worn digit alike), and the anniversary may not stand in for it. The day's
  /// tens digit is no such evidence: states issue on days other than the expiry's (`01.03.2014`,
  /// valid to 2019-03-21, on the Australian specimen), and a misread tens digit rarely makes a day.
  static func oneDigitFromAnniversary(_ issue: CalendarDate, of expiry: CalendarDate) -> Bool {
    guard !isAnniversary(issue, of: expiry, terms: commonTerms) else { return false }
    let years = yearsOneDigitAway(from: issue.year).map { (year: $0, day: issue.day) }
    // The day before the expiry's is an anniversary only by `isAnniversary`'s day of slack: a
    // misread of it would spread the doubt over the ten days before (the 13th, valid to the 20th).
    let days = daysOneLastDigitAway(from: issue.day).filter { !(issue.month == expiry.month && $0 == expiry.day - 1) }
      .map { (year: issue.year, day: $0) }
    return (years + days).contains { other in
      CalendarDate(year: other.year, month: issue.month, day: other.day).map {
        isAnniversary($0, of: expiry, terms: commonTerms)
      } == true
    }
  }

  /// The days of a month that differ from `day` in their last digit only.
  static func daysOneLastDigitAway(from day: Int) -> [Int] {
    (0...9).map { day / 10 * 10 + $0 }.filter { $0 != day && (1...31).contains($0) }
  }

  /// The four-digit years that differ from `year` in one digit.
  static func yearsOneDigitAway(from year: Int) -> [Int] {
    [1000, 100, 10, 1].flatMap { place in
      let digit = year / place % 10
      return (0...9).filter { $0 != digit }.map { year + ($0 - digit) * place }.filter { $0 >= 1000 }
    }
  }
}

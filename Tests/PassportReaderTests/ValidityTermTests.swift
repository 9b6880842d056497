import CivilTime
import Testing

@testable import PassportReader

@Suite struct ValidityTermTests {
  @Test func aYearOneDigitOffTheAnniversaryIsInDoubt() {
    // The Croatian page read tilted: `2008` for a five-year passport of 2009, though six years is a term.
    let croatian = CalendarDate("2014-07-01")!
    #expect(ValidityTerm.isAnniversary(CalendarDate("2008-07-01")!, of: croatian))
    #expect(ValidityTerm.oneDigitFromAnniversary(CalendarDate("2008-07-01")!, of: croatian))
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-07-01")!, of: croatian))
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2004-07-01")!, of: croatian))  // ten years
    // A day other than the expiry's is no evidence of a misread: the Australian specimen was
    // issued on 01.03.2014, valid to 2019-03-21.
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2014-03-01")!, of: CalendarDate("2019-03-21")!))
    // Two year digits off (`1998` for `2009`): not this doubt.
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("1998-07-01")!, of: croatian))
  }

  @Test func aDayOneLastDigitOffTheAnniversaryIsInDoubt() {
    // The Croatian page cropped tight: two views read `04.07.2009` for `01.07.2009`, valid to 2014-07-01.
    let croatian = CalendarDate("2014-07-01")!
    #expect(ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-07-04")!, of: croatian))
    #expect(ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-07-07")!, of: croatian))
    // A day off (valid to the day before) is the anniversary itself.
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-07-02")!, of: croatian))
    // Another month, or another tens digit of the day, is no slip of the last digit.
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-06-04")!, of: croatian))
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-07-14")!, of: croatian))
    // Valid to the 20th: the 24th is doubted (the 20th or 21st misread); the 13th is two digits
    // from either, though one from the 19th, which is an anniversary only by a day of slack.
    let twentieth = CalendarDate("2014-07-20")!
    #expect(ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-07-24")!, of: twentieth))
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-07-13")!, of: twentieth))
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2009-07-19")!, of: twentieth))
    // Issued on the 1st, valid to the last day of the month before: `04.11.2010` for `01.11.2010`.
    #expect(ValidityTerm.oneDigitFromAnniversary(CalendarDate("2010-11-04")!, of: CalendarDate("2020-10-31")!))
    #expect(!ValidityTerm.oneDigitFromAnniversary(CalendarDate("2010-11-01")!, of: CalendarDate("2020-10-31")!))
  }

  @Test func daysOneLastDigitAway() {
    #expect(ValidityTerm.daysOneLastDigitAway(from: 4) == [1, 2, 3, 5, 6, 7, 8, 9])
    #expect(ValidityTerm.daysOneLastDigitAway(from: 31) == [30])
    #expect(ValidityTerm.daysOneLastDigitAway(from: 20) == [21, 22, 23, 24, 25, 26, 27, 28, 29])
  }

  @Test func yearsOneDigitAway() {
    let years = ValidityTerm.yearsOneDigitAway(from: 2009)
    #expect(years.count == 4 * 9 - 1 && years.contains(2008) && years.contains(2019) && years.contains(1009))
    #expect(!years.contains(2009) && !years.contains(2018) && !years.contains(9))
  }

  @Test func aDateOfIssueFurtherBackThanAnyTermIsNoDateOfIssue() {
    let (birth, today) = (CalendarDate("1967-07-29")!, CalendarDate("2023-01-29")!)
    let expiry = CalendarDate("2019-03-21")
    func plausible(_ date: String, expiry: CalendarDate? = expiry) -> Bool {
      ValidityTerm.plausibleIssue(CalendarDate(date)!, birth: birth, today: today, expiry: expiry)
    }
    #expect(plausible("2014-03-01"))
    // `2003` for `2013` under its caption, valid ten years to 2023: twenty years before the
    // expiry. (Ten years off a five-year term gives fifteen, a term too: that is not told apart.)
    let tenYears = CalendarDate("2023-03-10")
    #expect(plausible("2013-03-11", expiry: tenYears) && !plausible("2003-03-11", expiry: tenYears))
    #expect(plausible("2004-03-01") && !plausible("2002-03-01"))
    // A British passport of 2008 with nine months carried over: ten years and nine months.
    #expect(plausible("2008-06-21"))
    #expect(!plausible("2019-03-21") && !plausible("1967-07-28") && !plausible("2024-01-01", expiry: nil))
    // Without an expiry in the zone, only the birth and today bound it.
    #expect(plausible("1990-01-01", expiry: nil))
  }
}

import CivilTime
import Testing

@testable import PassportReader

@Suite struct ValidityTermTests {
  @Test func aYearOneDigitOffTheAnniversaryIsInDoubt() {
    // The Croatian page read tilted: `2008` for a five-year passport of 2009, though six years is a term.
    let croatian = CalendarDate("2014-07-01")!
    #expect(ValidityTerm.isAnniversary(CalendarDate("2008-07-01")!, of: croatian))
    #expect(ValidityTerm.oneYearDigitFromAnniversary(CalendarDate("2008-07-01")!, of: croatian))
    #expect(!ValidityTerm.oneYearDigitFromAnniversary(CalendarDate("2009-07-01")!, of: croatian))
    #expect(!ValidityTerm.oneYearDigitFromAnniversary(CalendarDate("2004-07-01")!, of: croatian))  // ten years
    // A day other than the expiry's is no evidence of a misread: the Australian specimen was
    // issued on 01.03.2014, valid to 2019-03-21.
    #expect(!ValidityTerm.oneYearDigitFromAnniversary(CalendarDate("2014-03-01")!, of: CalendarDate("2019-03-21")!))
    // Two year digits off (`1998` for `2009`): not this doubt.
    #expect(!ValidityTerm.oneYearDigitFromAnniversary(CalendarDate("1998-07-01")!, of: croatian))
  }

  @Test func yearsOneDigitAway() {
    let years = ValidityTerm.yearsOneDigitAway(from: 2009)
    #expect(years.count == 4 * 9 - 1 && years.contains(2008) && years.contains(2019) && years.contains(1009))
    #expect(!years.contains(2009) && !years.contains(2018) && !years.contains(9))
  }
}

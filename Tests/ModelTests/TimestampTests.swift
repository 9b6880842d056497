import CivilTime
import Testing

@testable import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct TimestampTests {
  @Test func formatsRFC3339WithMillisecondsInUTC() {
    #expect(Timestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    #expect(Timestamp.string(from: Date(timeIntervalSince1970: 1_732_881_793.25)) == "2024-11-29T12:03:13.250Z")
    #expect(Timestamp.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    #expect(Timestamp.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
  }

  @Test func parsesOnlyRealCalendarDates() {
    #expect(CalendarDate("2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
    #expect(CalendarDate("2023-02-29") == nil)
    #expect(CalendarDate("1900-02-29") == nil)
    #expect(CalendarDate("2000-02-29") != nil)
    #expect(CalendarDate("2024-13-01") == nil)
    #expect(CalendarDate("2024-04-31") == nil)
    #expect(CalendarDate("2024-4-01") == nil)
    #expect(CalendarDate("2024-04-01T00:00") == nil)
    #expect(CalendarDate("２０２４-04-01") == nil)
    #expect(CalendarDate("1974-08-12")!.description == "1974-08-12")
    #expect(CalendarDate("1974-08-12")! < CalendarDate("1974-08-13")!)
  }
}

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// RFC 3339 timestamps in UTC with milliseconds (`2024-01-15T10:30:00.123Z`), computed by hand
/// so the functions need no calendar or locale data. Millisecond strings of one width sort in
/// time order, which the stores rely on for "newest first".
public enum Timestamp {
  public static func string(from date: Date) -> String {
    let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    let millis = Int((totalMillis % 1000 + 1000) % 1000)
    let (day, secondOfDay) = CivilDay.split(epochSeconds: Int((totalMillis - Int64(millis)) / 1000))
    let date = CalendarDate(day)
    return date.description + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":"
      + pad(secondOfDay % 60, 2) + "." + pad(millis, 3) + "Z"
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}

extension CalendarDate {
  /// The UTC calendar date of an instant.
  public init(_ date: Date) {
    self.init(CivilDay.split(epochSeconds: Int(date.timeIntervalSince1970.rounded(.down))).day)
  }
}

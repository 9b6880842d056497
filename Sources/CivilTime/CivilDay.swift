/// A day of the proleptic Gregorian calendar from a count of days since 1970-01-01, and back
/// again, by Howard Hinnant's civil-from-days algorithm: no calendar or locale data needed.
public struct CivilDay: Sendable, Equatable {
  public let year: Int
  public let month: Int
  public let day: Int

  public init(daysSinceEpoch days: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    day = dayOfYear - (153 * mp + 2) / 5 + 1
    month = mp < 10 ? mp + 3 : mp - 9
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  }

  /// The day and the second within it of an instant given in whole seconds since 1970.
  public static func split(epochSeconds: Int) -> (day: CivilDay, secondOfDay: Int) {
    let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
    return (CivilDay(daysSinceEpoch: days), epochSeconds - days * 86_400)
  }
}

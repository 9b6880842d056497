import CivilTime

/// The views' votes: a settled proposal counts twice. A field is settled once a view settled
/// it or two views agree.
struct ViewBallot {
  /// What one view proposes, and how strongly.
  struct Proposal: Equatable {
    var dateOfIssue: CalendarDate?
    var issueSettled = false
    var placeOfBirth: String?
    var placeSettled = false
  }

  /// Each value with its votes and whether a view settled it.
  private var issues: [(CalendarDate, Int, Bool)] = []
  private var places: [(String, Int, Bool)] = []
  /// Whether a view settled the field (by its caption, or the expiry's anniversary).
  private(set) var issueSettledByAView = false
  private var placeSettled = false

  mutating func add(_ proposal: Proposal) {
    if let date = proposal.dateOfIssue {
      Self.count(date, settled: proposal.issueSettled, in: &issues)
      issueSettledByAView = issueSettledByAView || proposal.issueSettled
    }
    if let place = proposal.placeOfBirth {
      Self.count(place, settled: proposal.placeSettled, in: &places)
      placeSettled = placeSettled || proposal.placeSettled
    }
  }

  var settled: Bool { issueSettled && (placeSettled || places.contains { $0.1 >= 2 }) }
  /// The date of issue is settled: a view settled it, or two views agree.
  var issueSettled: Bool { issueSettledByAView || issues.contains { $0.1 >= 2 } }
  /// What the page settled, the only values reported: one a view settled (its caption; for the
  /// date, the expiry's anniversary) or one that two views agree on — and no other value with
  /// as many votes. One view's reading by field order alone is no evidence: a day misread
  /// (`03` for `13`) or a word of noise lies in the same place.
  var settledDateOfIssue: CalendarDate? { Self.settledWinner(issues, byAView: issueSettledByAView) }
  var settledPlaceOfBirth: String? { Self.settledWinner(places, byAView: placeSettled) }
  /// The one place any view proposed, when no view settled one: a second reading may confirm it.
  var soleProposedPlace: String? { !placeSettled && places.count == 1 ? places[0].0 : nil }

  static func count<T: Equatable>(_ value: T, settled: Bool, in tally: inout [(T, Int, Bool)]) {
    let weight = settled ? 2 : 1
    if let index = tally.firstIndex(where: { $0.0 == value }) {
      tally[index].1 += weight
      tally[index].2 = tally[index].2 || settled
    } else {
      tally.append((value, weight, settled))
    }
  }

  /// The value with the most votes among those a view settled (or, none settled, among those
  /// two views agree on), when no other has as many.
  static func settledWinner<T>(_ tally: [(T, Int, Bool)], byAView: Bool) -> T? {
    let candidates = tally.filter { byAView ? $0.2 : $0.1 >= 2 }
    guard let most = candidates.map(\.1).max(), candidates.filter({ $0.1 == most }).count == 1 else { return nil }
    return candidates.first { $0.1 == most }?.0
  }
}

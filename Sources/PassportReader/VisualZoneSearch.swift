import CivilTime
import KYCImaging
import MRZ

/// How the reader reads the printed zone. On a clean page one OCR pass finds every caption and
/// value. Real pages — small scans, guilloches behind the values, a SPECIMEN stamp or glare over
/// a field — lose different words in different grey conversions and layout modes, so the search
/// reads the zone in several views in turn and lets them vote on the date of issue and the place
/// of birth (the two fields only this zone carries), stopping as soon as both are settled.
struct VisualZoneSearch {
  let recognizer: any TextRecognizer
  /// More engines of the same model, each on a core of its own: the views are read that many more
  /// at once (`ViewRounds`).
  var otherRecognizers: [any TextRecognizer] = []
  let today: CalendarDate
  /// From the validated MRZ: the anchors of the field order, and what a date of issue must fit.
  let birth: CalendarDate
  /// `nil` where the zone carries none: no date is then proposed by field order or the expiry's
  /// anniversary, only by its caption.
  let expiry: CalendarDate?
  /// Past it, no further view is read: the fields not settled are reported as not read.
  let budget: TimeBudget
  /// Reads the names again in the issuing state's letters, when its language model is installed.
  var spelling: NationalSpelling? = nil

  /// One way of reading the zone: a grey conversion and a Tesseract page segmentation mode.
  struct View: Equatable {
    var conversion: GreyConversion
    /// 3: automatic layout; 11: sparse text (finds scattered values on a busy page); 6: one block.
    var mode: Int
    /// Thresholded against the local mean before OCR.
    var binarized = false
  }

  /// Likeliest first. Measured on the six real specimen pages with a printed zone: no single
  /// view reads both fields on more than three of them; the first four together read five dates
  /// of issue and four places of birth, with no wrong value. The last, thresholded against the
  /// local mean, is the only one that reads values under a coloured stamp on a small, unevenly
  /// lit page (the Canadian specimen's place of birth).
  static let views = [
    View(conversion: .luma, mode: 3), View(conversion: .flattenedLuma, mode: 3), View(conversion: .luma, mode: 11),
    View(conversion: .flattenedBrightest, mode: 6), View(conversion: .brightestChannel, mode: 3, binarized: true),
  ]

  /// Where the printed zone is.
  enum Region {
    /// Above the MRZ the search found (a passport page, a TD2 card), turned as it was read.
    case aboveMRZ(MRZSearch.Found)
    /// The whole front of a card whose MRZ is on its back, turned as the back was read.
    case wholeFront(quarterTurns: Int)
    /// Above the MRZ on a card's back (TD1): no personal data there, but most backs print the
    /// date of issue (`01.11.10`, `01 01 03`). Only that date is read, and only where its caption
    /// or the expiry's anniversary vouches for it: a back prints other numbers and dates.
    case cardBack(MRZSearch.Found)

    /// Whether the zone prints the place of birth, so the vote waits for it too.
    var printsPlace: Bool {
      if case .cardBack = self { return false }
      return true
    }

    /// A card's front rarely prints both fields the views vote on (the date of issue is often on
    /// the back), so a vote would never settle and every view would be read: one view is read.
    var views: [View] {
      if case .wholeFront = self { return [VisualZoneSearch.views[0]] }
      return VisualZoneSearch.views
    }

    /// The zone in `view`'s conversion of `image`.
    func zone(of image: Image, conversion: GreyConversion) -> GrayImage? {
      switch self {
      case .aboveMRZ(let found), .cardBack(let found):
        let page =
          conversion == found.conversion
          ? found.page : MRZSearch.workingPage(conversion.apply(image).turned(quarterTurns: found.quarterTurns))
        return PassportReader.visualZoneImage(page, band: found.band)
      case .wholeFront(let turns):
        return MRZSearch.workingPage(conversion.apply(image).turned(quarterTurns: turns))
      }
    }
  }

  /// Reads the zone of `image` (the decoded colour page) in `region`, scaled to the working
  /// size. The first view's zone carries everything else (names, printed birth and expiry); the
  /// votes fill in the two fields.
  func run(_ image: Image, region: Region, timings: inout [String: Double]) -> VisualZone {
    var first: ViewReading?
    var ballot = ViewBallot()
    /// The reading of the view that first proposed each place.
    var placeSources: [String: ViewReading] = [:]
    timings["visualZone", default: 0] += Stopwatch.milliseconds {
      ViewRounds(recognizers: [recognizer] + otherRecognizers).run(
        region.views, read: { [self] view, recognizer in read(view, of: image, in: region, with: recognizer) },
        take: { reading in
          guard let reading else { return true }
          ballot.add(reading.proposal)
          if let place = reading.proposal.placeOfBirth, placeSources[place] == nil { placeSources[place] = reading }
          if first == nil { first = reading }
          return !(region.printsPlace ? ballot.settled : ballot.issueSettled)
        }, outOfTime: { budget.expired })
    }
    if !region.printsPlace {
      return VisualZone(dateOfIssue: ballot.issueSettledByAView ? ballot.settledDateOfIssue : nil)
    }
    guard var zone = first?.zone else { return VisualZone() }
    zone.dateOfIssue = ballot.settledDateOfIssue
    zone.placeOfBirth = ballot.settledPlaceOfBirth
    // One view's place by field order, no other proposed: read its line again on its own, and
    // with the state's model where it is installed.
    if zone.placeOfBirth == nil, let place = ballot.soleProposedPlace, let source = placeSources[place] {
      timings["placeLine"] = Stopwatch.milliseconds {
        if confirmedOnItsLine(place, words: source.words, image: source.image),
          spelling?.confirms(place: place, words: source.words, image: source.image) ?? true
        {
          zone.placeOfBirth = place
        }
      }
    }
    if let spelling, let first {
      timings["nationalSpelling"] = Stopwatch.milliseconds {
        zone = spelling.respell(zone, words: first.words, image: first.image)
        if let place = zone.placeOfBirth {
          zone.placeOfBirth = spelling.respell(place: place, words: first.words, image: first.image)
        }
      }
    }
    return zone
  }

  /// What one view read: the zone as it laid out its words, and what it proposes.
  struct ViewReading: Sendable {
    var zone: VisualZone
    var words: [OCRWord]
    var image: GrayImage
    var proposal: ViewBallot.Proposal
  }

  /// Reads `view` of `region` with `recognizer`; `nil` where the region has no zone.
  func read(_ view: View, of image: Image, in region: Region, with recognizer: any TextRecognizer) -> ViewReading? {
    guard var above = region.zone(of: image, conversion: view.conversion) else { return nil }
    if view.binarized { above = above.binarized(radius: 20) }
    let words = recognizer.words(above, mode: view.mode)
    let zone = VisualZone(words: words, today: today)
    return ViewReading(zone: zone, words: words, image: above, proposal: propose(zone, words: words))
  }

  /// Whether `place`, read by one view, reads the same on its own line (thresholded and scaled,
  /// as `WordRow` cuts it): a second reading of a different kind, as the MRZ's per-line pass is.
  /// A word of noise or a misread name (`RIEKA` for `RIJEKA`) rarely reads the same twice.
  func confirmedOnItsLine(_ place: String, words: [OCRWord], image: GrayImage) -> Bool {
    WordRow.readsAgain(
      place.split(separator: " ").map(String.init), key: { $0 }, words: words, in: image, with: recognizer)
  }

  /// One view's proposal: the labelled value (its caption was read) settles a field; otherwise
  /// the field order proposes one, if it lies a usual validity term before the expiry, and a date
  /// of issue on the expiry's anniversary (passports run whole years, some a day short) is
  /// settled too. The anniversary confirms a printed date; it never stands in for one.
  func propose(_ zone: VisualZone, words: [OCRWord]) -> ViewBallot.Proposal {
    var proposal = ViewBallot.Proposal()
    let rows = PrintedRows(words: words, span: .typical)
    let birthDate = rows.birthDate(birth, today: today)
    let ordered = rows.dateOfIssue(after: birthDate, born: birth, today: today, plausible: issueByOrder)
    var dayDigits = 2
    if let labelled = zone.dateOfIssue, plausibleIssue(labelled) {
      proposal.dateOfIssue = labelled
      proposal.issueSettled = true
      dayDigits = zone.dateOfIssueDayDigits
    } else {
      proposal.dateOfIssue = ordered?.date
      dayDigits = ordered?.dayDigits ?? 2
    }
    if proposal.dateOfIssue == nil,
      let joined = rows.dateOfIssue(
        after: birthDate, born: birth, today: today,
        plausible: { anniversary($0) && plausibleIssue($0) }, joiningDigits: true)
    {
      proposal.dateOfIssue = joined.date
    }
    if let issue = proposal.dateOfIssue, anniversary(issue) { proposal.issueSettled = true }
    // One digit off the anniversary: likelier a misread of it than the date printed, and views
    // of one page misread a worn digit alike, so no agreement settles it either.
    if let issue = proposal.dateOfIssue, let expiry, ValidityTerm.oneDigitFromAnniversary(issue, of: expiry) {
      proposal.dateOfIssue = nil
      proposal.issueSettled = false
    }
    // A day read with one digit may have lost one (`3` for a worn `13`), alike in every view:
    // only the anniversary vouches for it.
    if let issue = proposal.dateOfIssue, dayDigits < 2, !anniversary(issue) {
      proposal.dateOfIssue = nil
      proposal.issueSettled = false
    }
    if let labelled = zone.placeOfBirth {
      proposal.placeOfBirth = labelled
      proposal.placeSettled = true
    } else if let place = placeByOrder(words), !VisualZone.sameWord(place, zone.nationality) {
      proposal.placeOfBirth = place
    }
    return proposal
  }

  /// A date of issue found by field order: one a usual validity term before the expiry.
  func issueByOrder(_ date: CalendarDate) -> Bool {
    plausibleIssue(date) && expiry.map { ValidityTerm.withinTerm(date, of: $0) } == true
  }

  /// The place of birth by field order, on the cautious rows (`PrintedRows.Span.outermost`).
  func placeByOrder(_ words: [OCRWord]) -> String? {
    let rows = PrintedRows(words: words, span: .outermost)
    let birthDate = rows.birthDate(birth, today: today)
    let issue = rows.dateOfIssue(after: birthDate, born: birth, today: today, plausible: issueByOrder)
    return rows.placeOfBirth(after: birthDate, before: issue.map { ($0.row, $0.cell) }, today: today)
  }

  func plausibleIssue(_ date: CalendarDate) -> Bool {
    ValidityTerm.plausibleIssue(date, birth: birth, today: today, expiry: expiry)
  }

  func anniversary(_ issue: CalendarDate) -> Bool {
    expiry.map { ValidityTerm.isAnniversary(issue, of: $0) } == true
  }
}

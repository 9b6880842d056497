/// One pass of the MRZ search: the page in one grey conversion, turned by a number of quarter
/// turns, searched for bands with one variant of the locator at each ink threshold in turn.
struct MRZPass: Equatable, Sendable, CustomStringConvertible {
  /// How the locator is set for the pass.
  enum Locator: Equatable, Sendable {
    /// Bands across at least half the page, half a row height of margin.
    case standard
    /// A whole row height above and below the lines: perspective or a misjudged skew may have
    /// clipped a line's top (a photo taken at an angle, scaled down).
    case tallBands
    /// Lines across a quarter of the picture: a card small in the frame, on a table.
    case smallDocument
  }

  var locator: Locator
  var conversion: GreyConversion
  /// Clockwise quarter turns applied to the upright-by-EXIF image.
  var quarterTurns: Int
  /// How much darker than its surroundings a pixel must be to count as ink, tried in turn: lower
  /// ignores more of a tinted or patterned background.
  var inkRatios = [0.85, 0.75]
  /// Band candidates per ink threshold.
  var bandsPerThreshold = 2

  /// The attempt's label in the search's diagnosis.
  var description: String {
    let label = "\(quarterTurns * 90)° \(conversion)"
    switch locator {
    case .standard: return label
    case .tallBands: return label + " tall bands"
    case .smallDocument: return label + " small document"
    }
  }

  /// The locator `base` set for this pass.
  func configure(_ base: MRZLocator) -> MRZLocator {
    var locator = base
    switch self.locator {
    case .standard: break
    case .tallBands: locator.verticalMargin = 1
    case .smallDocument: locator.minimumCoverage = MRZPass.smallDocumentCoverage
    }
    return locator
  }

  /// The share of the picture's width an MRZ line must cover in the small-document passes: a
  /// card a quarter of the frame wide is still found.
  static let smallDocumentCoverage = 0.25
}

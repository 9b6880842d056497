import MRZ

/// The MRZ search's passes, as data: stages of passes, cheapest and likeliest first, each run
/// only when what the stages before it found calls for it.
struct MRZSearchPlan: Equatable, Sendable {
  /// A group of passes and when it runs.
  struct Stage: Equatable, Sendable {
    var condition: Condition
    var passes: [MRZPass]
  }

  /// When a stage runs, judged on what the search found before it.
  enum Condition: Equatable, Sendable {
    case always
    /// Bands were found, but none read as MRZ lines: the lines may have been clipped.
    case bandsWithoutLines
    /// No band was found at all: the document may be small in the frame.
    case noBands

    /// Whether the stage runs after `bandsRead` bands, whose most informative failure is `failure`.
    func holds(bandsRead: Int, failure: MRZFailure) -> Bool {
      switch (self, failure) {
      case (.always, _): return true
      case (.bandsWithoutLines, .notFound): return bandsRead > 0
      case (.bandsWithoutLines, _): return false
      case (.noBands, _): return bandsRead == 0
      }
    }
  }

  var stages: [Stage]
  /// Whether bands found across the page (upright or upside down) rule out its quarter turns: on
  /// a page wider than tall. A taller one may be a landscape page photographed sideways, whose
  /// guilloches or portrait can still give a band across.
  var bandsAcrossRuleOutQuarterTurns = false

  /// The plan for a page of `width` × `height`: the page as it stands in both conversions, then
  /// the other orientations in luma, then in the brightest channel; taller bands over the first
  /// two when bands were found but no lines read; every pass again for a small document when no
  /// band was found.
  init(width: Int, height: Int) {
    let turns = Self.orientations(width: width, height: height)
    let standard =
      [(GreyConversion.luma, 0), (.brightestChannel, 0)] + turns.dropFirst().map { (GreyConversion.luma, $0) }
      + turns.dropFirst().map { (GreyConversion.brightestChannel, $0) }
    func passes(_ locator: MRZPass.Locator, _ order: [(GreyConversion, Int)]) -> [MRZPass] {
      order.map { MRZPass(locator: locator, conversion: $0.0, quarterTurns: $0.1) }
    }
    bandsAcrossRuleOutQuarterTurns = width > height
    stages = [
      Stage(condition: .always, passes: passes(.standard, standard)),
      Stage(condition: .bandsWithoutLines, passes: passes(.tallBands, Array(standard.prefix(2)))),
      Stage(condition: .noBands, passes: passes(.smallDocument, standard)),
    ]
  }

  init(stages: [Stage]) {
    self.stages = stages
  }

  /// Upright first; a page taller than wide is likely a landscape data page photographed in
  /// portrait, so the quarter turns come before upside down.
  static func orientations(width: Int, height: Int) -> [Int] {
    height > width ? [0, 1, 3, 2] : [0, 2, 1, 3]
  }
}

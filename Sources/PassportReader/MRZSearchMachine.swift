import MRZ

/// The MRZ search's decisions, apart from images and OCR: which pass comes next, what each
/// band's reading means for the search, and when it ends. `MRZSearch` performs the actions it
/// returns — locating bands, reading them — and tells it what they gave. `Evidence` is what the
/// search keeps beside a reading (the page and band it was read on).
struct MRZSearchMachine<Evidence> {
  /// A reading, the pass it was made in, and the search's evidence for it.
  struct Candidate {
    var reading: MRZReading
    var pass: MRZPass
    var evidence: Evidence
  }

  /// How the search ended: a reading, confirmed by a second reading or not (what is in doubt
  /// then waits for the printed page), or the most informative failure.
  enum Outcome {
    case found(Candidate, confirmed: Bool)
    case failed(MRZFailure)
  }

  /// What the search does next, between passes.
  enum Next {
    /// Locate bands on the page as `pass` prepares it, and read each (`bandRead`).
    case search(MRZPass)
    case finish(Outcome)
  }

  /// What the search does after a band.
  enum AfterBand {
    /// Read the pass's next band, or ask `next()` for the next pass.
    case goOn
    case finish(Outcome)
  }

  private let plan: MRZSearchPlan
  private var stage = 0
  private var pass = -1
  private var failure: MRZFailure = .notFound
  private var unconfirmed: Candidate?
  /// Bands read so far.
  private(set) var bandsRead = 0
  /// Bands found on the page upright or upside down: its text runs across, so it is not sideways.
  private var bandsAcross = 0
  /// Whether any band read as something like MRZ lines: without, the image shows no MRZ at all.
  private(set) var sawMRZLines = false
  /// The quarter turns of the first band read as MRZ lines that did not validate, or as MRZ
  /// filler: the page's orientation. Turned otherwise its lines read as nothing, so those passes
  /// are skipped (the taller bands over the page as it stands are not).
  private var pageTurns: Int?

  init(plan: MRZSearchPlan) {
    self.plan = plan
  }

  /// The next pass of the plan: the current stage's next one, else the first of the next stage
  /// whose condition holds; or the end of the search.
  mutating func next() -> Next {
    while stage < plan.stages.count {
      let current = plan.stages[stage]
      if pass == -1, !current.condition.holds(bandsRead: bandsRead, failure: failure) {
        stage += 1
        continue
      }
      pass += 1
      guard pass < current.passes.count else {
        (stage, pass) = (stage + 1, -1)
        continue
      }
      let candidate = current.passes[pass]
      // Names to confirm, the number sound: the page's orientation is known, so only readings
      // of the page turned as it is are tried.
      if let unconfirmed, !MRZConfirmation.numberInDoubt(unconfirmed.reading),
        candidate.quarterTurns != unconfirmed.pass.quarterTurns
      {
        continue
      }
      // Bands across a landscape page upright or upside down: its lines are horizontal, and a
      // quarter turn would stand them on end (a card's front, a licence: every pass for nothing).
      if plan.bandsAcrossRuleOutQuarterTurns, candidate.quarterTurns % 2 == 1, bandsAcross > 0 { continue }
      if let pageTurns, candidate.quarterTurns != pageTurns { continue }
      return .search(candidate)
    }
    return .finish(end())
  }

  /// What one band of `pass` gave: a valid reading ends the search, as does a refusal the check
  /// digits vouch for; a reading that needs confirmation waits for a second that agrees.
  mutating func bandRead(_ attempt: MRZBandReader.Attempt, in pass: MRZPass, evidence: Evidence) -> AfterBand {
    bandsRead += 1
    if pass.quarterTurns % 2 == 0 { bandsAcross += 1 }
    sawMRZLines = sawMRZLines || attempt.sawLines
    switch attempt {
    case .valid(let reading):
      return .finish(.found(Candidate(reading: reading, pass: pass, evidence: evidence), confirmed: true))
    case .unconfirmed(let reading):
      if var earlier = unconfirmed, MRZConfirmation.confirms(earlier.reading, reading) {
        // The same document: keep the reading that needed no mending of the names' length.
        if earlier.reading.repairs.uncheckedLength { earlier.reading = reading }
        return .finish(.found(earlier, confirmed: true))
      }
      if unconfirmed == nil { unconfirmed = Candidate(reading: reading, pass: pass, evidence: evidence) }
    case .failed(.invalid(let reason)):
      return .finish(.failed(.invalid(reason)))
    case .failed(let other):
      if other.informs(over: failure) { failure = other }
      if case .misread = other, pageTurns == nil { pageTurns = pass.quarterTurns }
    case .filler:
      if pageTurns == nil { pageTurns = pass.quarterTurns }
    }
    return .goOn
  }

  /// The budget ran out before the next band: the search ends with what failed so far (the
  /// reader tells out of time apart).
  func outOfTime() -> Outcome {
    .failed(failure)
  }

  /// Every pass run: an unconfirmed reading stands, unconfirmed — the reader checks what is in
  /// doubt (the number, the names' length) against the printed page.
  private func end() -> Outcome {
    guard let unconfirmed else { return .failed(failure) }
    return .found(unconfirmed, confirmed: false)
  }
}

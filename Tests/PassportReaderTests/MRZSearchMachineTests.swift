import Testing

@testable import KYCTestSupport
@testable import MRZ
@testable import PassportReader

/// The search's decisions alone: passes offered, bands reported, no image or OCR.
@Suite struct MRZSearchMachineTests {
  typealias Machine = MRZSearchMachine<Int>

  let plan = MRZSearchPlan(width: 40, height: 20)

  /// The passes the machine offers while every band it is told of gives `attempt`, one band a
  /// pass (or none with `bands: false`), until it finishes.
  static func run(
    _ machine: inout Machine, bands: Bool = true, attempt: (MRZPass) -> MRZBandReader.Attempt
  ) -> (passes: [MRZPass], outcome: Machine.Outcome) {
    var passes: [MRZPass] = []
    while true {
      switch machine.next() {
      case .finish(let outcome): return (passes, outcome)
      case .search(let pass):
        passes.append(pass)
        guard bands else { continue }
        if case .finish(let outcome) = machine.bandRead(attempt(pass), in: pass, evidence: passes.count) {
          return (passes, outcome)
        }
      }
    }
  }

  @Test func aValidReadingEndsTheSearchAtTheFirstPass() {
    var machine = Machine(plan: plan)
    let (passes, outcome) = Self.run(&machine) { _ in .valid(SpecimenMRZ.reading()) }
    #expect(passes.count == 1)
    guard case .found(let candidate, let confirmed) = outcome else { Issue.record("not found"); return }
    #expect(confirmed && candidate.evidence == 1 && candidate.pass == plan.stages[0].passes[0])
  }

  @Test func aRefusalTheCheckDigitsVouchForEndsTheSearch() {
    var machine = Machine(plan: plan)
    let (passes, outcome) = Self.run(&machine) { _ in .failed(.invalid("the document has expired")) }
    #expect(passes.count == 1)
    guard case .failed(.invalid(let reason)) = outcome else { Issue.record("not refused"); return }
    #expect(reason == "the document has expired")
  }

  @Test func aNumberInDoubtIsTakenWhenASecondReadingAgrees() {
    var machine = Machine(plan: plan)
    let doubtful = SpecimenMRZ.reading(number: "L8989O2C3")
    #expect(MRZConfirmation.numberInDoubt(doubtful))
    let (passes, outcome) = Self.run(&machine) { _ in .unconfirmed(doubtful) }
    #expect(passes.count == 2)
    // The first reading is kept: its page and band are where the search found it.
    guard case .found(let candidate, let confirmed) = outcome else { Issue.record("not found"); return }
    #expect(confirmed && candidate.evidence == 1)
  }

  @Test func readingsMendedAlikeRunThePlanAndStayUnconfirmed() {
    var machine = Machine(plan: plan)
    var swapped = SpecimenMRZ.reading()
    swapped.repairs.documentNumber = true
    let (passes, outcome) = Self.run(&machine) { _ in .unconfirmed(swapped) }
    // Every pass that may confirm it: the standard ones the page's orientation allows (bands lay
    // across it: no quarter turn), and the taller bands, as no band failed in a way that tells
    // more; bands were read, so no small-document pass.
    #expect(passes == plan.stages[0].passes.filter { $0.quarterTurns % 2 == 0 } + plan.stages[1].passes)
    guard case .found(let candidate, let confirmed) = outcome else { Issue.record("not found"); return }
    #expect(!confirmed && candidate.evidence == 1)
  }

  @Test func linesMisreadInOneOrientationKeepTheSearchToIt() {
    var machine = Machine(plan: MRZSearchPlan(width: 20, height: 40))
    // A portrait page: its quarter turns come first. Upright, the band reads as MRZ lines whose
    // check digits fail; turned otherwise, the lines would read as nothing.
    let (passes, outcome) = Self.run(&machine) {
      $0.quarterTurns == 0 ? .failed(.misread("birth date check digit does not match")) : .failed(.notFound)
    }
    #expect(passes.allSatisfy { $0.quarterTurns == 0 } && passes.count == 2)
    guard case .failed(.misread) = outcome else { Issue.record("not a misread"); return }
  }

  @Test func namesToConfirmKeepToTheOrientationTheyWereReadIn() {
    var machine = Machine(plan: plan)
    var mended = SpecimenMRZ.reading()
    mended.repairs.uncheckedLength = true
    let (passes, outcome) = Self.run(&machine) { $0.quarterTurns == 0 ? .unconfirmed(mended) : .valid(mended) }
    // Upright only: the two standard passes and the two taller bands.
    #expect(passes.allSatisfy { $0.quarterTurns == 0 } && passes.count == 4)
    // Two readings mended alike confirm nothing: the reading stands unconfirmed, for the page to settle.
    guard case .found(_, let confirmed) = outcome else { Issue.record("not found"); return }
    #expect(!confirmed)
  }

  @Test func aSecondReadingReadWholeConfirmsMendedNames() {
    var machine = Machine(plan: plan)
    var mended = SpecimenMRZ.reading()
    mended.repairs.uncheckedLength = true
    var whole = SpecimenMRZ.reading()
    whole.repairs.documentNumber = true
    var reads = 0
    let (_, outcome) = Self.run(&machine) { _ in
      reads += 1
      return .unconfirmed(reads == 1 ? mended : whole)
    }
    // Confirmed, and the reading kept is the one that needed no mending of its names.
    guard case .found(let candidate, let confirmed) = outcome else { Issue.record("not found"); return }
    #expect(confirmed && !candidate.reading.repairs.uncheckedLength && candidate.evidence == 1)
  }

  @Test func bandsWithoutLinesGetTallerBandsAndNoSmallDocumentPass() {
    var machine = Machine(plan: plan)
    let (passes, outcome) = Self.run(&machine) { _ in .failed(.notFound) }
    // Bands across the upright page: no quarter turn is tried.
    #expect(passes == plan.stages[0].passes.filter { $0.quarterTurns % 2 == 0 } + plan.stages[1].passes)
    #expect(!machine.sawMRZLines && machine.bandsRead == 6)
    guard case .failed(.notFound) = outcome else { Issue.record("found"); return }
  }

  @Test func fillerReadUprightKeepsTheSearchToItsOrientationAndItsTallerBands() {
    var machine = Machine(plan: plan)
    // A hand-held photo: upright, the standard bands clip the MRZ's tall lines to filler; turned,
    // they read as nothing. The taller bands upright come next, not the page upside down.
    let (passes, outcome) = Self.run(&machine) { $0.quarterTurns == 0 ? .filler : .failed(.notFound) }
    #expect(passes == plan.stages[0].passes.filter { $0.quarterTurns == 0 } + plan.stages[1].passes)
    // The image shows an MRZ: not unread for want of the other side, but unreadable.
    #expect(machine.sawMRZLines)
    guard case .failed(.notFound) = outcome else { Issue.record("found"); return }
  }

  @Test func bandsAcrossAPortraitPageRuleOutNoTurn() {
    // A taller page may be a landscape page photographed sideways: its quarter turns stay.
    let portrait = MRZSearchPlan(width: 20, height: 40)
    #expect(!portrait.bandsAcrossRuleOutQuarterTurns && plan.bandsAcrossRuleOutQuarterTurns)
    var machine = Machine(plan: portrait)
    let (passes, _) = Self.run(&machine) { _ in .failed(.notFound) }
    #expect(passes.filter { $0.quarterTurns % 2 == 1 }.count == 4)
  }

  @Test func aPageWithBandsOnlyOnEndIsTriedInItsQuarterTurns() {
    var machine = Machine(plan: plan)
    var passes: [MRZPass] = []
    while case .search(let pass) = machine.next() {
      passes.append(pass)
      // Bands only once the page is turned a quarter: it was photographed sideways.
      if pass.quarterTurns % 2 == 1 { _ = machine.bandRead(.failed(.notFound), in: pass, evidence: 0) }
    }
    #expect(passes.filter { $0.quarterTurns % 2 == 1 }.count == 4)
  }

  @Test func noBandAtAllGetsTheSmallDocumentPasses() {
    var machine = Machine(plan: plan)
    let (passes, _) = Self.run(&machine, bands: false) { _ in .failed(.notFound) }
    #expect(passes == plan.stages[0].passes + plan.stages[2].passes)
  }

  @Test func theMostInformativeFailureIsKept() {
    var machine = Machine(plan: plan)
    let (_, outcome) = Self.run(&machine) { pass in
      pass.quarterTurns == 0 && pass.conversion == .luma ? .failed(.misread("check digit")) : .failed(.notFound)
    }
    #expect(machine.sawMRZLines)
    guard case .failed(.misread(let reason)) = outcome else { Issue.record("not misread"); return }
    #expect(reason == "check digit")
  }

  @Test func outOfTimeEndsWithWhatFailedSoFar() {
    var machine = Machine(plan: plan)
    guard case .search(let pass) = machine.next() else { Issue.record("no pass"); return }
    _ = machine.bandRead(.failed(.misread("names")), in: pass, evidence: 1)
    guard case .failed(.misread) = machine.outOfTime() else { Issue.record("not misread"); return }
  }
}

import Testing

@testable import MRZ
@testable import PassportReader

@Suite struct MRZSearchPlanTests {
  @Test func thePageAsItStandsComesFirstInBothConversions() {
    let plan = MRZSearchPlan(width: 40, height: 20)
    let standard = plan.stages[0].passes
    #expect(standard[0] == MRZPass(locator: .standard, conversion: .luma, quarterTurns: 0))
    #expect(standard[1] == MRZPass(locator: .standard, conversion: .brightestChannel, quarterTurns: 0))
    #expect(standard.map(\.quarterTurns) == [0, 0, 2, 1, 3, 2, 1, 3])
    // A page taller than wide is likely a landscape page photographed in portrait.
    #expect(MRZSearchPlan(width: 20, height: 40).stages[0].passes.map(\.quarterTurns) == [0, 0, 1, 3, 2, 1, 3, 2])
  }

  @Test func theLastResortsRunOnlyWhenWhatCameBeforeCallsForThem() {
    let plan = MRZSearchPlan(width: 40, height: 20)
    #expect(plan.stages.map(\.condition) == [.always, .bandsWithoutLines, .noBands])
    #expect(plan.stages[1].passes.map(\.locator) == [.tallBands, .tallBands])
    #expect(plan.stages[1].passes.map(\.quarterTurns) == [0, 0])
    #expect(plan.stages[2].passes.count == 8 && plan.stages[2].passes.allSatisfy { $0.locator == .smallDocument })
    let tall = MRZSearchPlan.Condition.bandsWithoutLines
    #expect(tall.holds(bandsRead: 3, failure: .notFound))
    #expect(!tall.holds(bandsRead: 0, failure: .notFound))
    #expect(!tall.holds(bandsRead: 3, failure: .misread("check digit")))
    #expect(MRZSearchPlan.Condition.noBands.holds(bandsRead: 0, failure: .notFound))
    #expect(!MRZSearchPlan.Condition.noBands.holds(bandsRead: 1, failure: .notFound))
  }

  @Test func eachPassSetsTheLocatorItNames() {
    let base = MRZLocator()
    let tall = MRZPass(locator: .tallBands, conversion: .luma, quarterTurns: 0).configure(base)
    let small = MRZPass(locator: .smallDocument, conversion: .luma, quarterTurns: 0).configure(base)
    #expect(tall.verticalMargin == 1 && tall.minimumCoverage == base.minimumCoverage)
    #expect(small.minimumCoverage == MRZPass.smallDocumentCoverage && small.verticalMargin == base.verticalMargin)
    #expect(
      "\(MRZPass(locator: .tallBands, conversion: .brightestChannel, quarterTurns: 1))"
        == "90° brightest channel tall bands")
  }
}

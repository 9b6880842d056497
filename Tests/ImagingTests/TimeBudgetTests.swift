import KYCImaging
import Synchronization
import Testing

@Suite struct TimeBudgetTests {
  @Test func aBudgetExpiresWhenItsClockPassesTheDeadline() {
    let now = Mutex(1_000.0)
    let budget = TimeBudget(milliseconds: 50, clock: { now.withLock { $0 } })
    #expect(!budget.expired)
    now.withLock { $0 = 1_049 }
    #expect(!budget.expired)
    now.withLock { $0 = 1_050 }
    #expect(budget.expired)
  }
}

import Synchronization
import Testing

@testable import PassportReader

@Suite struct ViewRoundsTests {
  /// A recognizer that reads nothing and is told apart by its lane.
  struct Lane: TextRecognizer {
    let number: Int
    func read(_ image: GrayImage, mode: Int) -> String { "" }
    func words(_ image: GrayImage, mode: Int) -> [OCRWord] { [] }
  }

  /// Runs `views` over `lanes` lanes until `enough` readings are taken: (taken, read) as
  /// (view, lane) pairs, the read ones in the views' order.
  static func run(_ views: [Int], lanes: Int, enough: Int, outOfTimeAfterRounds: Int = .max) -> (
    taken: [[Int]], read: [[Int]]
  ) {
    let read = Mutex([[Int]]())
    var taken: [[Int]] = []
    var rounds = 0
    ViewRounds(recognizers: (0..<lanes).map { Lane(number: $0) }).run(
      views,
      read: { view, recognizer in
        let pair = [view, (recognizer as! Lane).number]
        read.withLock { $0.append(pair) }
        return pair
      },
      take: { pair in
        taken.append(pair)
        return taken.count < enough
      },
      outOfTime: {
        rounds += 1
        return rounds >= outOfTimeAfterRounds
      })
    return (taken, read.withLock { $0 }.sorted { $0[0] < $1[0] })
  }

  @Test func oneLaneReadsTheViewsOneByOneAndStopsWhenTold() {
    let (taken, read) = Self.run([0, 1, 2, 3, 4], lanes: 1, enough: 2)
    #expect(taken == [[0, 0], [1, 0]])
    #expect(read == taken)
  }

  @Test func twoLanesReadInRoundsAfterTheFirstViewAndHandBackInOrder() {
    let (taken, read) = Self.run([0, 1, 2, 3, 4], lanes: 2, enough: 2)
    // The first view alone, then views 1 and 2 at once; once view 1 settled it, view 2's reading
    // is dropped.
    #expect(taken == [[0, 0], [1, 0]])
    #expect(read == [[0, 0], [1, 0], [2, 1]])
  }

  @Test func everyViewTakenInRoundsOfTwo() {
    let (taken, read) = Self.run([0, 1, 2, 3], lanes: 2, enough: .max)
    #expect(taken == [[0, 0], [1, 0], [2, 1], [3, 0]])
    #expect(read == taken)
  }

  @Test func outOfTimeEndsTheSearchAfterARound() {
    let (taken, _) = Self.run([0, 1, 2, 3, 4], lanes: 2, enough: .max, outOfTimeAfterRounds: 2)
    #expect(taken == [[0, 0], [1, 0], [2, 1]])
  }
}

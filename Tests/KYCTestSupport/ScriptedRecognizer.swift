import Synchronization

@testable import PassportReader

/// A text recognizer that answers from a script, in order ("" once it runs out), and records the
/// page segmentation mode of each call: the search's order, budget and confirmation rules are
/// tested with it instead of Tesseract.
final class ScriptedRecognizer: TextRecognizer {
  private let state: Mutex<(answers: [String], modes: [Int])>
  /// Called after each reading: a test's clock moves on here.
  private let afterRead: @Sendable () -> Void

  init(_ answers: [String], afterRead: @escaping @Sendable () -> Void = {}) {
    state = Mutex((answers, []))
    self.afterRead = afterRead
  }

  /// The modes the reader was asked to read in, one per call.
  var modes: [Int] { state.withLock { $0.modes } }

  func read(_ image: GrayImage, mode: Int) -> String {
    defer { afterRead() }
    return state.withLock { state in
      state.modes.append(mode)
      return state.answers.isEmpty ? "" : state.answers.removeFirst()
    }
  }

  /// The next answer, as the words of its lines.
  func words(_ image: GrayImage, mode: Int) -> [OCRWord] {
    OCRWord.words(text: read(image, mode: mode))
  }
}

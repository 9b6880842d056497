/// The writing systems of the letters people's and places' names are written in, as far as the
/// single-script rule needs them (UTS #39 §5.1). Swift exposes no Script property, so the
/// blocks are listed here; a letter outside them counts as a script of its own, `other`, which
/// mixes with nothing but itself. Marks and digits belong to no script (Common, Inherited).
public enum Script: Sendable, Hashable {
  case latin, greek, cyrillic, armenian, georgian, hebrew, arabic, thaana, devanagari, bengali, gurmukhi
  case gujarati, tamil, telugu, kannada, malayalam, sinhala, thai, lao, tibetan, myanmar, ethiopic, khmer
  case mongolian, hangul, han, hiragana, katakana, bopomofo, other

  /// The script of a letter; `nil` for what belongs to every script (marks, digits, punctuation,
  /// and modifier letters such as the apostrophe U+02BC of Ukrainian and Uzbek names, or the
  /// Japanese length mark ー).
  public init?(_ scalar: Unicode.Scalar) {
    guard scalar.properties.isAlphabetic, !TextRule.isMark(scalar),
      scalar.properties.generalCategory != .modifierLetter
    else { return nil }
    let value = scalar.value
    guard let found = Self.blocks.first(where: { $0.range.contains(value) }) else {
      self = .other
      return
    }
    self = found.script
  }

  /// Whether the letters of `word` come from one script. As UTS #39 augments them, Han goes with
  /// Hiragana and Katakana (Japanese), with Hangul (Korean) and with Bopomofo (Chinese).
  public static func isSingleScript(_ word: some Sequence<Unicode.Scalar>) -> Bool {
    let scripts = Set(word.compactMap(Script.init))
    return scripts.count <= 1 || augmented.contains(where: scripts.isSubset(of:))
  }

  static let augmented: [Set<Script>] = [[.han, .hiragana, .katakana], [.han, .hangul], [.han, .bopomofo]]

  static let blocks: [(range: ClosedRange<UInt32>, script: Script)] = [
    (0x0041...0x024F, .latin), (0x0250...0x02AF, .latin), (0x1D00...0x1D7F, .latin), (0x1E00...0x1EFF, .latin),
    (0x2C60...0x2C7F, .latin), (0xA720...0xA7FF, .latin), (0xAB30...0xAB6F, .latin), (0xFF21...0xFF5A, .latin),
    (0x0370...0x03FF, .greek), (0x1F00...0x1FFF, .greek),
    (0x0400...0x052F, .cyrillic), (0x1C80...0x1C8F, .cyrillic), (0x2DE0...0x2DFF, .cyrillic),
    (0xA640...0xA69F, .cyrillic),
    (0x0530...0x058F, .armenian), (0x10A0...0x10FF, .georgian), (0x1C90...0x1CBF, .georgian),
    (0x0590...0x05FF, .hebrew), (0x0600...0x06FF, .arabic), (0x0750...0x077F, .arabic), (0x08A0...0x08FF, .arabic),
    (0xFB50...0xFDFF, .arabic), (0xFE70...0xFEFF, .arabic), (0x0780...0x07BF, .thaana),
    (0x0900...0x097F, .devanagari), (0x0980...0x09FF, .bengali), (0x0A00...0x0A7F, .gurmukhi),
    (0x0A80...0x0AFF, .gujarati), (0x0B80...0x0BFF, .tamil), (0x0C00...0x0C7F, .telugu),
    (0x0C80...0x0CFF, .kannada), (0x0D00...0x0D7F, .malayalam), (0x0D80...0x0DFF, .sinhala),
    (0x0E00...0x0E7F, .thai), (0x0E80...0x0EFF, .lao), (0x0F00...0x0FFF, .tibetan), (0x1000...0x109F, .myanmar),
    (0x1200...0x139F, .ethiopic), (0x1780...0x17FF, .khmer), (0x1800...0x18AF, .mongolian),
    (0x1100...0x11FF, .hangul), (0x3130...0x318F, .hangul), (0xAC00...0xD7AF, .hangul),
    (0x2E80...0x2FDF, .han), (0x3005...0x3007, .han), (0x3400...0x4DBF, .han), (0x4E00...0x9FFF, .han),
    (0xF900...0xFAFF, .han), (0x20000...0x3134F, .han),
    (0x3040...0x309F, .hiragana), (0x30A0...0x30FF, .katakana), (0x31F0...0x31FF, .katakana),
    (0xFF66...0xFF9D, .katakana), (0x3100...0x312F, .bopomofo), (0x31A0...0x31BF, .bopomofo),
  ]
}

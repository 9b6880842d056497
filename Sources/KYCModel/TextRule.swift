// The standard library's normalisers (the ones `String` comparison uses); FoundationEssentials,
// which the functions link instead of all of Foundation, has no public normalisation API.
@_spi(_Unicode) import Swift

/// Text checks shared by the request bodies: a value must read as what it is. Lengths count
/// Unicode scalars, not grapheme clusters, so one "character" cannot carry thousands of marks.
public enum TextRule {
  /// Combining marks one base character may carry: enough for Vietnamese, Thai or Devanagari,
  /// far too few to stack a "character" into a wall of marks.
  public static let maxMarksPerBase = 4

  /// Rejects values over `maxLength` scalars, and characters that make a value look other than
  /// it is: controls, format characters (bidi overrides such as U+202E, zero-width ones such as
  /// U+200B), default-ignorable code points (fillers such as U+3164 and U+FFA0, U+034F,
  /// variation selectors), blank glyphs (U+2800), private-use and unassigned code points, and
  /// runs of combining marks longer than `maxMarksPerBase`.
  public static func check(_ value: String, field: String, maxLength: Int) throws(ValidationError) {
    guard value.unicodeScalars.count <= maxLength else {
      throw .invalid("field '\(field)' must be at most \(maxLength) characters")
    }
    var marks = 0
    for scalar in value.unicodeScalars {
      let properties = scalar.properties
      switch properties.generalCategory {
      case .control: throw .invalid("field '\(field)' must not contain control characters")
      case .format:
        throw .invalid(
          "field '\(field)' must not contain invisible formatting characters (U+\(hex(scalar)))")
      case .privateUse, .unassigned, .surrogate:
        throw .invalid("field '\(field)' must not contain unassigned or private-use characters (U+\(hex(scalar)))")
      case .nonspacingMark, .spacingMark, .enclosingMark:
        marks += 1
        guard marks <= maxMarksPerBase else {
          throw .invalid("field '\(field)' must not stack more than \(maxMarksPerBase) marks on one character")
        }
      default:
        marks = 0
      }
      if properties.isDefaultIgnorableCodePoint || blanks.contains(scalar.value) {
        throw .invalid("field '\(field)' must not contain invisible characters (U+\(hex(scalar)))")
      }
    }
  }

  /// The checks of `check`, and those of a person's or a place's name: at least one letter, and
  /// no word that mixes scripts (UTS #39's single-script rule per word: `MUSTERMАNN` with a
  /// Cyrillic А is refused, `Мюллер Müller` is not).
  public static func checkName(_ value: String, field: String, maxLength: Int) throws(ValidationError) {
    try check(value, field: field, maxLength: maxLength)
    guard value.unicodeScalars.isEmpty || value.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else {
      throw .invalid("field '\(field)' must contain a letter")
    }
    for word in value.unicodeScalars.split(whereSeparator: { !$0.properties.isAlphabetic && !isMark($0) }) {
      guard Script.isSingleScript(word) else {
        throw .invalid("field '\(field)' mixes scripts in one word (letters of different alphabets that look alike)")
      }
    }
  }

  /// `value` in Unicode normalisation form C: one spelling per name (`Mu\u{308}ller` and
  /// `Müller` are stored alike), so what the console shows, the risk index keys and an exported
  /// record agree byte for byte.
  public static func nfc(_ value: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in value._nfc { scalars.append(scalar) }
    return String(scalars)
  }

  /// A name as a machine readable zone can write it: capitals without accents, words apart
  /// (`Müller-Lüdenscheidt` and `MULLER LUDENSCHEIDT` spell alike).
  public static func mrzSpelling(_ name: String) -> String {
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: name._nfd.filter { $0.properties.generalCategory != .nonspacingMark })
    return String(scalars).uppercased().split(whereSeparator: { !$0.isLetter }).joined(separator: " ")
  }

  /// Code points that draw nothing but are neither format characters nor default-ignorable.
  static let blanks: Set<UInt32> = [0x2800, 0xFFFC]

  static func isMark(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark: true
    default: false
    }
  }

  static func hex(_ scalar: Unicode.Scalar) -> String {
    let digits = String(scalar.value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}

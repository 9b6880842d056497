/// The machine readable zones of ICAO 9303: passports (TD3, part 4), identity cards (TD1,
/// part 5; TD2, part 6), and the visas of the same sizes (MRV-A, MRV-B, part 7), which are
/// read only to be refused.
public enum MRZFormat: String, Sendable, Equatable, CaseIterable {
  case td1 = "TD1"
  case td2 = "TD2"
  case td3 = "TD3"

  public var lineCount: Int { self == .td1 ? 3 : 2 }
  public var lineLength: Int {
    switch self {
    case .td1: return 30
    case .td2: return 36
    case .td3: return 44
    }
  }

  /// Line lengths worth reading: a line that lost up to two fillers or gained up to six glyphs
  /// (of a card edge or photo stuck to it).
  var readableLengths: ClosedRange<Int> { (lineLength - 2)...(lineLength + 6) }

  /// First characters of the document code: `P` for passports; `I`, `A` and `C` for cards
  /// (ICAO 9303 part 5, 4.2.2); `V` for visas, recognised to be refused.
  var documentCodes: Set<Character> { self == .td3 ? ["P", "V"] : ["I", "A", "C", "V"] }
}

/// Where each field of a format lies, as ranges over its lines joined into one string.
struct MRZLayout: Sendable {
  var format: MRZFormat
  var isVisa = false
  /// The surname, or — without `givenNames` — the whole name field (surname `<<` given names).
  var names: Range<Int>
  /// A national layout's own field of given names, separated by `<<`.
  var givenNames: Range<Int>? = nil
  var number: Range<Int>
  var numberCheck: Int
  var nationality: Range<Int>
  var birth: Range<Int>
  var birthCheck: Int
  var sex: Int
  /// `nil` where the zone carries no expiry (`FrenchIdentityCard`).
  var expiry: Range<Int>?
  var expiryCheck: Int?
  /// Optional data, in order; the first one continues a document number longer than nine.
  var optional: [Range<Int>]
  /// TD3's personal number has its own check digit; no other optional field has.
  var optionalCheck: Int?
  /// What the composite check digit covers, and where it is; visas have none.
  var composite: (ranges: [Range<Int>], digit: Int)?
  /// The lines without a check digit: their length is mended by fillers alone.
  var uncheckedLines: Set<Int>

  static let documentCode = 0..<2
  static let issuingState = 2..<5

  /// Positions that hold letters only (`<` aside): document code, states, names.
  var letterRanges: [Range<Int>] {
    [Self.documentCode, Self.issuingState, names, nationality] + [givenNames].compactMap { $0 }
  }
  /// Positions that hold digits only: dates and check digits (a check digit may also be `<`,
  /// over a field of fillers or a long number; the digit fixes leave `<` alone).
  var digitRanges: [Range<Int>] {
    let digits = [numberCheck, birthCheck, expiryCheck, optionalCheck, composite?.digit].compactMap { $0 }
    return [birth] + [expiry].compactMap { $0 } + digits.map { $0..<($0 + 1) }
  }

  var length: Int { format.lineLength * format.lineCount }

  static func of(_ format: MRZFormat, visa: Bool) -> MRZLayout {
    var layout: MRZLayout
    switch format {
    case .td3:
      layout = MRZLayout(
        format: .td3, names: 5..<44, number: 44..<53, numberCheck: 53, nationality: 54..<57, birth: 57..<63,
        birthCheck: 63, sex: 64, expiry: 65..<71, expiryCheck: 71, optional: [72..<86], optionalCheck: 86,
        composite: ([44..<54, 57..<64, 65..<87], 87), uncheckedLines: [0])
    case .td2:
      layout = MRZLayout(
        format: .td2, names: 5..<36, number: 36..<45, numberCheck: 45, nationality: 46..<49, birth: 49..<55,
        birthCheck: 55, sex: 56, expiry: 57..<63, expiryCheck: 63, optional: [64..<71],
        composite: ([36..<46, 49..<56, 57..<71], 71), uncheckedLines: [0])
    case .td1:
      // Visas come in TD3 and TD2 sizes only.
      return MRZLayout(
        format: .td1, names: 60..<90, number: 5..<14, numberCheck: 14, nationality: 45..<48, birth: 30..<36,
        birthCheck: 36, sex: 37, expiry: 38..<44, expiryCheck: 44, optional: [15..<30, 48..<59],
        composite: ([5..<30, 30..<37, 38..<45, 48..<59], 59), uncheckedLines: [2])
    }
    guard visa else { return layout }
    guard let expiryCheck = layout.expiryCheck else { return layout }
    // A visa (MRV-A, MRV-B) is laid out as its size's document up to the expiry's check digit;
    // the rest of its second line is optional data, with no check digit and no composite.
    let end = layout.length
    layout.isVisa = true
    layout.optional = [(expiryCheck + 1)..<end]
    layout.optionalCheck = nil
    layout.composite = nil
    return layout
  }
}

import KYCModel

/// How an MRZ reading had to be repaired before it validated. Less repair, more confidence.
public struct MRZRepairs: Sendable, Equatable {
  /// Characters changed by position (a digit read in a letter field or the reverse).
  public var positional = 0
  /// A line was one character short or long and was mended.
  public var length = false
  /// The document number needed one of the swaps its check digit cannot catch on its own.
  public var documentNumber = false

  public var none: Bool { positional == 0 && !length && !documentNumber }
}

public struct MRZReading: Sendable, Equatable {
  public var td3: TD3
  public var repairs: MRZRepairs
}

public enum MRZFailure: Error, Sendable, Equatable {
  /// Nothing that looks like a passport MRZ.
  case notFound
  /// Two MRZ lines were read but do not validate in a way an OCR slip explains: a check digit
  /// that does not match, an unknown code, a digit in a name. Another reading may do better.
  case misread(String)
  /// Every check digit is right, yet the document is refused (a date that does not exist, an
  /// expired passport): what the page says, not how it was read.
  case invalid(String)

  /// Which of two failures says more: a refusal the check digits vouch for, then a misread.
  public func informs(over other: MRZFailure) -> Bool {
    switch (self, other) {
    case (.invalid, .invalid), (.notFound, _): return false
    case (.invalid, _): return true
    case (.misread, .notFound): return true
    default: return false
    }
  }
}

/// Parses OCR text into a validated TD3 machine readable zone (ICAO 9303 part 4), repairing
/// what OCR typically gets wrong — by position, since every MRZ position is either numeric or
/// alphabetic — and accepting only what the check digits and the code lists confirm.
public struct MRZParser: Sendable {
  public let today: CalendarDate

  public init(today: CalendarDate) {
    self.today = today
  }

  public static let lineLength = 44

  // MARK: Entry

  public func parse(_ text: String) -> Result<MRZReading, MRZFailure> {
    let lines = text.split(whereSeparator: \.isNewline).map(Self.clean).filter { $0.count >= 30 }
    // The MRZ is the last pair of long lines whose first starts like a passport's. Glyphs of a
    // page border or photo edge may stick to either line, so lines may run a few characters long.
    var candidate: ([Character], String)?
    for index in stride(from: lines.count - 2, through: 0, by: -1) {
      let (first, second) = (lines[index], lines[index + 1])
      guard Self.lengths.contains(first.count), Self.lengths.contains(second.count) else { continue }
      if let start = Self.firstLineStart(Array(first)) {
        candidate = (Array(first.dropFirst(start)), second)
        break
      }
    }
    guard let (first, second) = candidate else { return .failure(.notFound) }
    return read(first, second)
  }

  /// Line lengths worth reading: a line of 44 that lost up to two fillers or gained up to six glyphs.
  static let lengths = 42...50

  /// Where a TD3 first line starts in `line`: the first `P` followed by a type character and a
  /// known issuing state, within the glyphs that may precede the line.
  static func firstLineStart(_ line: [Character]) -> Int? {
    let slack = max(0, line.count - 42)
    var fallback: Int?
    for start in 0...slack where line[start] == "P" {
      fallback = fallback ?? start
      guard start + 5 <= line.count else { break }
      var code = Array(line[(start + 2)..<(start + 5)])
      var ignored = 0
      fix(&code, 0..<3, with: letterFixes, count: &ignored)
      let state = String(code)
      if CountryCodes.isValid(state) || CountryCodes.isValid(fillersForK(state)) { return start }
    }
    return fallback
  }

  /// Upper case, no spaces, only the MRZ alphabet; `«` (a common reading of `<<`) back to `<<`.
  static func clean(_ line: Substring) -> String {
    String(
      line.uppercased().flatMap { character -> [Character] in
        if character == "«" { return ["<", "<"] }
        if character.isASCII && (character.isLetter || character.isNumber || character == "<") { return [character] }
        return []
      })
  }

  // MARK: Reading the two lines

  func read(_ rawFirst: [Character], _ rawSecond: String) -> Result<MRZReading, MRZFailure> {
    var repairs = MRZRepairs()
    let first = Self.firstLine(rawFirst)
    if rawFirst.count != Self.lineLength { repairs.length = true }
    let second = Array(rawSecond)
    if second.count == Self.lineLength {
      return validate(first, second, repairs: repairs)
    }
    // A short or long second line: try each window and one-character mend, the likely ones
    // first, and take one only if it is the one reading that validates — never what merely parses.
    repairs.length = true
    var failure: MRZFailure = .misread("the machine readable zone does not validate")
    for group in Self.secondLineCandidates(second) {
      var results: [MRZReading] = []
      for candidate in group {
        switch validate(first, candidate, repairs: repairs) {
        case .success(let reading):
          if !results.contains(where: { $0.td3 == reading.td3 }) { results.append(reading) }
        case .failure(let reason):
          // Report the candidate that passed the most checks: the likeliest window.
          if reason.informs(over: failure) || Self.stage(of: reason) > Self.stage(of: failure) { failure = reason }
        }
      }
      if results.count == 1 { return .success(results[0]) }
      if results.count > 1 { return .failure(.misread("the machine readable zone is ambiguous")) }
    }
    return .failure(failure)
  }

  /// The checks of a second line in the order `validate` makes them.
  static let checks = [
    "document number check digit does not match", "birth date check digit does not match",
    "expiry date check digit does not match", "personal number check digit does not match",
    "composite check digit does not match",
  ]

  /// How far validation got before `failure`: -1 for none of the checks.
  static func stage(of failure: MRZFailure) -> Int {
    guard case .misread(let reason) = failure else { return -1 }
    return checks.firstIndex(of: reason) ?? -1
  }

  /// The first line at 44 characters. It has no check digits: glyphs past a run of fillers are
  /// dropped, and otherwise a filler lost or doubled in a run is the likely cause.
  static func firstLine(_ line: [Character]) -> [Character] {
    var first = line
    if first.count > lineLength && first[(lineLength - 4)..<lineLength].allSatisfy({ $0 == "<" }) {
      return Array(first.prefix(lineLength))
    }
    while first.count < lineLength { first.append("<") }
    while first.count > lineLength {
      if let index = first.lastIndex(of: "<") { first.remove(at: index) } else { first.removeLast() }
    }
    return first
  }

  /// The 44-character lines a misread second line may stand for, in groups from likely to less
  /// likely: for a long line, every 44-character window, then one-character mends of every
  /// 45-character window; for a short one, a filler inserted in a run of fillers, then anywhere.
  static func secondLineCandidates(_ line: [Character]) -> [[[Character]]] {
    if line.count < lineLength { return lengthRepairs(line) }
    let windows = (0...(line.count - lineLength)).map { Array(line[$0..<($0 + lineLength)]) }
    guard line.count > lineLength else { return [windows] }
    var likely: [[Character]] = []
    var others: [[Character]] = []
    for start in 0...(line.count - lineLength - 1) {
      let groups = lengthRepairs(Array(line[start..<(start + lineLength + 1)]))
      likely += groups[0]
      others += groups[1]
    }
    return [windows, likely, others]
  }

  /// The 44-character lines one deletion or one filler insertion away from `line`, in two
  /// groups: mends inside a run of fillers, then all others.
  static func lengthRepairs(_ line: [Character]) -> [[[Character]]] {
    var likely: [[Character]] = []
    var others: [[Character]] = []
    func touchesFiller(_ copy: [Character], _ index: Int) -> Bool {
      (index > 0 && copy[index - 1] == "<") || (index + 1 < copy.count && copy[index + 1] == "<")
    }
    if line.count == lineLength + 1 {
      for index in line.indices {
        var copy = line
        copy.remove(at: index)
        if line[index] == "<" && touchesFiller(line, index) { likely.append(copy) } else { others.append(copy) }
      }
    } else if line.count == lineLength - 1 {
      for index in 0...line.count {
        var copy = line
        copy.insert("<", at: index)
        if touchesFiller(copy, index) { likely.append(copy) } else { others.append(copy) }
      }
    }
    return [likely, others]
  }

  // MARK: Positions

  static let digitFixes: [Character: Character] = [
    "O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6",
  ]
  static let letterFixes: [Character: Character] = ["0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G"]

  /// Replaces, within `range`, characters that cannot stand there.
  static func fix(_ line: inout [Character], _ range: Range<Int>, with table: [Character: Character], count: inout Int)
  {
    for index in range {
      if let replacement = table[line[index]] {
        line[index] = replacement
        count += 1
      }
    }
  }

  // MARK: Validation

  func validate(_ rawFirst: [Character], _ rawSecond: [Character], repairs initial: MRZRepairs) -> Result<
    MRZReading, MRZFailure
  > {
    var repairs = initial
    var first = rawFirst
    var second = rawSecond
    Self.fix(&first, 0..<44, with: Self.letterFixes, count: &repairs.positional)
    for range in [9..<10, 13..<20, 21..<28, 43..<44] {
      Self.fix(&second, range, with: Self.digitFixes, count: &repairs.positional)
    }
    Self.fix(&second, 10..<13, with: Self.letterFixes, count: &repairs.positional)
    if second[42] != "<" { Self.fix(&second, 42..<43, with: Self.digitFixes, count: &repairs.positional) }
    // `<` is often read as K: a state like `DKK` is Germany's `D<<`.
    for (line, range) in [(0, 2..<5), (1, 10..<13)] {
      let field = String((line == 0 ? first : second)[range])
      if !CountryCodes.isValid(field) {
        let mended = Self.fillersForK(field)
        if CountryCodes.isValid(mended) {
          repairs.positional += 1
          if line == 0 {
            first.replaceSubrange(range, with: mended)
          } else {
            second.replaceSubrange(range, with: mended)
          }
        }
      }
    }

    // A state code OCR slipped by one letter: mended only to the one ICAO code that lies one
    // confusion away (or, of several, to the one the other state field holds).
    let issuingRead = String(first[2..<5])
    let nationalityRead = String(second[10..<13])
    if let mended = Self.mendedState(issuingRead, other: nationalityRead) {
      first.replaceSubrange(2..<5, with: mended)
      repairs.positional += 1
    }
    if let mended = Self.mendedState(nationalityRead, other: String(first[2..<5])) {
      second.replaceSubrange(10..<13, with: mended)
      repairs.positional += 1
    }

    guard first[0] == "P" else { return .failure(.misread("not a passport (document type \(first[0]))")) }
    if !CheckDigit.verify(second[0..<9], second[9]) {
      guard let fixed = Self.repairDocumentNumber(second) else {
        return .failure(.misread("document number check digit does not match"))
      }
      second = fixed
      repairs.documentNumber = true
    }
    guard CheckDigit.verify(second[13..<19], second[19]) else {
      return .failure(.misread("birth date check digit does not match"))
    }
    guard CheckDigit.verify(second[21..<27], second[27]) else {
      return .failure(.misread("expiry date check digit does not match"))
    }
    guard CheckDigit.verify(second[28..<42], second[42]) else {
      return .failure(.misread("personal number check digit does not match"))
    }
    let composite = Array(second[0..<10]) + Array(second[13..<20]) + Array(second[21..<43])
    guard CheckDigit.verify(composite, second[43]) else {
      return .failure(.misread("composite check digit does not match"))
    }

    let issuingState = String(first[2..<5])
    let nationality = String(second[10..<13])
    guard CountryCodes.isValid(issuingState) else { return .failure(.misread("unknown issuing state")) }
    guard CountryCodes.isValid(nationality) else { return .failure(.misread("unknown nationality")) }
    let sex = String(second[20])
    guard ["M", "F", "X", "<"].contains(sex) else { return .failure(.misread("sex must be M, F or X")) }
    // From here on every check digit is right: a refusal is what the page says, not a misreading.
    let birthText = String(second[13..<19])
    guard let birth = birthDate(birthText) else {
      return .failure(.invalid("the birth date \(Self.printed(birthText)) does not exist"))
    }
    let expiryText = String(second[21..<27])
    guard let expiry = Self.expiryDate(expiryText) else {
      return .failure(.invalid("the expiry date \(Self.printed(expiryText)) does not exist"))
    }
    guard expiry >= today else { return .failure(.invalid("the document has expired")) }

    let names = String(first[5..<44])
    let parts = names.components(separatedBy: "<<")
    let surname = parts[0].replacingFillers()
    let given = parts.dropFirst().joined(separator: "<<").split(separator: "<").map(String.init).filter { !$0.isEmpty }
    guard !surname.isEmpty else { return .failure(.misread("the surname is empty")) }
    guard !names.contains(where: \.isNumber) else { return .failure(.misread("names contain digits")) }

    let td3 = TD3(
      documentType: String(first[0..<2]).replacingOccurrences("<", ""), issuingState: issuingState, surname: surname,
      givenNames: given, documentNumber: String(second[0..<9]).replacingOccurrences("<", ""), nationality: nationality,
      birthDate: birth, sex: sex == "<" ? "X" : sex, expiryDate: expiry,
      personalNumber: String(second[28..<42]).replacingOccurrences("<", ""), lines: [String(first), String(second)])
    return .success(MRZReading(td3: td3, repairs: repairs))
  }

  /// One character of the document number (or its check digit) that OCR confused with a
  /// look-alike — O↔0, I↔1, S↔5, B↔8, Z↔2, and digits of similar shape (3↔8, 6↔8, 0↔8, 1↔7,
  /// 5↔6, 4↔1, 9↔0) — mended only when exactly one such change makes both the number's and the
  /// composite's check digits right. The reader still asks a second reading to agree.
  static func repairDocumentNumber(_ line: [Character]) -> [Character]? {
    var found: [[Character]] = []
    for index in 0..<10 {
      for replacement in lookAlikes[line[index], default: []] {
        var candidate = line
        candidate[index] = replacement
        let composite = Array(candidate[0..<10]) + Array(candidate[13..<20]) + Array(candidate[21..<43])
        if CheckDigit.verify(candidate[0..<9], candidate[9]) && CheckDigit.verify(composite, candidate[43]) {
          found.append(candidate)
        }
      }
    }
    return found.count == 1 ? found[0] : nil
  }

  /// What OCR-B characters are misread as, both ways.
  static let lookAlikes: [Character: [Character]] = {
    let pairs: [(Character, Character)] = [
      ("O", "0"), ("I", "1"), ("S", "5"), ("B", "8"), ("Z", "2"), ("3", "8"), ("6", "8"), ("0", "8"), ("1", "7"),
      ("5", "6"), ("4", "1"), ("9", "0"), ("D", "0"), ("Q", "0"),
    ]
    var table: [Character: [Character]] = [:]
    for (a, b) in pairs {
      table[a, default: []].append(b)
      table[b, default: []].append(a)
    }
    return table
  }()

  /// Letters OCR confuses in a state code.
  static let letterLookAlikes: [Character: [Character]] = {
    let groups: [[Character]] = [
      ["O", "Q", "D", "C", "G", "U"], ["I", "L", "T", "J"], ["E", "F", "B"], ["U", "V"], ["M", "N", "H"],
      ["P", "R", "B"], ["K", "X"], ["Y", "V"],
    ]
    var table: [Character: [Character]] = [:]
    for group in groups {
      for letter in group { table[letter, default: []] += group.filter { $0 != letter } }
    }
    return table
  }()

  /// A state code that is no ICAO code, mended to the one code one letter confusion away; of
  /// several, to `other` (the other state field) when it is one of them; otherwise `nil`.
  static func mendedState(_ code: String, other: String) -> [Character]? {
    guard !CountryCodes.isValid(code), code.count == 3 else { return nil }
    let letters = Array(code)
    var candidates: [String] = []
    for index in 0..<3 {
      for replacement in letterLookAlikes[letters[index], default: []] {
        var candidate = letters
        candidate[index] = replacement
        let text = String(candidate)
        if CountryCodes.isValid(text) && !candidates.contains(text) { candidates.append(text) }
      }
    }
    if candidates.count == 1 { return Array(candidates[0]) }
    if candidates.contains(other) { return Array(other) }
    return nil
  }

  /// `YYMMDD` as `DD.MM.YY`, to name a date in a refusal.
  static func printed(_ yymmdd: String) -> String {
    let digits = Array(yymmdd)
    guard digits.count == 6 else { return yymmdd }
    return "\(String(digits[4..<6])).\(String(digits[2..<4])).\(String(digits[0..<2]))"
  }

  static func fillersForK(_ field: String) -> String {
    guard let first = field.first else { return field }
    return String(first) + String(field.dropFirst().map { $0 == "K" ? "<" : $0 })
  }

  /// YYMMDD with the century that puts the date in the past (a birth date is never in the future).
  func birthDate(_ text: String) -> CalendarDate? {
    guard let (yy, month, day) = Self.yymmdd(text) else { return nil }
    let thisCentury = today.year / 100 * 100
    guard let date = CalendarDate(year: thisCentury + yy, month: month, day: day), date < today else {
      guard let earlier = CalendarDate(year: thisCentury - 100 + yy, month: month, day: day), earlier < today else {
        return nil
      }
      return earlier
    }
    return date
  }

  /// Passports issued today expire this century (20YY).
  static func expiryDate(_ text: String) -> CalendarDate? {
    guard let (yy, month, day) = yymmdd(text) else { return nil }
    return CalendarDate(year: 2000 + yy, month: month, day: day)
  }

  static func yymmdd(_ text: String) -> (Int, Int, Int)? {
    let digits = text.compactMap(\.wholeNumberValue)
    guard digits.count == 6 else { return nil }
    return (digits[0] * 10 + digits[1], digits[2] * 10 + digits[3], digits[4] * 10 + digits[5])
  }
}

extension String {
  func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
    String(flatMap { $0 == target ? Array(replacement) : [$0] })
  }

  /// A name field's `<` stand for spaces; trailing ones are padding.
  func replacingFillers() -> String {
    split(separator: "<").joined(separator: " ")
  }

  func components(separatedBy separator: String) -> [String] {
    var parts: [String] = []
    var rest = Substring(self)
    while let range = rest.firstRange(of: separator) {
      parts.append(String(rest[..<range.lowerBound]))
      rest = rest[range.upperBound...]
    }
    parts.append(String(rest))
    return parts
  }
}

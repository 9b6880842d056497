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
  /// An MRZ was read but does not validate (check digits, codes, dates, an expired document).
  case invalid(String)
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
    // The MRZ is the last pair of long lines whose first starts like a passport's.
    var candidate: (String, String)?
    for index in stride(from: lines.count - 2, through: 0, by: -1) {
      let (first, second) = (lines[index], lines[index + 1])
      if (42...46).contains(first.count), (42...46).contains(second.count), first.hasPrefix("P") {
        candidate = (first, second)
        break
      }
    }
    guard let (first, second) = candidate else { return .failure(.notFound) }
    return read(first, second)
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

  func read(_ rawFirst: String, _ rawSecond: String) -> Result<MRZReading, MRZFailure> {
    var repairs = MRZRepairs()
    var first = Array(rawFirst)
    if first.count != Self.lineLength {
      // The first line has no check digits: a lost or doubled filler is the likely cause.
      repairs.length = true
      while first.count < Self.lineLength { first.append("<") }
      while first.count > Self.lineLength {
        if let index = first.lastIndex(of: "<") { first.remove(at: index) } else { first.removeLast() }
      }
    }
    if rawSecond.count == Self.lineLength {
      return validate(first, Array(rawSecond), repairs: repairs)
    }
    // A short or long second line: try each one-character mend, the likely ones (a filler lost
    // from or added to a run of fillers) first, and take a mend only if it is the one that fits.
    repairs.length = true
    var firstFailure: MRZFailure?
    for group in Self.lengthRepairs(Array(rawSecond)) {
      var results: [MRZReading] = []
      for second in group {
        switch validate(first, second, repairs: repairs) {
        case .success(let reading):
          if !results.contains(where: { $0.td3 == reading.td3 }) { results.append(reading) }
        case .failure(let failure):
          if firstFailure == nil { firstFailure = failure }
        }
      }
      if results.count == 1 { return .success(results[0]) }
      if results.count > 1 { return .failure(.invalid("the machine readable zone is ambiguous")) }
    }
    return .failure(firstFailure ?? .invalid("the machine readable zone does not validate"))
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

    guard first[0] == "P" else { return .failure(.invalid("not a passport (document type \(first[0]))")) }
    if !CheckDigit.verify(second[0..<9], second[9]) {
      guard let fixed = Self.repairDocumentNumber(second) else {
        return .failure(.invalid("document number check digit does not match"))
      }
      second = fixed
      repairs.documentNumber = true
    }
    guard CheckDigit.verify(second[13..<19], second[19]) else {
      return .failure(.invalid("birth date check digit does not match"))
    }
    guard CheckDigit.verify(second[21..<27], second[27]) else {
      return .failure(.invalid("expiry date check digit does not match"))
    }
    guard CheckDigit.verify(second[28..<42], second[42]) else {
      return .failure(.invalid("personal number check digit does not match"))
    }
    let composite = Array(second[0..<10]) + Array(second[13..<20]) + Array(second[21..<43])
    guard CheckDigit.verify(composite, second[43]) else {
      return .failure(.invalid("composite check digit does not match"))
    }

    let issuingState = String(first[2..<5])
    let nationality = String(second[10..<13])
    guard CountryCodes.isValid(issuingState) else { return .failure(.invalid("unknown issuing state")) }
    guard CountryCodes.isValid(nationality) else { return .failure(.invalid("unknown nationality")) }
    let sex = String(second[20])
    guard ["M", "F", "X", "<"].contains(sex) else { return .failure(.invalid("sex must be M, F or X")) }
    guard let birth = birthDate(String(second[13..<19])) else {
      return .failure(.invalid("birth date is not a real past date"))
    }
    guard let expiry = Self.expiryDate(String(second[21..<27])) else {
      return .failure(.invalid("expiry date is not a real date"))
    }
    guard expiry >= today else { return .failure(.invalid("the document has expired")) }

    let names = String(first[5..<44])
    let parts = names.components(separatedBy: "<<")
    let surname = parts[0].replacingFillers()
    let given = parts.dropFirst().joined(separator: "<<").split(separator: "<").map(String.init).filter { !$0.isEmpty }
    guard !surname.isEmpty else { return .failure(.invalid("the surname is empty")) }
    guard !names.contains(where: \.isNumber) else { return .failure(.invalid("names contain digits")) }

    let td3 = TD3(
      documentType: String(first[0..<2]).replacingOccurrences("<", ""), issuingState: issuingState, surname: surname,
      givenNames: given, documentNumber: String(second[0..<9]).replacingOccurrences("<", ""), nationality: nationality,
      birthDate: birth, sex: sex == "<" ? "X" : sex, expiryDate: expiry,
      personalNumber: String(second[28..<42]).replacingOccurrences("<", ""), lines: [String(first), String(second)])
    return .success(MRZReading(td3: td3, repairs: repairs))
  }

  /// One swap its check digit cannot catch alone: O↔0, I↔1, S↔5, B↔8 or Z↔2, at one position,
  /// and only when exactly one such swap makes both the number's and the composite's digits right.
  static func repairDocumentNumber(_ line: [Character]) -> [Character]? {
    let swaps: [Character: Character] = [
      "O": "0", "0": "O", "I": "1", "1": "I", "S": "5", "5": "S", "B": "8", "8": "B", "Z": "2", "2": "Z",
    ]
    var found: [[Character]] = []
    for index in 0..<9 {
      guard let swapped = swaps[line[index]] else { continue }
      var candidate = line
      candidate[index] = swapped
      let composite = Array(candidate[0..<10]) + Array(candidate[13..<20]) + Array(candidate[21..<43])
      if CheckDigit.verify(candidate[0..<9], candidate[9]) && CheckDigit.verify(composite, candidate[43]) {
        found.append(candidate)
      }
    }
    return found.count == 1 ? found[0] : nil
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

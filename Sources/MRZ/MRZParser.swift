import CivilTime

/// How an MRZ reading had to be repaired before it validated. Less repair, more confidence.
public struct MRZRepairs: Sendable, Equatable {
  /// Characters changed by position (a digit read in a letter field or the reverse).
  public var positional = 0
  /// A line was one character short or long and was mended.
  public var length = false
  /// The document number needed one of the swaps its check digit cannot catch on its own.
  public var documentNumber = false
  /// A line no check digit protects (the names) was the wrong length and was padded or cut: a
  /// letter OCR added to a name or lost from it may stand (`MUSTERMRANN`).
  public var uncheckedLength = false

  public var none: Bool { positional == 0 && !length && !documentNumber }
}

public struct MRZReading: Sendable, Equatable {
  public var document: MRZDocument
  public var repairs: MRZRepairs
}

public enum MRZFailure: Error, Sendable, Equatable {
  /// Nothing that looks like a machine readable zone.
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

/// Parses OCR text into a validated machine readable zone — a passport's (TD3) or an identity
/// card's (TD1, TD2), ICAO 9303 parts 4 to 6 — repairing what OCR typically gets wrong, and
/// accepting only what the check digits and the code lists confirm. A visa's zone is read to be
/// refused: it is not an identity document.
public struct MRZParser: Sendable {
  public let today: CalendarDate

  public init(today: CalendarDate) {
    self.today = today
  }

  // MARK: Entry

  public func parse(_ text: String) -> Result<MRZReading, MRZFailure> {
    let shortest = MRZFormat.allCases.map(\.readableLengths.lowerBound).min() ?? 0
    let lines = text.split(whereSeparator: \.isNewline).map(Self.clean).filter { $0.count >= shortest }
    guard let (format, zone) = Self.zone(in: lines) else { return .failure(.notFound) }
    return read(zone, as: format)
  }

  /// The lowest group of lines that looks like a zone: as many lines as a format has, each of
  /// its length give or take OCR's slips, the first starting like a document of that format.
  static func zone(in lines: [String]) -> (MRZFormat, [[Character]])? {
    for end in stride(from: lines.count - 1, through: 0, by: -1) {
      for format in [MRZFormat.td3, .td2, .td1] where end + 1 >= format.lineCount {
        var group = lines[(end + 1 - format.lineCount)...end].map(Array.init)
        guard group.allSatisfy({ format.readableLengths.contains($0.count) }),
          let start = firstLineStart(group[0], format: format)
        else { continue }
        group[0] = Array(group[0].dropFirst(start))
        return (format, group)
      }
    }
    return nil
  }

  /// Where a first line starts in `line`: the first document code followed by a type character
  /// and a known issuing state, within the glyphs that may precede the line. For passports, a
  /// `P` with a state OCR garbled is still worth validating (the state may be mended).
  static func firstLineStart(_ line: [Character], format: MRZFormat) -> Int? {
    let slack = max(0, line.count - format.readableLengths.lowerBound)
    var fallback: Int?
    let codes = format.documentCodes
    for start in 0...slack where codes.contains(MRZCharacterRepair.letterFixes[line[start]] ?? line[start]) {
      if line[start] == "P" { fallback = fallback ?? start }
      guard start + 5 <= line.count else { break }
      var code = Array(line[(start + 2)..<(start + 5)])
      var ignored = 0
      MRZCharacterRepair.fix(&code, 0..<3, with: MRZCharacterRepair.letterFixes, count: &ignored)
      let state = String(code)
      if CountryCodes.isValid(state) || CountryCodes.isValid(MRZCharacterRepair.fillersForK(state)) { return start }
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

  // MARK: Reading the lines

  func read(_ raw: [[Character]], as format: MRZFormat) -> Result<MRZReading, MRZFailure> {
    let layout =
      FrenchIdentityCard.matches(raw[0], format: format)
      ? FrenchIdentityCard.layout : MRZLayout.of(format, visa: raw[0].first == "V")
    var repairs = MRZRepairs()
    let length = format.lineLength
    var options: [[[[Character]]]] = []
    for (index, line) in raw.enumerated() {
      if line.count != length {
        repairs.length = true
        if layout.uncheckedLines.contains(index) { repairs.uncheckedLength = true }
      }
      options.append(
        layout.uncheckedLines.contains(index)
          ? [[MRZLineRepair.padded(line, to: length)]] : MRZLineRepair.candidates(line, length: length))
    }
    if options.allSatisfy({ $0.count == 1 && $0[0].count == 1 }) {
      return validate(options.flatMap { $0[0][0] }, layout: layout, repairs: repairs)
    }
    // A short or long line with check digits: try each window and one-character mend, the
    // likely ones first, and take one only if it is the one reading that validates — never
    // what merely parses.
    var failure: MRZFailure = .misread("the machine readable zone does not validate")
    for level in 0..<(options.map(\.count).max() ?? 1) {
      var results: [MRZReading] = []
      for lines in MRZLineRepair.combinations(options.map { $0[min(level, $0.count - 1)] }) {
        switch validate(lines.flatMap { $0 }, layout: layout, repairs: repairs) {
        case .success(let reading):
          if !results.contains(where: { $0.document == reading.document }) { results.append(reading) }
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

  /// The checks in the order `validate` makes them.
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

  // MARK: Validation

  /// Validates the lines joined into one (`zone`), mending single characters where safe.
  func validate(_ raw: [Character], layout: MRZLayout, repairs initial: MRZRepairs) -> Result<
    MRZReading, MRZFailure
  > {
    typealias Repair = MRZCharacterRepair
    var repairs = initial
    var zone = raw
    for range in layout.letterRanges {
      Repair.fix(&zone, range, with: Repair.letterFixes, count: &repairs.positional)
    }
    for range in layout.digitRanges {
      Repair.fix(&zone, range, with: Repair.digitFixes, count: &repairs.positional)
    }
    for range in layout.optional {
      Repair.fillersForK(in: &zone, range, count: &repairs.positional)
    }
    for range in [MRZLayout.issuingState, layout.nationality] {
      let field = String(zone[range])
      let mended = Repair.fillersForK(field)
      if !CountryCodes.isValid(field) && CountryCodes.isValid(mended) {
        repairs.positional += 1
        zone.replaceSubrange(range, with: mended)
      }
    }
    // A state code OCR slipped by one letter: mended only to the one ICAO code that lies one
    // confusion away (or, of several, to the one the other state field holds).
    let issuingRead = String(zone[MRZLayout.issuingState])
    let nationalityRead = String(zone[layout.nationality])
    if let mended = Repair.mendedState(issuingRead, other: nationalityRead) {
      zone.replaceSubrange(MRZLayout.issuingState, with: mended)
      repairs.positional += 1
    }
    if let mended = Repair.mendedState(nationalityRead, other: String(zone[MRZLayout.issuingState])) {
      zone.replaceSubrange(layout.nationality, with: mended)
      repairs.positional += 1
    }

    guard layout.format.documentCodes.contains(zone[0]) else {
      let kind = layout.format == .td3 ? "a passport" : "an identity card"
      return .failure(.misread("not \(kind) (document type \(zone[0]))"))
    }
    let number: String
    if let long = Self.longDocumentNumber(zone, layout: layout) {
      guard let verified = long else { return .failure(.misread("document number check digit does not match")) }
      number = verified
    } else {
      if !CheckDigit.verify(zone[layout.number], zone[layout.numberCheck]) {
        guard let fixed = Repair.repairDocumentNumber(zone, layout: layout) else {
          return .failure(.misread("document number check digit does not match"))
        }
        zone = fixed
        repairs.documentNumber = true
      }
      // ICAO fields are left-aligned: fillers only pad the number's end. A filler before a
      // character is a misread line (a window shifted by a stray mark) whose digits agreed by chance.
      guard Self.leftAligned(zone[layout.number]) else {
        return .failure(.misread("the document number is not left-aligned"))
      }
      number = String(zone[layout.number]).replacingOccurrences("<", "")
    }
    guard CheckDigit.verify(zone[layout.birth], zone[layout.birthCheck]) else {
      return .failure(.misread("birth date check digit does not match"))
    }
    if let expiry = layout.expiry, let check = layout.expiryCheck, !CheckDigit.verify(zone[expiry], zone[check]) {
      return .failure(.misread("expiry date check digit does not match"))
    }
    if let check = layout.optionalCheck, !CheckDigit.verify(zone[layout.optional[0]], zone[check]) {
      return .failure(.misread("personal number check digit does not match"))
    }
    guard Self.compositeHolds(zone, layout: layout) else {
      return .failure(.misread("composite check digit does not match"))
    }

    let issuingState = String(zone[MRZLayout.issuingState])
    let nationality = String(zone[layout.nationality])
    guard CountryCodes.isValid(issuingState) else { return .failure(.misread("unknown issuing state")) }
    guard CountryCodes.isValid(nationality) else { return .failure(.misread("unknown nationality")) }
    let sex = String(zone[layout.sex])
    guard ["M", "F", "X", "<"].contains(sex) else { return .failure(.misread("sex must be M, F or X")) }
    // From here on every check digit is right: a refusal is what the document says, not a misreading.
    if layout.isVisa { return .failure(.invalid("a visa is not an identity document")) }
    let birthText = String(zone[layout.birth])
    guard let birth = birthDate(birthText) else {
      return .failure(.invalid("the birth date \(Self.printed(birthText)) does not exist"))
    }
    var expiry: CalendarDate?
    if let range = layout.expiry {
      let expiryText = String(zone[range])
      guard let date = Self.expiryDate(expiryText) else {
        return .failure(.invalid("the expiry date \(Self.printed(expiryText)) does not exist"))
      }
      guard date >= today else { return .failure(.invalid("the document has expired")) }
      expiry = date
    } else {
      // A zone without an expiry (`FrenchIdentityCard`): the term runs from the month of issue.
      guard let issued = FrenchIdentityCard.issueMonth(number: number) else {
        return .failure(.misread("the document number holds no month of issue"))
      }
      guard let last = FrenchIdentityCard.lastValidDay(issued: issued, birth: birth), last >= today else {
        return .failure(.invalid("the document has expired"))
      }
    }

    let names = String(zone[layout.names]) + (layout.givenNames.map { "<<" + String(zone[$0]) } ?? "")
    let parts = names.components(separatedBy: "<<")
    let surname = parts[0].replacingFillers()
    // A national field of given names separates them with `<<` and may join a compound one with `<`.
    let given =
      layout.givenNames == nil
      ? parts.dropFirst().joined(separator: "<<").split(separator: "<").map(String.init).filter { !$0.isEmpty }
      : parts.dropFirst().map { $0.replacingFillers() }.filter { !$0.isEmpty }
    guard !surname.isEmpty else { return .failure(.misread("the surname is empty")) }
    guard !names.contains(where: \.isNumber) else { return .failure(.misread("names contain digits")) }

    let lineLength = layout.format.lineLength
    let document = MRZDocument(
      format: layout.format, documentType: String(zone[MRZLayout.documentCode]).replacingOccurrences("<", ""),
      issuingState: issuingState, surname: surname, givenNames: given, documentNumber: number,
      nationality: nationality, birthDate: birth, sex: sex == "<" ? "X" : sex, expiryDate: expiry,
      optionalData: Self.optionalData(zone, layout: layout, number: number),
      namesTruncated: zone[(layout.givenNames ?? layout.names).upperBound - 1] != "<",
      lines: stride(from: 0, to: zone.count, by: lineLength).map { String(zone[$0..<($0 + lineLength)]) })
    return .success(MRZReading(document: document, repairs: repairs))
  }

  /// Whether a field's fillers only pad its end (`AB123<<<<`, not `<AB123` or `AB<123`).
  static func leftAligned<C: Collection<Character>>(_ field: C) -> Bool {
    guard let firstFiller = field.firstIndex(of: "<") else { return true }
    return field[firstFiller...].allSatisfy { $0 == "<" } && firstFiller != field.startIndex
  }

  /// A card's document number longer than nine characters (ICAO 9303 part 5, 4.2.4): the
  /// number's check digit position holds `<`, and the optional data continues the number and
  /// ends it with its check digit. `nil` when the number is not long; `.some(nil)` when it is
  /// and its check digit does not match.
  static func longDocumentNumber(_ zone: [Character], layout: MRZLayout) -> String?? {
    guard layout.format != .td3, zone[layout.numberCheck] == "<", zone[layout.number].last != "<" else { return nil }
    let rest = zone[layout.optional[0]].prefix { $0 != "<" }
    guard let digit = rest.last, rest.count >= 2 else { return .some(nil) }
    let number = Array(zone[layout.number]) + rest.dropLast()
    return CheckDigit.verify(number, digit) ? .some(String(number)) : .some(nil)
  }

  static func compositeHolds(_ zone: [Character], layout: MRZLayout) -> Bool {
    guard let composite = layout.composite else { return true }
    return CheckDigit.verify(composite.ranges.flatMap { zone[$0] }, zone[composite.digit])
  }

  /// The optional data without fillers (and without a long number's continuation), its fields
  /// joined with spaces.
  static func optionalData(_ zone: [Character], layout: MRZLayout, number: String) -> String {
    var fields = layout.optional.map { String(zone[$0]) }
    let continued = number.count - layout.number.count
    if continued > 0 { fields[0] = String(fields[0].dropFirst(continued + 1)) }
    return fields.map { $0.replacingFillers() }.filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// `YYMMDD` as `DD.MM.YY`, to name a date in a refusal.
  static func printed(_ yymmdd: String) -> String {
    let digits = Array(yymmdd)
    guard digits.count == 6 else { return yymmdd }
    return "\(String(digits[4..<6])).\(String(digits[2..<4])).\(String(digits[0..<2]))"
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

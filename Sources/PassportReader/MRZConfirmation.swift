import MRZ

/// When a reading of the MRZ is taken at once, and when it waits for a second reading to agree.
enum MRZConfirmation {
  /// Whether a reading is taken only when a second reading (per line, another band, orientation
  /// or conversion) agrees: its document number is in doubt (`numberInDoubt`), or its names line
  /// — which no check digit protects — was read a character long or short and mended to its
  /// length (`MUSTERMRANN` on a tilted card back), where another reading may read it whole.
  static func needed(_ reading: MRZReading) -> Bool {
    numberInDoubt(reading) || reading.repairs.uncheckedLength
  }

  /// A document number is protected by one check digit only: the composite digit weighs its
  /// characters exactly as the number's own digit does, so two slips that cancel (`5`→`9` with
  /// `0`→`O`) pass both. A number that holds a letter issuers avoid because it passes for a
  /// digit, or that needed the number swap repair, is in doubt until a second reading or the
  /// printed number agrees.
  static func numberInDoubt(_ reading: MRZReading) -> Bool {
    reading.repairs.documentNumber || reading.document.documentNumber.contains { confusable.contains($0) }
  }

  /// Whether two readings of a page confirm each other: the same document, and not both by the
  /// same repair — two passes over one blurred band make the same slips, and the repair that
  /// mends them by chance mends them alike (a blurred Finnish page read `KPB2716Q2` twice for
  /// `XP8271602`).
  static func confirms(_ a: MRZReading, _ b: MRZReading) -> Bool {
    a.document == b.document && !(a.repairs.documentNumber && b.repairs.documentNumber)
      && !(a.repairs.uncheckedLength && b.repairs.uncheckedLength)
  }

  /// Letters that issuers avoid in document numbers because they pass for digits.
  static let confusable: Set<Character> = ["O", "Q", "I"]
}

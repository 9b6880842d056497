/// A place name as data pages print it, told apart from OCR noise and captions: one to four
/// words, each in capitals or capitalised (`Rovaniemi`), with an optional district number or
/// state code after it (`BUDAPEST 07`, `OTTAWA CAN`). The sex printed before it in the same
/// row (`F`, `K/F`, `N/F`) is dropped. Kept as printed: upper case only where the page has it.
enum PlaceName {
  static func value(_ text: String) -> String? {
    // A place printed in two scripts (`ΣΠΑΡΤΗ / SPARTI`, `СОФИЯ/SOFIA`) gives the Latin form
    // printed after the national one, in capitals as both are, which the English model reads as
    // Latin look-alikes (`ZNAPTH`). A state code after the slash (`EESTI / EST`) is no name, and a
    // word of noise (`LONDON /Autonte`) is not in capitals: the whole is read.
    if let slash = text.lastIndex(of: "/"), let latin = name(Self.words(text[text.index(after: slash)...])),
      latin == latin.uppercased()
    {
      return latin
    }
    let words = Self.words(text[...])
    if let name = name(words) { return name }
    // Caption noise merged into the value's cell (`Sex/Sexe Place of birth… OTTAWA CAN`): a
    // value printed in capitals still stands out at its end.
    guard let start = words.lastIndex(where: { !(isPlaceWord($0) || isDistrict($0) || isCode($0)) }),
      start + 1 < words.count, words[start + 1].allSatisfy({ !$0.isLetter || $0.isUppercase }),
      !isMisreadLetters(words[start])
    else { return nil }
    return name(Array(words[(start + 1)...]))
  }

  /// A word of letters OCR misread as digits and symbols (`$202` for the `SZC` of `SZCZECIN`)
  /// may be the start of the value after it, split off: what remains (`ZECIN`) is no place. A
  /// caption's words are letters, a date's or a number's digits and separators.
  static func isMisreadLetters(_ word: String) -> Bool {
    let lookAlikes: Set<Character> = ["$", "§", "¢", "€", "£", "@", "&", "#", "%"]
    let mixed = word.contains(where: \.isLetter) && word.contains(where: \.isNumber)
    return mixed || word.contains(where: lookAlikes.contains)
  }

  /// The words of `text`; words of marks alone (`*`, `°`, `—`) are OCR's noise around the value,
  /// not part of it.
  private static func words(_ text: Substring) -> [String] {
    text.split(separator: " ").map { trimmingMarks(String($0)) }.filter { $0.contains { $0.isLetter || $0.isNumber } }
  }

  /// The words as one place name, past the sex printed before it, or `nil`.
  private static func name(_ words: [String]) -> String? {
    var words = words[...]
    while let first = words.first, isSex(first) { words.removeFirst() }
    // A short first word is more often OCR noise (`Mea`, `MED`) than a town.
    guard (1...4).contains(words.count), let first = words.first, isPlaceWord(first), first.count >= 4 else {
      return nil
    }
    var styles = Set<Bool>()
    for (index, word) in words.enumerated() {
      let suffix = index > 0 && index == words.count - 1 && (isDistrict(word) || isCode(word))
      guard isPlaceWord(word) || suffix else { return nil }
      if !suffix, word.filter(\.isLetter).count >= 3 { styles.insert(word == word.uppercased()) }
    }
    // A page prints a name in capitals or capitalised, not both: `CABERKIN Setprieetncome` is
    // noise read as words.
    guard styles.count <= 1 else { return nil }
    let name = words.joined(separator: " ")
    // A caption is a label, not a value, nor is a caption word OCR slipped by a letter (`Liew`
    // for `Lieu`) or, in a long word, by two (`KXHIRATION` for `EXPIRATION`), nor the document's
    // own words.
    guard CaptionLayout.captions(in: OCRWord.words(text: name)).isEmpty else { return nil }
    for word in words {
      // A caption whose slash OCR read as an apostrophe (`Sex'Sexe`) is caption words still.
      let parts = word.split(whereSeparator: { "'’".contains($0) }).map { PrintedField.normalized(String($0)) }
      if parts.count > 1, parts.contains(where: captionParts.contains) { return nil }
      let folded = PrintedField.normalized(word)
      if documentWords.contains(folded) { return nil }
      if folded.count >= 4, captionWords.contains(where: { slipsApart(folded, $0) }) { return nil }
    }
    return name
  }

  /// A word without the punctuation OCR attaches around it (`(OTTAWA:`, `SZCZECIN.`, `“F)`);
  /// apostrophes and hyphens inside a name stay. Other marks (`TORONT°`) may be a misread
  /// letter: the word keeps them, and is no place.
  static func trimmingMarks(_ word: String) -> String {
    var word = Substring(word)
    while let first = word.first, attachedMarks.contains(first) { word = word.dropFirst() }
    while let last = word.last, attachedMarks.contains(last) { word = word.dropLast() }
    return String(word)
  }

  static let attachedMarks: Set<Character> = [
    ".", ",", ";", ":", "(", ")", "[", "]", "\"", "'", "“", "”", "‘", "’", "«", "»", "—", "–", "-", "~", "_",
  ]

  /// Whether OCR may have read caption word `b` as `a`: one slip, two in words of eight letters
  /// or more, where no town's name lies that close to a caption's word.
  static func slipsApart(_ a: String, _ b: String) -> Bool {
    let slips = min(a.count, b.count) >= 8 ? 2 : 1
    return abs(a.count - b.count) <= slips && Transliteration.editDistance(Array(a), Array(b)) <= slips
  }

  /// What a data page prints besides its fields: never a place of birth.
  static let documentWords: Set<String> = [
    "passport", "passeport", "pasaporte", "passaporto", "reisepass", "putovnica", "paszport", "utlevel", "passi",
    "specimen", "office", "republic", "republique", "ministry",
    // A card's own words, printed among its fields (`Ausweisnr Card No`, `NUM SOPORT`).
    "card", "carte", "karte", "kaart", "carta", "ausweis", "ausweisnr", "personalausweis", "identity", "identite",
    "identiteit", "identidad", "identita", "document", "documento", "soporte", "soport",
    // The holder's signature, whose caption stands in the zone on many pages.
    "signature", "signatur", "unterschrift", "firma", "paraksts", "parasas", "podpis", "allekirjoitus",
    "namnteckning", "handtekening", "assinatura", "holder",
    // The labels of a specimen figure's zones (`Visual Inspection Zone (VIZ)`).
    "visual", "inspection", "zone", "machine", "readable",
    // The issuing authority, printed in the rows a place by field order is looked for in
    // (`AUSWÄRTIGES AMT`, `PMLP RĪGAS 1. NODAĻA`, `Helsingin poliisilaitos`): an office's words,
    // never a town's.
    "auswartiges", "amt", "stadt", "landeshauptstadt", "landratsamt", "landkreis", "bezirksamt", "gemeinde",
    "burgermeister", "polizei", "botschaft", "konsulat", "generalkonsulat", "department", "embassy", "consulate",
    "police", "government", "immigration", "prefecture", "ambassade", "consulat", "ministere", "mairie", "ministerio",
    "embajada", "consulado", "policia", "questura", "ministero", "prefettura", "comune", "ambasciata", "consolato",
    "gemeente", "burgemeester", "consulaat", "poliisi", "poliisilaitos", "polisen", "polismyndigheten", "politiet",
    "politsei", "pmlp", "nodala", "migracijos", "policijos", "policja", "wojewoda", "urzad", "ministerstvo",
    "magistrat", "upravna", "enota", "policijska", "uprava", "emniyet", "nufus",
  ]

  /// Every word of every caption, at least three letters long (`sex`, `nom`).
  static let captionParts: Set<String> = Set(
    PrintedField.allCases.flatMap { $0.captions.flatMap { $0 } }.filter { $0.count >= 3 })

  /// Every word of every caption, at least four letters long: long enough to forgive a slip in.
  static let captionWords: Set<String> = captionParts.filter { $0.count >= 4 }

  /// `ZAGREB`, `Rovaniemi`, `SAINT-ÉTIENNE`, `Val-d'Or`: letters (any Latin script), hyphens and
  /// apostrophes, all capitals or a capital then lower case.
  static func isPlaceWord(_ word: String) -> Bool {
    let letters = word.filter(\.isLetter)
    guard letters.count >= 2, word.allSatisfy({ $0.isLetter || "-'’".contains($0) }), word.first!.isLetter else {
      return false
    }
    if letters.allSatisfy(\.isUppercase) { return true }
    // Capitalised parts: `Val-d'Or`, `Saint-Denis`.
    return word.split(whereSeparator: { "-'’".contains($0) }).allSatisfy { part in
      part.count <= 2 || (part.first!.isUppercase && part.dropFirst().allSatisfy(\.isLowercase))
    } && word.first!.isUppercase
  }

  /// `07`: a district number printed after a city.
  static func isDistrict(_ word: String) -> Bool { (1...2).contains(word.count) && word.allSatisfy(\.isNumber) }

  /// `CAN`, `GR`: a state or region code printed after a city.
  static func isCode(_ word: String) -> Bool {
    (2...3).contains(word.count) && word.allSatisfy { $0.isUppercase && $0.isASCII }
  }

  /// `F`, `M`, `X`, `K/F`, `N/F`, `M/M`, and `KIF` (K/F with the slash read as I).
  static func isSex(_ word: String) -> Bool {
    let letters = word.filter(\.isLetter)
    guard (1...3).contains(word.count), !letters.isEmpty, word.allSatisfy({ $0.isLetter || "/|".contains($0) })
    else { return false }
    guard let last = letters.last, "MFX".contains(last) else { return false }
    return word.count == 1 || word.contains("/") || word.contains("|")
      || (word.count == 3 && "Il1".contains(Array(word)[1]))
  }
}

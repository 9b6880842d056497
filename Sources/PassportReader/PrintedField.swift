/// The captions of a passport data page (ICAO 9303 part 4: the fields and their order), as
/// printed in English, French and the national languages (the Baltic states', Romanian, Slovenian
/// and Turkish too: a stamp over the English caption may spare the national one),
/// diacritics dropped and lower case — the way they are matched against OCR words. Many pages
/// number them (`03`, `04`); numbers are skipped, since the numbering differs between states.
public enum PrintedField: String, Sendable, CaseIterable {
  case surname, givenNames, dateOfBirth, placeOfBirth, dateOfIssue, dateOfExpiry, authority, sex, nationality
  case documentNumber

  /// Each caption a list of words.
  var captions: [[String]] {
    let phrases: [String]
    switch self {
    case .surname:
      phrases = [
        "surname", "nom", "apellidos", "cognome", "familienname", "name", "prijmeni", "nazwisko", "prezime",
        "vezeteknev", "efternamn", "achternaam", "apelido", "priezvisko", "sukunimi", "efternavn", "primer apellido",
      ]
    case .givenNames:
      phrases = [
        "given names", "given name", "prenoms", "prenom", "nombres", "nombre", "nome", "nomi", "vornamen", "vorname",
        "jmeno", "jmena", "imiona", "ime", "utonev", "fornamn", "voornamen", "nomes", "meno", "etunimet", "fornavne",
      ]
    case .dateOfBirth:
      phrases = [
        "date of birth", "date de naissance", "fecha de nacimiento", "data di nascita", "geburtsdatum",
        "datum narozeni", "data urodzenia", "datum rodenja", "szuletesi ido", "fodelsedatum", "geboortedatum",
        "data de nascimento", "datum narodenia", "syntymaaika", "fodselsdato", "birth date", "sunniaeg",
        "dzimsanas datums", "gimimo data", "data nasterii", "datum rojstva", "dogum tarihi",
      ]
    case .placeOfBirth:
      phrases = [
        "place of birth", "lieu de naissance", "lugar de nacimiento", "luogo di nascita", "geburtsort",
        "misto narozeni", "miejsce urodzenia", "mjesto rodenja", "szuletesi hely", "fodelseort", "geboorteplaats",
        "local de nascimento", "naturalidade", "miesto narodenia", "syntymapaikka", "fodested", "birth place",
        "sunnikoht", "dzimsanas vieta", "gimimo vieta", "locul nasterii", "kraj rojstva", "dogum yeri",
      ]
    case .dateOfIssue:
      phrases = [
        "date of issue", "date de delivrance", "fecha de expedicion", "fecha de emision", "data di rilascio",
        "data del rilascio", "ausstellungsdatum", "datum vydani", "data wydania", "datum izdavanja",
        "kiallitas datuma", "kiallitas kelte", "utfardandedatum", "datum van afgifte", "data de emissao",
        "datum vydania", "myontamispaiva", "udstedelsesdato", "issue date", "issuing date", "date of iss",
        "valja antud", "izdosanas datums", "isdavimo data", "data eliberarii", "datum izdaje", "verilis tarihi",
      ]
    case .dateOfExpiry:
      phrases = [
        "date of expiry", "date d expiration", "date dexpiration", "fecha de caducidad", "fecha de vencimiento",
        "data di scadenza", "gultig bis", "datum platnosti", "data waznosci", "datum isteka", "ervenyesseg",
        "giltig till", "geldig tot", "data de validade", "voimassa", "udlobsdato", "expiry date", "date of exp",
        "kehtiv kuni", "derigs lidz", "deriga lidz", "galioja iki", "data expirarii", "datum veljavnosti",
      ]
    case .authority:
      phrases = [
        "authority", "autorite", "autoridad", "autorita", "autoridade", "behorde", "urad", "organ wydajacy",
        "izdao", "hatosag", "myndighet", "afgegeven door", "issuing authority", "issued by",
      ]
    case .sex:
      phrases = ["sex", "sexe", "sexo", "sesso", "geschlecht", "pohlavi", "plec", "spol", "nem", "kon", "geslacht"]
    case .nationality:
      phrases = [
        "nationality", "nationalite", "nacionalidad", "nazionalita", "staatsangehorigkeit", "statni obcanstvi",
        "obywatelstwo", "drzavljanstvo", "allampolgarsag", "nationalitet", "nationaliteit", "nacionalidade",
        "statna prislusnost", "kansalaisuus",
      ]
    case .documentNumber:
      phrases = [
        "passport no", "passport number", "no du passeport", "n du passeport", "pasaporte no", "passaporto n",
        "reisepass nr", "pass nr", "cislo pasu", "nr paszportu", "broj putovnice", "utlevel szama", "passnummer",
        "paspoortnummer", "document no", "numero du passeport",
      ]
    }
    return phrases.map { $0.split(separator: " ").map(String.init) }
  }

  /// A word as captions are matched: lower case, diacritics and punctuation dropped.
  static func normalized(_ word: String) -> String {
    String(word.uppercased().map(Transliteration.base).filter { $0.isLetter && $0.isASCII }).lowercased()
  }

  /// Whether an OCR'd word is a caption's word: exactly for short words (`nom`, `sex`), within
  /// one slip for words of five letters or more (`Dale` for `Date` is not forgiven; `naissanee` is).
  static func matches(_ read: String, _ caption: String) -> Bool {
    if read == caption { return true }
    guard caption.count >= 5, abs(read.count - caption.count) <= 1 else { return false }
    return Transliteration.editDistance(Array(read), Array(caption)) <= 1
  }
}

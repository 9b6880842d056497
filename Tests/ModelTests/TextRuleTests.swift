import CivilTime
import Testing

@testable import KYCModel

/// The text rules a coach's input meets: what a value may hold so that it reads as what it is.
@Suite struct TextRuleTests {
  func refuses(_ value: String, name: Bool = true) -> Bool {
    do {
      if name {
        try TextRule.checkName(value, field: "lastName", maxLength: 100)
      } else {
        try TextRule.check(value, field: "notes", maxLength: 100)
      }
      return false
    } catch {
      return true
    }
  }

  @Test func invisibleFillersAndSelectorsAreRefused() {
    for filler in ["\u{3164}", "\u{115F}", "\u{FFA0}", "\u{034F}", "\u{FE0F}", "\u{E0100}", "\u{2800}", "\u{200B}"] {
      #expect(refuses("MÜLLER\(filler)"), "U+\(String(filler.unicodeScalars.first!.value, radix: 16))")
      #expect(refuses("note \(filler)", name: false))
    }
    #expect(refuses(String(repeating: "\u{3164}", count: 3)))
  }

  @Test func lengthCountsScalarsAndMarksPerBaseAreCapped() {
    let stacked = "A" + String(repeating: "\u{0301}", count: 30_000)
    #expect(refuses(stacked, name: false))
    #expect(refuses("A" + String(repeating: "\u{0301}", count: 5), name: false))
    #expect(!refuses("Nguyễn", name: false))  // decomposed or not, two marks at most
    #expect(!refuses("Nguye\u{0302}\u{0303}n", name: false))
    #expect(refuses(String(repeating: "a", count: 101), name: false))
    #expect(!refuses(String(repeating: "a", count: 100), name: false))
  }

  @Test func aNameNeedsALetterAndOneScriptPerWord() {
    #expect(refuses("-- ."))
    #expect(refuses("MUSTERM\u{0410}NN"))  // a Cyrillic А among Latin letters
    #expect(refuses("\u{0440}aypal"))  // Cyrillic р
    #expect(refuses("Ab\u{03BF}ut"))  // Greek ο
    #expect(!refuses("Мюллер Müller"))  // two scripts, one per word
    #expect(!refuses("O'Brien-Łukasiewicz"))
    #expect(!refuses("山田 やまだ"))
    #expect(!refuses("東京タワー"))  // Han with Katakana: Japanese
    #expect(!refuses("김민준"))
    #expect(refuses("Tokyo東京"))
    #expect(!refuses("Ελληνικά"))
    #expect(!refuses("Мар\u{02BC}яна"))  // the modifier apostrophe belongs to every script
    #expect(!refuses("O\u{02BB}zbekiston"))
    #expect(!refuses(""))
  }

  @Test func correctionsOfNamesMeetTheRules() throws {
    let today = try #require(CalendarDate("2026-12-06"))
    var data = PassportData(
      firstName: "ERIKA", lastName: "MUSTERM\u{0410}NN", passportNumber: "C01X00T47", dateOfBirth: "1964-08-12",
      issuedDate: "2017-10-31", placeOfBirth: "BERLIN", middleName: "", subdivision: "")
    #expect(throws: ValidationError.self) { try data.validate(today: today) }
    data.lastName = String(repeating: "\u{3164}", count: 4)
    #expect(throws: ValidationError.self) { try data.validate(today: today) }
    data.lastName = "MUSTERMANN"
    #expect((try? data.validate(today: today)) != nil)
  }
}

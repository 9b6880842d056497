import CivilTime
import Testing

@testable import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct NormalisationTests {
  @Test func namesAreStoredComposed() {
    let typed = PassportData(
      firstName: "Joa\u{0303}o", lastName: "Mu\u{0308}ller", passportNumber: "C01X00T47", dateOfBirth: "1964-08-12",
      issuedDate: "2021-08-03", placeOfBirth: "A\u{030A}rhus", middleName: "", subdivision: "")
    let stored = typed.normalized
    #expect(Array(stored.lastName.unicodeScalars) == Array("M\u{00FC}ller".unicodeScalars))
    #expect(Array(stored.firstName.unicodeScalars) == Array("Jo\u{00E3}o".unicodeScalars))
    #expect(Array(stored.placeOfBirth.unicodeScalars) == Array("\u{00C5}rhus".unicodeScalars))
    #expect(stored.passportNumber == typed.passportNumber)
  }
}

import CivilTime
import Testing

@testable import MRZ
@testable import PassportReader

@Suite struct MRZConfirmationTests {
  @Test func twoReadingsMendedAlikeByTheNumberSwapConfirmNothing() throws {
    let text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    var read = try MRZParser(today: CalendarDate("2010-06-01")!).parse(text).get()
    var swapped = read
    swapped.repairs.documentNumber = true
    #expect(MRZConfirmation.confirms(read, swapped) && MRZConfirmation.confirms(swapped, read))
    #expect(!MRZConfirmation.confirms(swapped, swapped))
    read.document.surname = "ERIKSSEN"
    #expect(!MRZConfirmation.confirms(read, swapped))
  }

  static func reading(number: String, swapped: Bool = false) -> MRZReading {
    var repairs = MRZRepairs()
    repairs.documentNumber = swapped
    return MRZReading(
      document: MRZDocument(
        format: .td3,
        documentType: "P", issuingState: "GBR", surname: "SMITH", givenNames: ["JOHN"], documentNumber: number,
        nationality: "GBR", birthDate: CalendarDate("1979-03-04")!, sex: "M", expiryDate: CalendarDate("2029-12-10")!,
        optionalData: "", namesTruncated: false, lines: []),
      repairs: repairs)
  }

  @Test func aNumberOneCheckDigitCannotProtectNeedsASecondReading() {
    // 5→9 and 0→O cancel in the number's check digit and in the composite alike.
    #expect(CheckDigit.compute("533401928") == CheckDigit.compute("9334O1928"))
    #expect(MRZConfirmation.needed(Self.reading(number: "9334O1928")))
    #expect(MRZConfirmation.needed(Self.reading(number: "X12340678", swapped: true)))
    #expect(!MRZConfirmation.needed(Self.reading(number: "533401928")))
    #expect(!MRZConfirmation.needed(Self.reading(number: "L898902C3")))
  }

  @Test func namesMendedToTheirLengthNeedASecondReadingButKeepTheirNumber() {
    var mended = Self.reading(number: "533401928")
    mended.repairs.uncheckedLength = true
    #expect(MRZConfirmation.needed(mended) && !MRZConfirmation.numberInDoubt(mended))
    // Two readings mended alike confirm nothing; a clean reading of the same document does.
    #expect(!MRZConfirmation.confirms(mended, mended))
    #expect(MRZConfirmation.confirms(mended, Self.reading(number: "533401928")))
  }
}

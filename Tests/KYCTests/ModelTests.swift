import CivilTime
import Testing

@testable import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct TimestampTests {
  @Test func formatsRFC3339WithMillisecondsInUTC() {
    #expect(Timestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    #expect(Timestamp.string(from: Date(timeIntervalSince1970: 1_732_881_793.25)) == "2024-11-29T12:03:13.250Z")
    #expect(Timestamp.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    #expect(Timestamp.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
  }

  @Test func parsesOnlyRealCalendarDates() {
    #expect(CalendarDate("2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
    #expect(CalendarDate("2023-02-29") == nil)
    #expect(CalendarDate("1900-02-29") == nil)
    #expect(CalendarDate("2000-02-29") != nil)
    #expect(CalendarDate("2024-13-01") == nil)
    #expect(CalendarDate("2024-04-31") == nil)
    #expect(CalendarDate("2024-4-01") == nil)
    #expect(CalendarDate("2024-04-01T00:00") == nil)
    #expect(CalendarDate("２０２４-04-01") == nil)
    #expect(CalendarDate("1974-08-12")!.description == "1974-08-12")
    #expect(CalendarDate("1974-08-12")! < CalendarDate("1974-08-13")!)
  }
}

@Suite struct IdentifierTests {
  @Test func canonicalisesUUIDs() {
    #expect(Identifier.canonicalUUID("6F1C2A9E-8D4B-4C1E-9A7F-2B3C4D5E6F70") == "6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f70")
    #expect(Identifier.canonicalUUID("6f1c2a9e8d4b4c1e9a7f2b3c4d5e6f70") == nil)
    #expect(Identifier.canonicalUUID("6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f7g") == nil)
    #expect(Identifier.canonicalUUID("") == nil)
    #expect(Identifier.canonicalUUID("{6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f7}") == nil)
  }
}

@Suite struct RequestBodyTests {
  let today = CalendarDate("2026-11-27")!

  func decode<T: RequestBody>(_ type: T.Type, _ json: String) throws(ValidationError) -> T {
    try T.decode(Array(json.utf8), today: today)
  }

  func message<T: RequestBody>(_ type: T.Type, _ json: String) -> String? {
    do {
      _ = try decode(type, json)
      return nil
    } catch {
      return error.message
    }
  }

  @Test func rejectsUnknownAndServerOwnedFields() {
    #expect(message(VerificationCreate.self, #"{"notes":"a","status":"approved"}"#) == "unknown field 'status'")
    #expect(message(PassportData.self, Self.passport(extra: #","confidence":1"#)) == "unknown field 'confidence'")
  }

  @Test func reportsTypeErrorsByFieldName() {
    #expect(message(VerificationCreate.self, #"{"notes":5}"#) == "field 'notes' must be of type string")
    #expect(message(AdminDecision.self, #"{"approved":"yes"}"#) == "field 'approved' must be of type boolean")
    #expect(message(AdminDecision.self, #"{}"#) == "missing required field 'approved'")
    #expect(message(VerificationCreate.self, #"[1]"#) == "request body must be a JSON object")
    #expect(message(VerificationCreate.self, #"{"notes":"#) == "request body is not valid JSON")
    #expect(
      message(AdminDecision.self, #"{"approved":false,"reason":"because"}"#) == "field 'reason' has an invalid value")
  }

  @Test func enforcesLengthsAndControlCharacters() throws {
    #expect(
      try decode(VerificationCreate.self, #"{"notes":"\#(String(repeating: "n", count: 500))"}"#).notes?.count == 500)
    #expect(message(VerificationCreate.self, #"{"notes":"\#(String(repeating: "n", count: 501))"}"#) != nil)
    #expect(
      message(VerificationCreate.self, #"{"notes":"a\u0000b"}"#) == "field 'notes' must not contain control characters")
    #expect(try decode(VerificationCreate.self, "{}").notes == nil)
  }

  static func passport(
    dateOfBirth: String = "1974-08-12", issuedDate: String = "2022-04-16", firstName: String = "Anna",
    number: String = "L898902C3", extra: String = ""
  ) -> String {
    #"{"firstName":"\#(firstName)","lastName":"Eriksson","passportNumber":"\#(number)","dateOfBirth":"\#(dateOfBirth)","issuedDate":"\#(issuedDate)","placeOfBirth":"Zenith","middleName":"","subdivision":""\#(extra)}"#
  }

  @Test func validatesPassportCorrections() throws {
    #expect(try decode(PassportData.self, Self.passport()).lastName == "Eriksson")
    #expect(
      message(PassportData.self, Self.passport(dateOfBirth: "2027-01-01")) == "field 'dateOfBirth' must be in the past")
    #expect(message(PassportData.self, Self.passport(dateOfBirth: "1974-02-30"))?.contains("real date") == true)
    #expect(
      message(PassportData.self, Self.passport(issuedDate: "2026-11-28"))
        == "field 'issuedDate' must not be in the future")
    #expect(
      message(PassportData.self, Self.passport(issuedDate: "1970-01-01"))
        == "field 'issuedDate' must be after 'dateOfBirth'")
    #expect(message(PassportData.self, Self.passport(firstName: "  ")) == "field 'firstName' must not be empty")
    #expect(message(PassportData.self, Self.passport(firstName: "Ann4")) == "field 'firstName' must not contain digits")
    #expect(message(PassportData.self, Self.passport(number: "L89-89")) != nil)
    #expect(message(PassportData.self, #"{"firstName":"Anna"}"#)?.hasPrefix("missing required field") == true)
  }

  @Test func adminDecisionNeedsAReasonOnlyToReject() throws {
    #expect(message(AdminDecision.self, #"{"approved":false}"#) == "a rejection needs a 'reason'")
    #expect(
      message(AdminDecision.self, #"{"approved":true,"reason":"fake_document"}"#) == "'reason' is only for rejections")
    #expect(try decode(AdminDecision.self, #"{"approved":false,"reason":"fake_document"}"#).reason == .fakeDocument)
  }

  @Test(arguments: [
    ("uploads/selfie.jpg", true), ("a_b/c~d-e.1.jpg", true), ("a b.jpg", false), ("ü.jpg", false),
    ("a+b.jpg", false), ("a(1).jpg", false), ("a//b.jpg", false), ("a/", false),
    ("", false), ("../x.jpg", false), ("a/../b", false), ("./a", false), ("/etc/passwd", false),
    ("https://evil.example/x.jpg", false), ("s3://bucket/key", false), ("a\u{0}b", false), ("a\nb", false),
    ("a\\b", false), (String(repeating: "k", count: 1025), false),
  ])
  func checksFileKeys(key: String, valid: Bool) {
    #expect(((try? FileKey.validate(key)) != nil) == valid)
  }
}

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

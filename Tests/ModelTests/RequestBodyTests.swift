import CivilTime
import Testing

@testable import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

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

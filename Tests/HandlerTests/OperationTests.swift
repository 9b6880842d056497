import KYCConfiguration
import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCHandlers
@testable import KYCTestSupport

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct OperationTests {
  @Test func coachesSeeOnlyTheirOwnVerifications() throws {
    let h = try Harness()
    let id = h.create(coachA)
    #expect(h.call(GetVerification.self, path: ["verificationId": id]).status == 200)
    let other = h.call(GetVerification.self, user: coachB, path: ["verificationId": id])
    #expect(other.status == 404)
    #expect(other.json?.errorCode == "notFound")
    #expect(
      h.call(GetVerification.self, user: admin, groups: .string("[kyc-admin]"), path: ["verificationId": id]).status
        == 200)
    #expect(h.call(ListVerifications.self, query: ["coachId": coachB]).status == 403)
    #expect(h.call(ListVerifications.self, user: coachB).json?["total"] == .number(0))
    #expect(
      h.call(ListVerifications.self, user: admin, groups: .array([.string("kyc-admin")]), query: ["coachId": coachA])
        .json?["total"] == .number(1))
  }

  @Test func withoutASubscriberNoEventIsWritten() throws {
    let on = try Harness()
    _ = on.create()
    #expect(try on.services.store.pendingEvents(limit: 10).count == 1)
    let off = try Harness(environment: ["KYC_EVENTS": "off"])
    let id = off.create()
    #expect(off.call(GetVerification.self, path: ["verificationId": id]).status == 200)
    #expect(try off.services.store.pendingEvents(limit: 10).isEmpty)
    #expect(throws: ConfigurationError.self) { try Configuration(environment: ["KYC_EVENTS": "sometimes"]) }
  }

  @Test func secondActiveVerificationIsAConflict() throws {
    let h = try Harness()
    _ = h.create()
    #expect(h.call(CreateVerification.self, body: #"{"notes":"again"}"#).status == 409)
  }

  @Test func bodiesAreCheckedBeforeAnythingIsStored() throws {
    let h = try Harness()
    #expect(h.call(CreateVerification.self, body: nil).status == 400)
    #expect(h.call(CreateVerification.self, body: #"{"notes":"a","status":"approved"}"#).status == 400)
    #expect(
      h.call(CreateVerification.self, body: "{\"notes\":\"\(String(repeating: "x", count: 70_000))\"}").status == 413)
    #expect(h.call(ListVerifications.self).json?["total"] == .number(0))
    #expect(h.call(CreateVerification.self, body: #"{"notes":"encoded"}"#, base64: true).status == 201)
  }

  @Test func listValidatesPaging() throws {
    let h = try Harness()
    #expect(h.call(ListVerifications.self, query: ["limit": "0"]).status == 400)
    #expect(h.call(ListVerifications.self, query: ["limit": "101"]).status == 400)
    #expect(h.call(ListVerifications.self, query: ["number": "-1"]).status == 400)
    #expect(h.call(ListVerifications.self, query: ["number": "99999999999999999999"]).status == 400)
    #expect(h.call(ListVerifications.self, query: ["coachId": "x"]).status == 400)
    let page = h.call(ListVerifications.self, query: ["number": "2", "limit": "100"]).json
    #expect(page?["page"] == .number(2))
    #expect(page?["limit"] == .number(100))
    #expect(page?["count"] == .number(0))
  }

  @Test func adminRouteIsForAdminsOnly() throws {
    let h = try Harness()
    let id = h.create()
    let body = #"{"approved":true}"#
    #expect(h.call(AdminManageVerification.self, path: ["verificationId": id], body: body).status == 403)
    let unconditional = h.call(
      AdminManageVerification.self, user: admin, groups: .string("[kyc-admin]"), path: ["verificationId": id],
      body: body)
    #expect(unconditional.status == 428)
    let etag = h.call(GetVerification.self, user: admin, groups: .string("[kyc-admin]"), path: ["verificationId": id])
      .json?["etag"]?.stringValue
    let anyVersion = h.call(
      AdminManageVerification.self, user: admin, groups: .string("[kyc-admin]"), path: ["verificationId": id],
      body: body, headers: ["if-match": "*"])
    #expect(anyVersion.status == 428)
    let early = h.call(
      AdminManageVerification.self, user: admin, groups: .string("[kyc-admin]"), path: ["verificationId": id],
      body: body, headers: ["if-match": etag ?? ""])
    #expect(early.status == 409)
    let custom = try Harness(environment: ["KYC_ADMIN_GROUP": "reviewers"])
    let customId = custom.create()
    #expect(
      custom.call(
        AdminManageVerification.self, user: admin, groups: .string("[kyc-admin]"), path: ["verificationId": customId],
        body: body
      ).status == 403)
  }

  @Test func uploadsWithoutAnalysisAnswerClearlyAndChangeNothing() throws {
    let h = try Harness()
    let id = h.create()
    let (status, json) = h.call(
      UploadAvatar.self, path: ["verificationId": id], body: #"{"fileKey":"verifications/\#(id)/avatar/a.jpg"}"#)
    #expect(status == 500)
    #expect(json?.errorCode == "internal")
    // A key outside the verification's prefix is refused before storage is asked at all.
    #expect(h.call(UploadAvatar.self, path: ["verificationId": id], body: #"{"fileKey":"a.jpg"}"#).status == 400)
    #expect(h.call(UploadAvatar.self, path: ["verificationId": id], body: #"{"fileKey":"../a.jpg"}"#).status == 400)
    #expect(h.call(UploadPassport.self, path: ["verificationId": id], body: #"{"fileKey":"p.jpg"}"#).status == 409)
    #expect(h.call(GetVerificationStatus.self).json?["progress"]?["avatarVerified"]?["attempts"] == .number(0))
  }

  @Test func logsCarryNoRequestContent() throws {
    let h = try Harness()
    _ = h.call(CreateVerification.self, body: #"{"notes":"Passport L898902C3 for Anna Eriksson"}"#)
    let text = h.logs.all.joined(separator: "\n")
    #expect(!text.isEmpty)
    #expect(!text.contains("L898902C3"))
    #expect(!text.contains("Eriksson"))
    #expect(text.contains("req-42"))
  }
}

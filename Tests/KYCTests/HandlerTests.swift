import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCHandlers

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

let coachA = "6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f70"
let coachB = "0b7e3c52-1f4a-4d8e-b6c9-7a2d1e0f3b41"
let admin = "a1d3e5f7-2b4c-4d6e-8f01-23456789abcd"

/// Runs operations in-process over a fresh SQLite store.
struct Harness {
  let services: Services
  let logs = LogCapture()

  init(environment: [String: String] = [:]) throws {
    var env = environment
    env["KYC_STORE"] = "sqlite:" + temporaryDirectory() + "/kyc.sqlite"
    services = try Services.live(environment: env)
  }

  func call<Op: Operation>(
    _ op: Op.Type, user: String? = coachA, sub: String? = nil, groups: JSONValue? = nil, claims: Bool = true,
    path: [String: String]? = nil, query: [String: String]? = nil, body: String? = nil, base64: Bool = false,
    headers extra: [String: String] = [:]
  ) -> (status: Int, json: JSONValue?) {
    var headers = extra
    if let user { headers["x-current-user-id"] = user }
    var claimSet: [String: JSONValue] = ["sub": .string(sub ?? user ?? coachA)]
    if let groups { claimSet["cognito:groups"] = groups }
    var event = HTTPEvent(
      routeKey: Op.routeKey, headers: headers, queryStringParameters: query, pathParameters: path,
      body: base64 ? body.map { Data($0.utf8).base64EncodedString() } : body, claims: claims ? claimSet : nil,
      requestId: "req-42")
    event.isBase64Encoded = base64
    let logger = Logger(function: Op.operationId, sink: logs.append)
    let response = FunctionRuntime.invoke(
      Array(try! JSONEncoder().encode(EventBox(event))), handler: Op.handler(services: services), logger: logger)
    let json = response.body.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    return (response.statusCode, json)
  }

  func create(_ user: String = coachA) -> String {
    let (status, json) = call(CreateVerification.self, user: user, body: "{}")
    precondition(status == 201)
    return json!["id"]!.stringValue!
  }
}

/// Re-encodes an event the way API Gateway would send it.
struct EventBox: Encodable {
  let event: HTTPEvent
  init(_ event: HTTPEvent) { self.event = event }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    try c.encode("2.0", forKey: .version)
    try c.encode(event.routeKey, forKey: .routeKey)
    try c.encode(event.headers, forKey: .headers)
    try c.encodeIfPresent(event.queryStringParameters, forKey: .queryStringParameters)
    try c.encodeIfPresent(event.pathParameters, forKey: .pathParameters)
    try c.encodeIfPresent(event.body, forKey: .body)
    try c.encode(event.isBase64Encoded ?? false, forKey: .isBase64Encoded)
    var context: [String: JSONValue] = ["requestId": .string(event.requestId)]
    if let claims = event.claims { context["authorizer"] = .object(["jwt": .object(["claims": .object(claims)])]) }
    try c.encode(context, forKey: .requestContext)
  }
  enum Key: String, CodingKey {
    case version, routeKey, headers, queryStringParameters, pathParameters, body, isBase64Encoded, requestContext
  }
}

final class LogCapture: Sendable {
  private let lines = Mutex<[String]>([])
  var append: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
  var all: [String] { lines.withLock { $0 } }
}

extension JSONValue {
  subscript(key: String) -> JSONValue? {
    if case .object(let object) = self { return object[key] }
    return nil
  }
  var errorCode: String? {
    if case .array(let errors)? = self["errors"], case .object(let first)? = errors.first {
      return first["code"]?.stringValue
    }
    return nil
  }
}

@Suite struct IdentityTests {
  @Test func requiresClaimsThenAHeaderThatMatchesThem() throws {
    let h = try Harness()
    #expect(h.call(GetVerificationStatus.self, claims: false).status == 401)
    #expect(h.call(GetVerificationStatus.self, user: nil, sub: coachA).status == 400)
    #expect(h.call(GetVerificationStatus.self, user: "nope", sub: coachA).status == 400)
    let mismatch = h.call(GetVerificationStatus.self, user: coachA, sub: coachB)
    #expect(mismatch.status == 403)
    #expect(mismatch.json?.errorCode == "forbidden")
    #expect(h.call(GetVerificationStatus.self, user: coachA.uppercased(), sub: coachA).status == 404)
  }

  @Test func adminGroupAcceptsAPIGatewayStringAndJSONArray() {
    #expect(Caller.groups(.string("[kyc-admin staff]")) == ["kyc-admin", "staff"])
    #expect(Caller.groups(.string(#"["staff","kyc-admin"]"#)) == ["staff", "kyc-admin"])
    // Nothing but those two forms: a plain string is no list, and commas split nothing.
    #expect(Caller.groups(.string("kyc-admin")).isEmpty)
    #expect(Caller.groups(.string("staff,kyc-admin")).isEmpty)
    #expect(Caller.groups(.string("[staff,kyc-admin]")) == ["staff,kyc-admin"])
    #expect(Caller.groups(.array([.string("staff,kyc-admin")])) == ["staff,kyc-admin"])
    #expect(Caller.groups(.array([.string("staff"), .string("kyc-admin")])) == ["staff", "kyc-admin"])
    #expect(Caller.groups(.number(1)).isEmpty)
    #expect(Caller.groups(nil).isEmpty)
  }

  @Test func errorEnvelopeNamesRouteAndRequest() throws {
    let h = try Harness()
    let (status, json) = h.call(GetVerification.self, path: ["verificationId": "123"])
    #expect(status == 400)
    guard case .array(let errors)? = json?["errors"], let first = errors.first else {
      Issue.record("no errors array")
      return
    }
    #expect(first["endpoint"]?.stringValue == "GET /verifications/{verificationId}")
    #expect(first["requestId"]?.stringValue == "req-42")
    #expect(first["code"]?.stringValue == "validation")
  }
}

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
    #expect(throws: APIError.self) { try Configuration(environment: ["KYC_EVENTS": "sometimes"]) }
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

@Suite struct RuntimeTests {
  @Test func aBrokenEventStillGetsAnEnvelope() throws {
    let h = try Harness()
    for input: [UInt8]? in [nil, [], Array("{".utf8), Array("[1,2]".utf8), [0xFF, 0xFE]] {
      let response = FunctionRuntime.invoke(
        input, handler: GetVerification.handler(services: h.services), logger: Logger(function: "t", sink: { _ in }))
      #expect(response.statusCode == 400)
      #expect(response.headers["content-type"] == "application/json")
    }
  }

  @Test func configurationRejectsBadValues() {
    #expect(throws: APIError.self) { try Configuration(environment: ["KYC_STORE": "postgres:x"]) }
    #expect(throws: APIError.self) { try Configuration(environment: ["KYC_MAX_ATTEMPTS": "0"]) }
    #expect(throws: APIError.self) { try Configuration(environment: ["KYC_MATCH_THRESHOLD": "1.5"]) }
    let config = try? Configuration(environment: ["KYC_STORE": "dynamodb:kyc", "KYC_MATCH_THRESHOLD": "0.7"])
    #expect(config?.store == .dynamoDB(table: "kyc"))
    #expect(config?.matchThreshold == 0.7)
    #expect((try? Configuration(environment: [:]))?.store == .sqlite(path: ".kyc/kyc.sqlite"))
  }
}

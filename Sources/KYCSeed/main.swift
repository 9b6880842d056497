// kyc-seed: the rules' test path. Creates a verification and walks it through the lifecycle
// with scripted analysis outcomes (no images), writing to the store named by KYC_STORE.
//
//   kyc-seed --coach <uuid> [--id <uuid>] [--state <status>] [--match-score <0..1>]
//   kyc-seed --create-table yes      (KYC_STORE=dynamodb:<table>: create the table if missing)
//
// Prints the verification as JSON. States: pending, avatar_verified, passport_verified,
// admin_review_required (default), approved, rejected (decided by a seed admin).
import KYCConfiguration
import KYCHandlers
import KYCJSON
import KYCModel
import KYCRules
import KYCRuntime
import KYCStore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

func fail(_ message: String) -> Never {
  let line = "kyc-seed: \(message)\n"
  _ = Array(line.utf8).withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(2)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
  guard flag.hasPrefix("--"), let value = arguments.popFirst() else {
    fail("usage: kyc-seed --coach <uuid> [--id <uuid>] [--state <status>] [--match-score <s>]")
  }
  options[String(flag.dropFirst(2))] = value
}
if options["create-table"] != nil {
  let environment = ProcessInfo.processInfo.environment
  do {
    let configuration = try Configuration(environment: environment)
    guard case .dynamoDB = configuration.store,
      let store = try Services.openStore(configuration, environment: environment) as? DynamoDBStore
    else { fail("--create-table needs KYC_STORE=dynamodb:<table>") }
    try store.createTableIfMissing()
  } catch let error as ConfigurationError {
    fail(error.message)
  } catch {
    fail("\(error)")
  }
  exit(0)
}
guard let coach = options["coach"].flatMap(Identifier.canonicalUUID) else { fail("--coach <uuid> is required") }
let id = options["id"].flatMap(Identifier.canonicalUUID) ?? UUID().uuidString.lowercased()
guard let target = Status(rawValue: options["state"] ?? "admin_review_required") else { fail("unknown --state") }
guard let score = Double(options["match-score"] ?? "0.93") else { fail("--match-score must be a number") }

let services: Services
do {
  services = try Services.live(environment: ProcessInfo.processInfo.environment)
} catch {
  fail(error.message)
}
let lifecycle = services.lifecycle
let specimen = PassportData(
  firstName: "Anna", lastName: "Eriksson", passportNumber: "L898902C3", dateOfBirth: "1974-08-12",
  issuedDate: "2012-04-16", placeOfBirth: "Zenith", middleName: "Maria", subdivision: "",
  nationality: "UTO", sex: "F", documentType: "P", issuingState: "UTO", expiryDate: "2032-04-15")

do throws(LifecycleError) {
  var record = lifecycle.create(id: id, coachId: coach, notes: "seeded by kyc-seed", now: Date())
  let steps: [Status] = [.avatarVerified, .passportVerified, .adminReviewRequired, .approved]
  let decided = target == .approved || target == .rejected
  for step in steps where target != Status.pending {
    switch step {
    case .avatarVerified:
      record = try lifecycle.recordAvatar(record, .human(nil), fileKey: "seed/avatar.jpg", now: Date())
    case .passportVerified:
      let match: MatchOutcome? = target == .adminReviewRequired || decided ? .compared(score: score) : nil
      record = try lifecycle.recordPassport(
        record, .read(specimen, confidence: 1, missingFields: []), match: match, fileKey: "seed/passport.jpg",
        now: Date())
    case .approved where decided:
      let decision = AdminDecision(
        approved: target == .approved, reason: target == .rejected ? .documentUnclear : nil, notes: "seeded decision")
      record = try lifecycle.decide(
        record, decision, reviewerId: "a0000000-0000-4000-8000-00000000ad02", now: Date())
    default:
      break
    }
    if record.verification.status == target { break }
  }
  // No image was uploaded: the record names none, as a verification whose images were never
  // analysed (an approval checks that each analysed image is still in the bucket).
  record.avatarFileKey = nil
  record.passportFileKey = nil
  do {
    try services.store.insert(record)
  } catch {
    fail("store: \(error)")
  }
  let encoder = JSONCoding.encoder()
  print(String(decoding: (try? encoder.encode(record.verification)) ?? Data(), as: UTF8.self))
} catch {
  fail(error.message)
}

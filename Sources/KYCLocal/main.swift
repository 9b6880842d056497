// kyc-local: the whole API on one machine, the way `sam local start-api` would serve it (no Docker).
//
//   kyc-local serve                               serve 127.0.0.1:$KYC_PORT (3000) until SIGINT/SIGTERM
//   kyc-local token --sub <uuid> [--admin] [--expires-in <seconds>]   print a development token
//   kyc-local upload <file> --verification <id> --purpose avatar|passport|passport_back --token <jwt>
//                                                 upload through an upload slot of the running API
//                                                 (as a coach's app does), print the slot's fileKey
//   kyc-local dispatch [--once]                   deliver events to KYC_WEBHOOK_URL (serve does it too)
//   kyc-local purge                               erase personal data past KYC_RETENTION_DAYS
//   kyc-local dead-letters | replay <eventId>     events whose delivery was given up; send one again
//   kyc-local settings                           each function's environment variables (JSON)
//   kyc-local functions [--served]                the function executables, one per line (with
//                                                 --served only those serve runs: no jobs)
//
// Environment: KYC_JWT_SECRET (HS256 development secret), KYC_JWKS_FILE (RS256 keys instead),
// KYC_JWT_ISSUER (kyc-local), KYC_JWT_AUDIENCE (kyc-api), KYC_REQUEST_TIMEOUT_MS (30000),
// KYC_BIN_DIR (where the function executables are; default: beside kyc-local), KYC_CONSOLE_ADMIN_SUB
// (whom the console's development sign-in signs in). Everything else
// (KYC_STORE, AWS_*, KYC_MODELS_DIR, …) passes to the functions.
import Foundation
import KYCConsole
import KYCHandlers
import KYCJSON
import KYCModel
import S3Client

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("kyc-local: \(message)\n".utf8))
  exit(2)
}

/// `.kyc/local-api.env`, written by scripts/local-api: the local S3's endpoint and keys.
func localEnvironment() -> [String: String] {
  var environment = ProcessInfo.processInfo.environment
  if let text = try? String(contentsOfFile: ".kyc/local-api.env", encoding: .utf8) {
    for line in text.split(separator: "\n") {
      let parts = line.replacingOccurrences(of: "export ", with: "").split(separator: "=", maxSplits: 1).map(
        String.init)
      if parts.count == 2, environment[parts[0]] == nil {
        environment[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
      }
    }
  }
  return environment
}

func printJSON(_ value: [String: JSONValue]) {
  let encoder = JSONCoding.encoder()
  print(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
}

// The registry, for the scripts: before any set-up, so it needs no configuration.
if CommandLine.arguments.dropFirst().first == "functions" {
  let served =
    OperationRegistry.operations.map { $0.operationId } + [ConsoleFunction.functionName]
    + OperationRegistry.authorizers
  let all = served + (CommandLine.arguments.contains("--served") ? [] : OperationRegistry.jobs)
  print(all.joined(separator: "\n"))
  exit(0)
}

// Which function reads which environment variable, and where a deployment supplies each.
if CommandLine.arguments.dropFirst().first == "settings" {
  printJSON(
    OperationRegistry.settings.mapValues { settings in
      .array(
        settings.map {
          .object(["name": .string($0.rawValue), "source": .string($0.source.rawValue), "secret": .bool($0.isSecret)])
        })
    })
  exit(0)
}

let environment = localEnvironment()
// Writes to a function that already exited fail with EPIPE instead of ending the gateway.
signal(SIGPIPE, SIG_IGN)
/// Who the console's development sign-in signs in as (`KYC_CONSOLE_ADMIN_SUB` overrides).
let developmentAdmin = "a0000000-0000-4000-8000-00000000ad01"
let command = CommandLine.arguments.dropFirst().first ?? "serve"
let arguments = Array(CommandLine.arguments.dropFirst(2))
func option(_ name: String) -> String? {
  guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return nil }
  return arguments[index + 1]
}

let secret = environment["KYC_JWT_SECRET"] ?? "kyc-local-development-secret-not-for-production"
// HS256 wants a key at least as long as its hash.
guard secret.utf8.count >= 32 else { fail("KYC_JWT_SECRET must be at least 32 bytes") }
let authorizer: LocalAuthorizer
do {
  let jwks = try environment["KYC_JWKS_FILE"].map { try String(contentsOfFile: $0, encoding: .utf8) }
  authorizer = try LocalAuthorizer(
    secret: secret, jwksJSON: jwks,
    issuer: environment["KYC_JWT_ISSUER"] ?? "kyc-local", audience: environment["KYC_JWT_AUDIENCE"] ?? "kyc-api")
} catch {
  fail("cannot set up token verification: \(error)")
}

switch command {
case "token":
  guard let sub = option("sub").flatMap(Identifier.canonicalUUID) else { fail("token needs --sub <uuid>") }
  let admin = arguments.contains("--admin")
  let lifetime = option("expires-in").flatMap(Double.init) ?? 3600
  let group = environment["KYC_ADMIN_GROUP"] ?? "kyc-admin"
  do {
    print(try authorizer.token(sub: sub, admin: admin, expiresIn: lifetime, adminGroup: group))
  } catch {
    fail("cannot sign: \(error)")
  }

case "upload":
  guard let path = arguments.first, let data = FileManager.default.contents(atPath: path) else {
    fail("upload needs a readable file")
  }
  guard let verification = option("verification").flatMap(Identifier.canonicalUUID),
    let purpose = option("purpose"), UploadSlotRequest.Purpose(rawValue: purpose) != nil, let token = option("token")
  else { fail("upload needs --verification <id>, --purpose avatar|passport|passport_back and --token <jwt>") }
  guard let sub = authorizer.claims(authorization: "Bearer \(token)")?["sub"]?.stringValue else {
    fail("the token does not verify")
  }
  let port = environment["KYC_PORT"] ?? "3000"
  let upload = SlotUpload(api: "http://127.0.0.1:\(port)/v1", token: token, userId: sub)
  do {
    print(try upload.upload(Array(data), verificationId: verification, purpose: purpose))
  } catch {
    fail("upload failed: \(error)")
  }

case "serve":
  let port = Int(environment["KYC_PORT"] ?? "3000") ?? 3000
  var environment = environment
  // Capture links open the capture page this runner serves.
  if environment["KYC_CAPTURE_PAGE_URL"] == nil {
    environment["KYC_CAPTURE_PAGE_URL"] = "http://127.0.0.1:\(port)/console/capture.html"
  }
  let binaries =
    environment["KYC_BIN_DIR"].map { URL(fileURLWithPath: $0) }
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  let signIn = DevelopmentSignIn(
    authorizer: authorizer,
    adminSub: environment["KYC_CONSOLE_ADMIN_SUB"].flatMap(Identifier.canonicalUUID) ?? developmentAdmin,
    adminGroup: environment["KYC_ADMIN_GROUP"] ?? "kyc-admin")
  let gateway = LocalGateway(
    binaries: binaries, authorizer: authorizer, signIn: signIn,
    timeoutSeconds: (Double(environment["KYC_REQUEST_TIMEOUT_MS"] ?? "") ?? 30_000) / 1000, environment: environment)
  let server: HTTPServer
  do {
    server = try HTTPServer(host: "127.0.0.1", port: port, maxBodyBytes: 10 * 1024 * 1024, handler: gateway.handle)
  } catch {
    fail("cannot listen on 127.0.0.1:\(port)")
  }
  // Graceful shutdown: stop accepting, let requests in flight finish. The sources must live as
  // long as the server.
  let stopSignals = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
    signal(number, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
    source.setEventHandler { server.stop() }
    source.resume()
    return source
  }
  if LocalJobs(environment: environment).startDispatcher() {
    FileHandle.standardError.write(Data("kyc-local: delivering events to the webhook\n".utf8))
  }
  FileHandle.standardError.write(
    Data("kyc-local: serving http://127.0.0.1:\(port)/v1 and the console at http://127.0.0.1:\(port)/console/\n".utf8))
  server.run()
  stopSignals.forEach { $0.cancel() }
  FileHandle.standardError.write(Data("kyc-local: stopped\n".utf8))

case "dispatch":
  let jobs = LocalJobs(environment: environment)
  if arguments.contains("--once") {
    printJSON(jobs.dispatchOnce())
  } else {
    guard jobs.startDispatcher() else { fail("dispatch needs KYC_WEBHOOK_URL and KYC_WEBHOOK_SECRET") }
    FileHandle.standardError.write(Data("kyc-local: delivering events to the webhook\n".utf8))
    while true { sleep(3600) }
  }

case "purge":
  printJSON(LocalJobs(environment: environment).purge())

case "dead-letters":
  LocalJobs(environment: environment).deadLetters().forEach(printJSON)  // one a line

case "replay":
  guard let id = arguments.first else { fail("replay needs an event id") }
  guard LocalJobs(environment: environment).replay(id) else { fail("no dead letter \(id)") }
  print("replaying \(id)")

default:
  fail("unknown command \(command); use serve, token, upload, dispatch, purge, dead-letters or replay")
}

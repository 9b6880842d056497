import CivilTime
import Foundation
import KYCJSON
import KYCLogging
import KYCModel
import KYCRules
import KYCRuntime
import Synchronization
import Testing

@testable import KYCAnalysis
@testable import KYCTestSupport

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct AnalysisFrameTests {
  @Test func roundTripsThroughItsBytes() throws {
    let frame = AnalysisFrame(header: Array("{\"kind\":\"avatar\"}".utf8), attachments: [[0xFF, 0xD8, 0xFF], [], [7]])
    let bytes = frame.encoded()
    #expect(bytes.count == AnalysisFrame.prefixLength + frame.payloadLength)
    let length = try AnalysisFrame.payloadLength(prefix: bytes[0..<4], limit: 1024)
    #expect(length == bytes.count - 4)
    #expect(try AnalysisFrame(payload: Array(bytes[4...])) == frame)
    #expect(try AnalysisFrame(payload: Array(AnalysisFrame(header: []).encoded()[4...])) == AnalysisFrame(header: []))
  }

  @Test func refusesAFrameOverTheLimitBeforeReadingIt() {
    let bytes = AnalysisFrame(header: [UInt8](repeating: 1, count: 100)).encoded()
    #expect(throws: AnalysisFrame.FrameError.tooLarge(108)) {
      try AnalysisFrame.payloadLength(prefix: bytes[0..<4], limit: 107)
    }
    #expect(throws: AnalysisFrame.FrameError.tooLarge(Int(UInt32.max))) {
      try AnalysisFrame.payloadLength(prefix: [0xFF, 0xFF, 0xFF, 0xFF], limit: IsolatedImageAnalysis.maxRequestBytes)
    }
  }

  @Test(
    arguments: [
      [0, 0, 0, 9, 1],  // a header longer than the payload
      [0, 0, 0, 0],  // no attachment count
      [0, 0, 0, 0, 0, 0, 0, 4],  // more attachments than a request carries
      [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 5, 1, 2],  // an attachment past the end
      [0, 0, 0, 0, 0, 0, 0, 0, 9],  // bytes after the attachments
      [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0],  // a header length of 4 GiB
    ] as [[UInt8]])
  func refusesPayloadsWhoseLengthsDoNotAddUp(payload: [UInt8]) {
    #expect(throws: AnalysisFrame.FrameError.self) { try AnalysisFrame(payload: payload) }
  }

  @Test func travelsOverADescriptorAndEndsCleanly() throws {
    var ends: [Int32] = [-1, -1]
    #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
    defer { close(ends[0]) }
    let writer = FrameChannel(input: ends[1], output: ends[1])
    let reader = FrameChannel(input: ends[0], output: ends[0])
    let frame = AnalysisFrame(header: Array("{}".utf8), attachments: [Array(repeating: 9, count: 5000)])
    try writer.transmit(frame, deadline: .now + .seconds(5))
    try writer.transmit(AnalysisFrame(header: [1, 2, 3]), deadline: .now + .seconds(5))
    close(ends[1])
    #expect(try reader.receive(limit: 10_000, deadline: .now + .seconds(5)) == frame)
    #expect(throws: FrameChannel.ChannelError.frame(.tooLarge(11))) {
      try reader.receive(limit: 10, deadline: .now + .seconds(5))
    }
  }

  @Test func aSilentPeerTimesOut() throws {
    var ends: [Int32] = [-1, -1]
    #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
    defer { ends.forEach { close($0) } }
    let started = ContinuousClock.now
    #expect(throws: FrameChannel.ChannelError.timedOut) {
      try FrameChannel(input: ends[0], output: ends[0]).receive(limit: 100, deadline: .now + .milliseconds(200))
    }
    #expect(ContinuousClock.now - started < .seconds(2))
  }
}

@Suite struct AnalysisMessageTests {
  static let today = CalendarDate("2025-06-01")!
  static let region = FaceRegion(left: 1, top: 2, right: 30, bottom: 40, imageWidth: 640, imageHeight: 480)
  static let data = PassportData(
    firstName: "ÉLODIE", lastName: "MUSTERMANN", passportNumber: "C01X00T47", dateOfBirth: "1964-08-12",
    issuedDate: "2017-10-01", placeOfBirth: "BERLIN", middleName: "", subdivision: "", nationality: "DEU", sex: "F",
    documentType: "P", issuingState: "D", expiryDate: "2027-09-30", documentFormat: "TD3")

  static var replies: [AnalysisReply] {
    var turned = region
    turned.quarterTurns = 1
    turned.onBack = true
    return [
      .avatar(.human(turned), SelfieFindings(perceptualHash: UInt64.max, showsDocument: true)),
      .avatar(.human(nil), SelfieFindings()),
      .avatar(.notHuman("several faces"), SelfieFindings(perceptualHash: 0x0123_4567_89AB_CDEF)),
      .passport(
        .read(
          data, confidence: 0.93, missingFields: ["placeOfBirth"], mismatchedFields: ["lastName"],
          unconfirmedFields: ["dateOfBirth"]),
        .compared(score: 0.812, distance: 0.5812345678901234, portrait: region)),
      .passport(.read(data, confidence: 1, missingFields: []), .compared(score: 0.1)),
      .passport(.unreadable("no machine readable zone found"), nil),
      .passport(.invalid("the document has expired"), .failed("no face found on the avatar")),
      .failure(.unusableImage("image is corrupt or truncated")),
      .failure(.unavailable("face model missing")),
    ]
  }

  @Test(arguments: replies)
  func everyOutcomeCrossesThePipeUnchanged(reply: AnalysisReply) throws {
    let bytes = try reply.frame().encoded()
    #expect(try AnalysisReply(frame: AnalysisFrame(payload: Array(bytes[4...]))) == reply)
  }

  @Test func outcomesAreCodableOnTheirOwn() throws {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> Bool {
      try JSONDecoder().decode(T.self, from: JSONCoding.encoder().encode(value)) == value
    }
    #expect(try roundTrip(Self.region))
    #expect(try roundTrip(SelfieFindings(perceptualHash: UInt64.max - 1)))
    #expect(try roundTrip(AvatarOutcome.human(Self.region)))
    #expect(try roundTrip(PassportOutcome.read(Self.data, confidence: 0.5, missingFields: ["sex"])))
    #expect(try roundTrip(MatchOutcome.compared(score: 0.8, distance: nil, portrait: nil)))
    #expect(try roundTrip(AnalysisError.unusableImage("x")))
  }

  @Test func aReplyWithAttachmentsOrOtherJSONIsRefused() {
    #expect(throws: AnalysisFrame.FrameError.self) {
      try AnalysisReply(frame: AnalysisFrame(header: Array("{\"failure\":{}}".utf8)))
    }
    #expect(throws: AnalysisFrame.FrameError.self) {
      try AnalysisReply(
        frame: AnalysisFrame(header: try AnalysisReply.failure(.unavailable("")).frame().header, attachments: [[]]))
    }
  }

  @Test func requestsCarryTheirImagesAsAttachmentsInOrder() throws {
    let avatar = try AnalysisRequest(frame: AnalysisRequest.avatar([1, 2], today: Self.today).frame())
    guard case .avatar([1, 2], Self.today) = avatar else {
      Issue.record("\(avatar)")
      return
    }
    let frame = try AnalysisRequest.passport(
      [1], back: [2], avatar: AvatarImage(bytes: [3], face: Self.region), today: Self.today
    ).frame()
    #expect(frame.attachments == [[1], [2], [3]])
    guard case .passport([1], [2], let image?, Self.today) = try AnalysisRequest(frame: frame) else {
      Issue.record("not the passport request")
      return
    }
    #expect(image.bytes == [3] && image.face == Self.region)
    // Without a back, the avatar follows the page.
    let noBack = try AnalysisRequest.passport(
      [1], back: nil, avatar: AvatarImage(bytes: [3], face: nil), today: Self.today
    )
    .frame()
    guard case .passport([1], nil, let image?, _) = try AnalysisRequest(frame: noBack) else {
      Issue.record("not the passport request")
      return
    }
    #expect(image.bytes == [3] && image.face == nil)
    var missing = frame
    missing.attachments.removeLast()
    #expect(throws: AnalysisFrame.FrameError.self) { try AnalysisRequest(frame: missing) }
  }
}

/// An analysis with fixed answers, for the worker's request loop.
struct ScriptedAnalysis: ImageAnalysis {
  var avatar: Result<AvatarOutcome, AnalysisError>

  func analyzeAvatar(_ image: [UInt8], today: CalendarDate) throws(AnalysisError) -> (AvatarOutcome, SelfieFindings) {
    (try avatar.get(), SelfieFindings(perceptualHash: UInt64(image.count)))
  }

  func analyzePassport(_ image: [UInt8], back: [UInt8]?, avatar: AvatarImage?, today: CalendarDate)
    throws(AnalysisError) -> (PassportOutcome, MatchOutcome?)
  {
    (.unreadable("page of \(image.count) bytes, back \(back?.count ?? -1), avatar \(avatar?.bytes.count ?? -1)"), nil)
  }
}

@Suite struct AnalysisWorkerTests {
  let today = CalendarDate("2025-06-01")!

  func answer(_ request: AnalysisRequest, _ analysis: any ImageAnalysis) throws -> AnalysisReply {
    try AnalysisReply(frame: AnalysisWorker.answer(try request.frame(), analysis: analysis))
  }

  @Test func answersEachRequestWithTheAnalysisOutcomeOrError() throws {
    let human = ScriptedAnalysis(avatar: .success(.human(nil)))
    #expect(
      try answer(.avatar([1, 2, 3], today: today), human) == .avatar(.human(nil), SelfieFindings(perceptualHash: 3)))
    #expect(
      try answer(.passport([1], back: [1, 2], avatar: AvatarImage(bytes: [1, 2, 3], face: nil), today: today), human)
        == .passport(.unreadable("page of 1 bytes, back 2, avatar 3"), nil))
    let broken = ScriptedAnalysis(avatar: .failure(.unusableImage("image is corrupt or truncated")))
    #expect(try answer(.avatar([1], today: today), broken) == .failure(.unusableImage("image is corrupt or truncated")))
    let malformed = AnalysisWorker.answer(AnalysisFrame(header: Array("{}".utf8)), analysis: human)
    #expect(try AnalysisReply(frame: malformed) == .failure(.unavailable("the analysis request was malformed")))
  }

  @Test func theWorkerIsStartedOnlyByItsFlag() {
    #expect(
      AnalysisWorker.arguments(modelsDirectory: "/opt/kyc/models", maxPixels: 40_000_000)
        == ["--analysis-worker", "/opt/kyc/models", "40000000"])
    AnalysisWorker.runIfRequested(["uploadAvatar"])  // returns: not the worker
    AnalysisWorker.runIfRequested(["uploadAvatar", "--other"])
  }

  @Test func theEnvironmentKeepsOnlyTheAllowlist() {
    let environment = [
      "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
      "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001", "AWS_REGION": "eu-central-1", "KYC_SIGNAL_KEY": "key",
      "KYC_WEBHOOK_SECRET": "whsec", "KYC_STORE": "dynamodb:t", "KYC_MODELS_DIR": "/opt/kyc/models",
      "HOME": "/root", "PATH": "/usr/bin", "OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1",
      "LD_LIBRARY_PATH": "/var/task/lib", "LANG": "C.UTF-8",
    ]
    #expect(
      IsolatedImageAnalysis.workerEnvironment(environment) == [
        "OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1", "LD_LIBRARY_PATH": "/var/task/lib", "LANG": "C.UTF-8",
      ])
    #expect(IsolatedImageAnalysis.allowedEnvironment.allSatisfy { !$0.hasPrefix("AWS_") && !$0.hasPrefix("KYC_") })
  }
}

/// Log lines, kept for the test to read.
final class LogLines: Sendable {
  let lines = Mutex<[[String: JSONValue]]>([])
  var logger: Logger {
    Logger(function: "uploadAvatar") { [self] line in
      guard let entry = try? JSONDecoder().decode([String: JSONValue].self, from: Data(line.utf8)) else { return }
      self.lines.withLock { $0.append(entry) }
    }
  }
  func with(message: String) -> [[String: JSONValue]] {
    lines.withLock { $0.filter { $0["msg"] == .string(message) } }
  }
}

/// The parent against stand-in children: a crash, a hang, an echo. Nothing here needs the models.
@Suite struct IsolatedImageAnalysisTests {
  let today = CalendarDate("2025-06-01")!

  func analysis(_ script: String, _ extra: [String] = [], timeout: Duration = .seconds(10), log: LogLines)
    -> IsolatedImageAnalysis
  {
    IsolatedImageAnalysis(
      executable: "/bin/sh", arguments: ["-c", script] + extra, environment: ["OMP_THREAD_LIMIT": "1"],
      timeout: timeout, logger: log.logger)
  }

  @Test func aCrashIsAnUnusableImageAndTheNextAnalysisStartsAFreshChild() throws {
    let log = LogLines()
    // Reads the request, then dies as a decoder would on a hostile file.
    let isolated = analysis("head -c 4 >/dev/null; kill -SEGV $$", log: log)
    #expect(throws: IsolatedImageAnalysis.failure) { try isolated.analyzeAvatar([0xFF, 0xD8], today: today) }
    #expect(isolated.workerID == nil)
    #expect(throws: IsolatedImageAnalysis.failure) {
      try isolated.analyzePassport([1], back: [2], avatar: nil, today: today)
    }
    let failures = log.with(message: "analysis worker failed")
    #expect(failures.count == 2)
    #expect(failures.allSatisfy { $0["ended"] == .string("signal 11") && $0["problem"] == .string("closed") })
    #expect(failures[0]["pid"] != failures[1]["pid"])
  }

  @Test func aChildThatExitsAtOnceIsAnUnusableImage() throws {
    let log = LogLines()
    let isolated = analysis("exit 3", log: log)
    for _ in 0..<3 {
      #expect(throws: IsolatedImageAnalysis.failure) { try isolated.analyzeAvatar([1, 2, 3], today: today) }
    }
    #expect(log.with(message: "analysis worker failed").count == 3)
  }

  @Test func aHangIsKilledAtTheTimeout() throws {
    let log = LogLines()
    let isolated = IsolatedImageAnalysis(
      executable: "/bin/sleep", arguments: ["60"], environment: [:], timeout: .milliseconds(300), logger: log.logger)
    let started = ContinuousClock.now
    // A large image: the child never reads it, so the send itself must give up at the deadline.
    #expect(throws: IsolatedImageAnalysis.failure) {
      try isolated.analyzeAvatar([UInt8](repeating: 0, count: 4 * 1024 * 1024), today: today)
    }
    #expect(ContinuousClock.now - started < .seconds(5))
    let failure = try #require(log.with(message: "analysis worker failed").first)
    #expect(failure["problem"] == .string("timed out") && failure["ended"] == .string("signal 9"))
    #expect(isolated.workerID == nil)
  }

  @Test func aChildAnsweringNonsenseIsAnUnusableImage() throws {
    let log = LogLines()
    // cat echoes the request: a frame, but not a reply.
    let isolated = IsolatedImageAnalysis(
      executable: "/bin/cat", arguments: [], environment: [:], timeout: .seconds(10), logger: log.logger)
    #expect(throws: IsolatedImageAnalysis.failure) { try isolated.analyzeAvatar([1, 2, 3], today: today) }
    #expect(log.with(message: "analysis worker failed").first?["problem"] == .string("unreadable reply"))
  }

  @Test func aChildThatCannotStartIsOurs() {
    let log = LogLines()
    let isolated = IsolatedImageAnalysis(
      executable: "/nonexistent/uploadAvatar", arguments: [], environment: [:], logger: log.logger)
    #expect(throws: AnalysisError.unavailable("image analysis could not start")) {
      try isolated.analyzeAvatar([1], today: today)
    }
  }

  @Test func theChildHoldsOnlyTheAllowlistAndNoDescriptorOfOurs() throws {
    let leaked = open("/dev/null", O_RDONLY)  // without close-on-exec
    defer { close(leaked) }
    let environment = IsolatedImageAnalysis.workerEnvironment([
      "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
      "KYC_SIGNAL_KEY": "key", "KYC_WEBHOOK_SECRET": "whsec", "OMP_THREAD_LIMIT": "1",
    ])
    var child = try WorkerProcess.spawn(executable: "/bin/sleep", arguments: ["60"], environment: environment)
    defer { _ = child.terminate(grace: .zero) }
    // Read from outside, while it runs, once its exec has finished: the kernel renames the process
    // before it lays out the new environment, so /proc/<pid>/environ reads empty for a moment after.
    let started = ContinuousClock.now
    var variables: [String] = []
    repeat {
      usleep(10_000)
      guard (try? String(contentsOfFile: "/proc/\(child.pid)/comm", encoding: .utf8)) == "sleep\n" else { continue }
      variables = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(child.pid)/environ")).split(separator: 0)
        .map { String(decoding: $0, as: UTF8.self) }
    } while variables.isEmpty && ContinuousClock.now - started < .seconds(5)
    #expect(variables == ["OMP_THREAD_LIMIT=1"])
    let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd").sorted()
    #expect(descriptors == ["0", "1", "2"])
    // Its stdin and stdout are one socket, ours the other end; its stderr is ours.
    #expect(try link("/proc/\(child.pid)/fd/0") == link("/proc/\(child.pid)/fd/1"))
    #expect(try link("/proc/\(child.pid)/fd/2") == link("/proc/self/fd/2"))
    #expect(try link("/proc/\(child.pid)/fd/0").hasPrefix("socket:"))
  }

  func link(_ path: String) throws -> String { try FileManager.default.destinationOfSymbolicLink(atPath: path) }
}

/// The built uploadAvatar: beside the test bundle in the build directory (`swift build
/// --show-bin-path`), or where `KYC_UPLOAD_AVATAR` says.
enum UploadAvatarBinary {
  static var path: String {
    if let path = ProcessInfo.processInfo.environment["KYC_UPLOAD_AVATAR"] { return path }
    let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("uploadAvatar").path
  }
}

/// A real analysis through a real child: the uploadAvatar executable started as the worker.
@Suite(
  .enabled(
    if: ProcessInfo.processInfo.environment["KYC_TESTDATA"] != nil
      && FileManager.default.fileExists(atPath: UploadAvatarBinary.path),
    "needs the test images (scripts/test) and a built uploadAvatar"))
struct IsolatedWorkerEndToEndTests {
  static let root = ProcessInfo.processInfo.environment["KYC_TESTDATA"] ?? ""
  static let models = ProcessInfo.processInfo.environment["KYC_MODELS_DIR"] ?? ".kyc/models"
  static let executable = UploadAvatarBinary.path

  func bytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.root)/\(path)")))
  }

  @Test func analysesInAChildWithoutCredentials() throws {
    // The models by link, so the face detector the worker builds is written here, not beside them.
    let directory = FileManager.default.temporaryDirectory.path + "/kyc-models-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for name in try FileManager.default.contentsOfDirectory(atPath: Self.models) {
      try FileManager.default.createSymbolicLink(
        atPath: "\(directory)/\(name)", withDestinationPath: "\(Self.models)/\(name)")
    }
    var environment = ProcessInfo.processInfo.environment
    environment["AWS_SECRET_ACCESS_KEY"] = "secret"
    environment["KYC_SIGNAL_KEY"] = "key"
    environment["OMP_THREAD_LIMIT"] = "1"
    let log = LogLines()
    let isolated = IsolatedImageAnalysis(
      executable: Self.executable,
      arguments: AnalysisWorker.arguments(modelsDirectory: directory, maxPixels: 40_000_000),
      environment: IsolatedImageAnalysis.workerEnvironment(environment), logger: log.logger)
    let today = CalendarDate("2025-06-01")!

    let (face, findings) = try isolated.analyzeAvatar(try bytes("faces/obama.jpg"), today: today)
    guard case .human(let region?) = face else {
      Issue.record("\(face)")
      return
    }
    #expect(region.right - region.left > 100 && findings.perceptualHash != nil)
    let worker = isolated.workerID
    #expect(worker != nil)
    let (cat, _) = try isolated.analyzeAvatar(try bytes("nonfaces/chelsea.jpg"), today: today)
    guard case .notHuman = cat else {
      Issue.record("a cat taken for a face: \(cat)")
      return
    }
    // The decoder's own refusal comes back as it would in process.
    #expect(throws: AnalysisError.unusableImage("unsupported image format; upload a JPEG photo")) {
      try isolated.analyzeAvatar(try bytes("corpus/text.jpg"), today: today)
    }
    #expect(isolated.workerID == worker)
    #expect(log.with(message: "analysis worker failed").isEmpty)
  }

  @Test func theWorkerSaysItHoldsNoCredentials() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.executable)
    process.arguments = AnalysisWorker.arguments(modelsDirectory: Self.models, maxPixels: 40_000_000)
    process.environment = IsolatedImageAnalysis.workerEnvironment([
      "AWS_SECRET_ACCESS_KEY": "secret", "KYC_WEBHOOK_SECRET": "whsec", "OMP_THREAD_LIMIT": "1",
    ])
    let input = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = Pipe()
    process.standardError = errors
    try process.run()
    try input.fileHandleForWriting.close()  // no requests: it exits
    let output = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let started = String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap {
      try? JSONDecoder().decode([String: JSONValue].self, from: Data($0.utf8))
    }.first { $0["msg"] == .string("analysis worker started") }
    #expect(started?["function"] == .string("analysisWorker"))
    #expect(started?["environment"] == .array([.string("OMP_THREAD_LIMIT")]))
  }
}

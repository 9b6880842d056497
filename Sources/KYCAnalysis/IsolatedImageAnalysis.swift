import CivilTime
import KYCLogging
import KYCModel
import KYCRules
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The upload functions' `ImageAnalysis`: the images are decoded and analysed in a child process
/// (`AnalysisWorker`) that holds no credentials, so a code-execution bug in libjpeg, dlib or
/// Tesseract reaches no AWS key, signal key or webhook secret. The child is started on the first
/// analysis and kept for the warm process; this process alone talks to S3 and the store.
///
/// A child that dies or does not answer within `timeout` is killed and reaped, the image is
/// answered as unusable (as the decoder answers a hostile file), and the next analysis starts a
/// fresh child.
public final class IsolatedImageAnalysis: ImageAnalysis {
  /// Below the upload functions' 29 s Lambda timeout, so the answer is ours, not Lambda's.
  public static let defaultTimeout: Duration = .seconds(25)
  /// The answer when the child crashed or hung on an image.
  public static let failure = AnalysisError.unusableImage("the image could not be analysed")
  /// The only variables the child gets: thread counts and library paths, nothing secret.
  public static let allowedEnvironment: Set<String> = [
    "OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LD_LIBRARY_PATH",
    "TESSDATA_PREFIX", "LANG", "LC_ALL",
  ]
  /// Requests carry at most three images of at most `KYC_MAX_IMAGE_BYTES`' ceiling (100 MiB).
  public static let maxRequestBytes = 3 * 100 * 1024 * 1024 + 64 * 1024

  let executable: String
  let arguments: [String]
  let environment: [String: String]
  let timeout: Duration
  let logger: Logger
  private let worker = Mutex<WorkerProcess?>(nil)

  /// A child running `executable` with `arguments` and exactly `environment`: injectable so
  /// tests can stand a crashing or hanging program in for the worker.
  public init(
    executable: String, arguments: [String], environment: [String: String], timeout: Duration = defaultTimeout,
    logger: Logger
  ) {
    self.executable = executable
    self.arguments = arguments
    self.environment = environment
    self.timeout = timeout
    self.logger = logger
  }

  /// This executable again as the worker (`AnalysisWorker.arguments`), with the allowlisted part
  /// of this process's environment.
  public convenience init(
    modelsDirectory: String, maxPixels: Int, timeout: Duration = defaultTimeout, logger: Logger
  ) {
    self.init(
      executable: Self.currentExecutable(),
      arguments: AnalysisWorker.arguments(modelsDirectory: modelsDirectory, maxPixels: maxPixels),
      environment: Self.workerEnvironment(ProcessInfo.processInfo.environment), timeout: timeout, logger: logger)
  }

  deinit {
    worker.withLock { slot in
      if var current = slot.take() { _ = current.terminate(grace: .zero) }
    }
  }

  /// The running child's pid, if one is running.
  var workerID: pid_t? { worker.withLock { $0?.pid } }

  /// The allowlisted variables of `environment`; never a credential, whatever the list says.
  public static func workerEnvironment(_ environment: [String: String]) -> [String: String] {
    environment.filter { name, _ in
      allowedEnvironment.contains(name) && !name.hasPrefix("AWS_") && !name.hasPrefix("KYC_")
    }
  }

  /// The running program: /proc/self/exe where there is one (it names this very file, whatever
  /// the working directory or PATH), else the path it was started with.
  static func currentExecutable() -> String {
    if FileManager.default.fileExists(atPath: "/proc/self/exe") { return "/proc/self/exe" }
    return CommandLine.arguments.first ?? ""
  }

  public func analyzeAvatar(_ image: [UInt8], today: CalendarDate) throws(AnalysisError) -> (
    AvatarOutcome, SelfieFindings
  ) {
    switch try exchange(.avatar(image, today: today)) {
    case .avatar(let outcome, let findings): return (outcome, findings)
    case .failure(let error): throw error
    case .passport: throw Self.failure
    }
  }

  public func analyzePassport(_ image: [UInt8], back: [UInt8]?, avatar: AvatarImage?, today: CalendarDate)
    throws(AnalysisError) -> (PassportOutcome, MatchOutcome?)
  {
    switch try exchange(.passport(image, back: back, avatar: avatar, today: today)) {
    case .passport(let outcome, let match): return (outcome, match)
    case .failure(let error): throw error
    case .avatar: throw Self.failure
    }
  }

  /// One request and its reply, on the running child or a fresh one. One at a time: the child
  /// answers in order.
  func exchange(_ request: AnalysisRequest) throws(AnalysisError) -> AnalysisReply {
    let frame = try request.frame()
    guard frame.payloadLength <= Self.maxRequestBytes else { throw .unusableImage("the images are too large") }
    return try worker.withLock { (slot: inout WorkerProcess?) throws(AnalysisError) -> AnalysisReply in
      if var current = slot, current.hasExited() {
        logger.warning(
          "analysis worker had exited", ["pid": .number(Double(current.pid)), "ended": .string(current.terminate())])
        slot = nil
      }
      if slot == nil {
        do throws(WorkerProcess.SpawnError) {
          slot = try WorkerProcess.spawn(executable: executable, arguments: arguments, environment: environment)
        } catch {
          logger.error(
            "analysis worker could not start", ["call": .string(error.call), "errno": .number(Double(error.code))])
          throw .unavailable("image analysis could not start")
        }
      }
      guard var current = slot else { throw .unavailable("image analysis could not start") }
      let deadline = ContinuousClock.now + timeout
      let problem: String
      do throws(FrameChannel.ChannelError) {
        try current.channel.transmit(frame, deadline: deadline)
        if let answer = try current.channel.receive(limit: AnalysisReply.maxBytes, deadline: deadline) {
          do {
            return try AnalysisReply(frame: answer)
          } catch {
            problem = "unreadable reply"
          }
        } else {
          problem = "closed"
        }
      } catch {
        problem = Self.describe(error)
      }
      slot = nil
      let ended = current.terminate()
      logger.warning(
        "analysis worker failed",
        ["pid": .number(Double(current.pid)), "problem": .string(problem), "ended": .string(ended)])
      throw Self.failure
    }
  }

  static func describe(_ error: FrameChannel.ChannelError) -> String {
    switch error {
    case .closed: "closed"
    case .timedOut: "timed out"
    case .frame(let error): "bad frame (\(error))"
    case .system(let call, let code): "\(call) failed (errno \(code))"
    }
  }
}

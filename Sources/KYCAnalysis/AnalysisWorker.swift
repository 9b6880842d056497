import KYCLogging
import KYCModel
import KYCRules

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

/// The child side of `IsolatedImageAnalysis`: the upload function's own executable started as
/// `<program> --analysis-worker <modelsDirectory> <maxPixels>`. It reads requests on stdin, runs
/// `LocalImageAnalysis` and writes replies on stdout until its input ends. It is given no
/// credentials (only the allowlisted environment) and says which variables it holds, by name.
public enum AnalysisWorker {
  public static let flag = "--analysis-worker"
  public static let function = "analysisWorker"

  /// The command-line arguments that start the worker (after the program's path).
  public static func arguments(modelsDirectory: String, maxPixels: Int) -> [String] {
    [flag, modelsDirectory, String(maxPixels)]
  }

  /// When `arguments` ask for the worker, serves until the input ends and exits; otherwise returns.
  public static func runIfRequested(_ arguments: [String] = CommandLine.arguments) {
    guard arguments.count > 1, arguments[1] == flag else { return }
    let logger = Logger(function: function)
    guard arguments.count == 4, let maxPixels = Int(arguments[3]), maxPixels > 0 else {
      logger.error("usage: \(flag) <modelsDirectory> <maxPixels>")
      exit(2)
    }
    exit(run(modelsDirectory: arguments[2], maxPixels: maxPixels, logger: logger))
  }

  static func run(modelsDirectory: String, maxPixels: Int, logger: Logger) -> Int32 {
    // Nothing inherited beyond stdin, stdout and stderr; then the requests move to private
    // descriptors, so a library writing to stdout (or reading stdin) cannot corrupt them.
    for descriptor in WorkerProcess.openDescriptors() where descriptor > 2 { close(descriptor) }
    let input = fcntl(0, F_DUPFD_CLOEXEC, 3)
    let output = fcntl(1, F_DUPFD_CLOEXEC, 3)
    guard input >= 0, output >= 0 else {
      logger.error("analysis worker has no request channel", ["errno": .number(Double(errno))])
      return 1
    }
    let null = open("/dev/null", O_RDONLY)
    if null >= 0 {
      dup2(null, 0)
      close(null)
    }
    dup2(2, 1)

    let names = ProcessInfo.processInfo.environment.keys.sorted()
    logger.info(
      "analysis worker started",
      ["environment": .array(names.map { .string($0) }), "pid": .number(Double(getpid()))])
    let analysis = LocalImageAnalysis(modelsDirectory: modelsDirectory, maxPixels: maxPixels) { engine, milliseconds in
      logger.info("engine loaded", ["engine": .string(engine), "ms": .number(milliseconds.rounded())])
    }
    return serve(FrameChannel(input: input, output: output), analysis: analysis, logger: logger)
  }

  /// Answers requests in order until the input ends (0) or breaks (1).
  static func serve(_ channel: FrameChannel, analysis: any ImageAnalysis, logger: Logger) -> Int32 {
    while true {
      do {
        guard let request = try channel.receive(limit: IsolatedImageAnalysis.maxRequestBytes, deadline: nil) else {
          return 0
        }
        try channel.transmit(answer(request, analysis: analysis), deadline: nil)
      } catch {
        logger.error("analysis worker stopped", ["problem": .string(IsolatedImageAnalysis.describe(error))])
        return 1
      }
    }
  }

  /// The reply frame to a request frame: pure but for the analysis itself.
  static func answer(_ frame: AnalysisFrame, analysis: any ImageAnalysis) -> AnalysisFrame {
    let reply: AnalysisReply
    do {
      switch try AnalysisRequest(frame: frame) {
      case .avatar(let image, let today):
        let (outcome, findings) = try analysis.analyzeAvatar(image, today: today)
        reply = .avatar(outcome, findings)
      case .passport(let image, let back, let avatar, let today):
        let (outcome, match) = try analysis.analyzePassport(image, back: back, avatar: avatar, today: today)
        reply = .passport(outcome, match)
      }
    } catch let error as AnalysisError {
      reply = .failure(error)
    } catch {
      reply = .failure(.unavailable("the analysis request was malformed"))
    }
    do {
      return try reply.frame()
    } catch {
      return (try? AnalysisReply.failure(error).frame()) ?? AnalysisFrame(header: [])
    }
  }
}

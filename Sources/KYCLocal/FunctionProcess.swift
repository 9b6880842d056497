import Foundation

/// One run of a function's executable, as Lambda runs it locally: one document on stdin, one on
/// stdout, stderr (JSON log lines) passed through, killed past its timeout. Shared by the
/// gateway's functions and its Lambda authorizers.
struct FunctionProcess {
  /// How a run ended.
  enum Outcome {
    /// The process exited (with `status`), having written `output`.
    case exited(status: Int32, output: Data)
    /// Killed by a signal: past its timeout, or crashed.
    case signalled
    /// The executable could not be started.
    case notStarted
  }

  let executable: URL
  let environment: [String: String]
  let timeoutSeconds: Double

  func run(input: Data) -> Outcome {
    let process = Process()
    process.executableURL = executable
    process.environment = environment
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = FileHandle.standardError
    do {
      try process.run()
    } catch {
      return .notStarted
    }
    // SIGKILL: the functions inherit the runner's ignored SIGTERM (dispositions survive exec).
    let timer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: timer)
    // A function that cannot start exits without reading its event: that is its answer, and
    // the write's broken pipe an error to ignore rather than a signal that ends the gateway.
    try? stdin.fileHandleForWriting.write(contentsOf: input)
    try? stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    // Closed here, not when the Process lets go of its pipes: under a stream of requests the
    // descriptors pile up (a thousand in a schemathesis run) before ARC would free them.
    try? stdout.fileHandleForReading.close()
    process.waitUntilExit()
    timer.cancel()
    guard process.terminationReason == .exit else { return .signalled }
    return .exited(status: process.terminationStatus, output: output)
  }
}

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

/// A spawned analysis worker: its pid and the parent's end of the socket pair that is the
/// worker's stdin and stdout (its stderr stays ours, so its log lines reach the function's log).
/// The worker gets exactly the environment it is given and no descriptor of ours but those three.
struct WorkerProcess {
  let pid: pid_t
  let channel: FrameChannel
  /// The wait status, once the worker has been reaped.
  private(set) var waitStatus: Int32?

  struct SpawnError: Error, Sendable, Equatable {
    var call: String
    var code: Int32
  }

  static func spawn(executable: String, arguments: [String], environment: [String: String]) throws(SpawnError)
    -> WorkerProcess
  {
    // Both ends close-on-exec: no other child of ours inherits them; the worker's copies are the
    // dup2()s onto 0 and 1, which clear the flag.
    var ends: [Int32] = [-1, -1]
    #if os(Linux)
      let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    #else
      let type = SOCK_STREAM
    #endif
    guard socketpair(AF_UNIX, type, 0, &ends) == 0 else { throw SpawnError(call: "socketpair", code: errno) }
    let (parentEnd, childEnd) = (ends[0], ends[1])

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, childEnd, 0)
    posix_spawn_file_actions_adddup2(&actions, childEnd, 1)
    // Descriptors opened without close-on-exec (a database, a socket) are not the worker's.
    for descriptor in inheritable() where descriptor > 2 {
      posix_spawn_file_actions_addclose(&actions, descriptor)
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var pid: pid_t = 0
    let argv = [executable] + arguments
    let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    let result = withCStrings(argv) { argv in
      withCStrings(envp) { envp in posix_spawn(&pid, executable, &actions, &attributes, argv, envp) }
    }
    close(childEnd)
    guard result == 0 else {
      close(parentEnd)
      throw SpawnError(call: "posix_spawn", code: result)
    }
    _ = fcntl(parentEnd, F_SETFL, fcntl(parentEnd, F_GETFL) | O_NONBLOCK)
    return WorkerProcess(pid: pid, channel: FrameChannel(input: parentEnd, output: parentEnd))
  }

  /// True when the worker has exited (it is reaped then): one that died after its last answer
  /// is replaced rather than blamed on the next image.
  mutating func hasExited() -> Bool {
    if waitStatus != nil { return true }
    var status: Int32 = 0
    guard waitpid(pid, &status, WNOHANG) == pid else { return false }
    waitStatus = status
    return true
  }

  /// Ends the worker and reaps it: a moment's grace to see how it ended on its own (a crash),
  /// then SIGKILL. Closes our end. Returns how it ended, for the log.
  mutating func terminate(grace: Duration = .milliseconds(50)) -> String {
    let until = ContinuousClock.now + grace
    while !hasExited() && ContinuousClock.now < until { usleep(2_000) }
    if waitStatus == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      waitStatus = status
    }
    close(channel.input)
    return Self.describe(waitStatus ?? 0)
  }

  /// "exit 3", "signal 11".
  static func describe(_ status: Int32) -> String {
    let signal = status & 0x7F
    return signal == 0 ? "exit \((status >> 8) & 0xFF)" : "signal \(signal)"
  }

  /// Our open descriptors that an exec would pass on (those without close-on-exec).
  static func inheritable() -> [Int32] {
    openDescriptors().filter { fcntl($0, F_GETFD) >= 0 && fcntl($0, F_GETFD) & FD_CLOEXEC == 0 }
  }

  /// The process's open descriptors, from /proc (none where there is no /proc).
  static func openDescriptors() -> [Int32] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.compactMap { Int32($0) }.sorted()
  }

  static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
  }
}

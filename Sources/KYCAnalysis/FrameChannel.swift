#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `AnalysisFrame`s over file descriptors. Every wait is a `poll` bounded by the deadline, so a
/// worker that stops reading or answering cannot hold the upload function past its timeout
/// (the parent's descriptor is non-blocking; the worker's may block, with no deadline).
struct FrameChannel: Sendable {
  let input: Int32
  let output: Int32

  enum ChannelError: Error, Sendable, Equatable {
    /// The other side closed its end (exited, crashed) before the frame was complete.
    case closed
    case timedOut
    case frame(AnalysisFrame.FrameError)
    case system(String, Int32)
  }

  /// Sends a frame. On a socket, a reader that has gone is an error (`MSG_NOSIGNAL`), not a
  /// SIGPIPE that would end the sender.
  func transmit(_ frame: AnalysisFrame, deadline: ContinuousClock.Instant?) throws(ChannelError) {
    let bytes = frame.encoded()
    var offset = 0
    var isSocket = true
    while offset < bytes.count {
      try wait(output, for: Int16(POLLOUT), deadline: deadline)
      let written = bytes[offset...].withUnsafeBytes { buffer in
        isSocket
          ? send(output, buffer.baseAddress, buffer.count, Self.noSignal)
          : write(output, buffer.baseAddress, buffer.count)
      }
      if written < 0 {
        switch errno {
        case EINTR, EAGAIN: continue
        case ENOTSOCK where isSocket: isSocket = false
        case EPIPE, ECONNRESET: throw .closed
        default: throw .system("write", errno)
        }
        continue
      }
      offset += written
    }
  }

  #if os(Linux)
    static let noSignal = Int32(MSG_NOSIGNAL)
  #else
    static let noSignal: Int32 = 0
  #endif

  /// The next frame, or `nil` when the input ends cleanly between frames.
  func receive(limit: Int, deadline: ContinuousClock.Instant?) throws(ChannelError) -> AnalysisFrame? {
    guard let prefix = try readBytes(AnalysisFrame.prefixLength, deadline: deadline, endAllowed: true) else {
      return nil
    }
    let length: Int
    do {
      length = try AnalysisFrame.payloadLength(prefix: prefix, limit: limit)
    } catch {
      throw .frame(error)
    }
    let payload = try readBytes(length, deadline: deadline, endAllowed: false) ?? []
    do {
      return try AnalysisFrame(payload: payload)
    } catch {
      throw .frame(error)
    }
  }

  /// Exactly `count` bytes; `nil` when the input ends before the first and `endAllowed`.
  func readBytes(_ count: Int, deadline: ContinuousClock.Instant?, endAllowed: Bool) throws(ChannelError) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: count)
    var offset = 0
    while offset < count {
      try wait(input, for: Int16(POLLIN), deadline: deadline)
      let got = bytes.withUnsafeMutableBytes { buffer in
        read(input, buffer.baseAddress! + offset, count - offset)
      }
      if got < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        if errno == ECONNRESET { throw .closed }
        throw .system("read", errno)
      }
      if got == 0 {
        if offset == 0 && endAllowed { return nil }
        throw .closed
      }
      offset += got
    }
    return bytes
  }

  /// Returns when `fd` is ready (or hung up: the next call says so), throws once the deadline passed.
  func wait(_ fd: Int32, for events: Int16, deadline: ContinuousClock.Instant?) throws(ChannelError) {
    while true {
      var timeout: Int32 = -1
      if let deadline {
        let left = deadline - .now
        guard left > .zero else { throw .timedOut }
        timeout = Int32(min((left / .milliseconds(1)).rounded(.up), Double(Int32.max)))
      }
      var entry = pollfd(fd: fd, events: events, revents: 0)
      let ready = poll(&entry, 1, timeout)
      if ready > 0 { return }
      if ready < 0 && errno != EINTR { throw .system("poll", errno) }
    }
  }
}

/// One message between an upload function and its analysis worker: a JSON header and the raw
/// bytes it refers to (images travel as bytes, not as base64 inside the JSON).
///
/// On the pipe a frame is its payload's length and the payload: the header's length, the header,
/// the number of attachments, then each attachment's length and bytes. Every number is 4 bytes,
/// big-endian. A reader refuses a frame longer than its limit before reading it, and every length
/// inside is checked against the payload, so neither side can be made to allocate at will.
public struct AnalysisFrame: Sendable, Equatable {
  public var header: [UInt8]
  public var attachments: [[UInt8]]

  /// The size of the length prefix before each payload.
  public static let prefixLength = 4
  /// The most attachments a frame carries: the page, the card's back and the avatar.
  public static let maxAttachments = 3

  public enum FrameError: Error, Sendable, Equatable {
    /// The payload is longer than the reader accepts (its declared length).
    case tooLarge(Int)
    /// The payload's own lengths do not add up.
    case malformed(String)
  }

  public init(header: [UInt8], attachments: [[UInt8]] = []) {
    self.header = header
    self.attachments = attachments
  }

  /// The payload's length, without the prefix.
  public var payloadLength: Int { 8 + header.count + attachments.reduce(0) { $0 + 4 + $1.count } }

  /// The payload's length, then the payload.
  public func encoded() -> [UInt8] {
    let length = payloadLength
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Self.prefixLength + length)
    Self.append(length, to: &bytes)
    Self.append(header.count, to: &bytes)
    bytes += header
    Self.append(attachments.count, to: &bytes)
    for attachment in attachments {
      Self.append(attachment.count, to: &bytes)
      bytes += attachment
    }
    return bytes
  }

  /// The payload length a prefix announces, refused above `limit`.
  public static func payloadLength(prefix: some Collection<UInt8>, limit: Int) throws(FrameError) -> Int {
    guard prefix.count == prefixLength else { throw .malformed("length prefix of \(prefix.count) bytes") }
    let length = number(prefix, at: prefix.startIndex)
    guard length <= limit else { throw .tooLarge(length) }
    return length
  }

  /// Parses a payload (the bytes after the length prefix).
  public init(payload: [UInt8]) throws(FrameError) {
    var offset = 0
    func take(_ count: Int) throws(FrameError) -> ArraySlice<UInt8> {
      guard count >= 0, count <= payload.count - offset else { throw .malformed("a length runs past the frame") }
      defer { offset += count }
      return payload[offset..<offset + count]
    }
    func length() throws(FrameError) -> Int {
      let bytes = try take(4)
      return Self.number(bytes, at: bytes.startIndex)
    }
    header = try Array(take(length()))
    let count = try length()
    guard count <= Self.maxAttachments else { throw .malformed("\(count) attachments") }
    attachments = []
    for _ in 0..<count { attachments.append(try Array(take(length()))) }
    guard offset == payload.count else { throw .malformed("\(payload.count - offset) bytes after the attachments") }
  }

  static func append(_ value: Int, to bytes: inout [UInt8]) {
    precondition(value >= 0 && value <= Int(UInt32.max), "frame part of \(value) bytes")
    let word = UInt32(value)
    bytes += [UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
  }

  static func number<C: Collection<UInt8>>(_ bytes: C, at start: C.Index) -> Int {
    var value = 0
    var index = start
    for _ in 0..<4 {
      value = value << 8 | Int(bytes[index])
      index = bytes.index(after: index)
    }
    return value
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files without Foundation; the trust store's only I/O.
enum FileBytes {
  /// The file's bytes, or nil when it cannot be opened or read.
  static func read(_ path: String, limit: Int = 64 << 20) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 { return nil }
      if count == 0 { return out }
      out.append(contentsOf: buffer[0..<count])
      if out.count > limit { return nil }
    }
  }
}

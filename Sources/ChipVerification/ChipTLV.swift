/// One BER-TLV of a data group (ICAO 9303-10 §4.4): tags of up to three bytes (`5F1F`, `7F61`),
/// definite lengths of up to four bytes. The DER reader takes single-byte tags only.
struct ChipTLV: Sendable {
  let tag: UInt32
  let value: ArraySlice<UInt8>
  /// Where the element ends in the bytes it was read from.
  let end: Int

  init(_ bytes: [UInt8], at start: Int, end limit: Int) throws(MalformedData) {
    var index = start
    func next() throws(MalformedData) -> UInt8 {
      guard index < limit else { throw MalformedData("data group truncated") }
      defer { index += 1 }
      return bytes[index]
    }
    var tag = UInt32(try next())
    if tag & 0x1F == 0x1F {
      for position in 0..<2 {
        let byte = try next()
        tag = tag << 8 | UInt32(byte)
        if byte & 0x80 == 0 { break }
        guard position == 0 else { throw MalformedData("data group tag too long") }
      }
    }
    let first = try next()
    var length = 0
    if first < 0x80 {
      length = Int(first)
    } else {
      let count = Int(first & 0x7F)
      guard (1...4).contains(count) else { throw MalformedData("unsupported data group length form") }
      for _ in 0..<count { length = length << 8 | Int(try next()) }
    }
    guard length <= limit - index else { throw MalformedData("data group length beyond its end") }
    self.tag = tag
    value = bytes[index..<index + length]
    end = index + length
  }

  /// The single element filling `bytes`, with tag `tag`.
  static func whole(_ bytes: [UInt8], tag: UInt32, _ what: String) throws(MalformedData) -> ChipTLV {
    let element = try ChipTLV(bytes, at: 0, end: bytes.count)
    guard element.tag == tag, element.end == bytes.count else { throw MalformedData("\(what): tag or length wrong") }
    return element
  }

  /// The elements one after another inside this one's value.
  func children() throws(MalformedData) -> [ChipTLV] {
    let bytes = Array(value)
    var out: [ChipTLV] = []
    var index = 0
    while index < bytes.count {
      let child = try ChipTLV(bytes, at: index, end: bytes.count)
      out.append(child)
      index = child.end
    }
    return out
  }

  func child(_ tag: UInt32, _ what: String) throws(MalformedData) -> ChipTLV {
    guard let found = try children().first(where: { $0.tag == tag }) else { throw MalformedData("\(what) missing") }
    return found
  }
}

/// One DER element: its tag and where its header and content lie in the shared bytes. A value type
/// over the whole buffer, so walking a structure copies no bytes.
struct DER: Sendable {
  static let boolean: UInt8 = 0x01
  static let integer: UInt8 = 0x02
  static let bitString: UInt8 = 0x03
  static let octetString: UInt8 = 0x04
  static let null: UInt8 = 0x05
  static let objectIdentifier: UInt8 = 0x06
  static let utcTime: UInt8 = 0x17
  static let generalizedTime: UInt8 = 0x18
  static let sequence: UInt8 = 0x30
  static let set: UInt8 = 0x31

  let bytes: [UInt8]
  let tag: UInt8
  /// The element from its tag to its end.
  let element: Range<Int>
  let content: Range<Int>

  /// The single element filling `bytes` (trailing bytes are refused).
  init(_ bytes: [UInt8]) throws(MalformedData) {
    try self.init(bytes, at: 0..<bytes.count)
    guard element.upperBound == bytes.count else { throw MalformedData("trailing bytes after a DER element") }
  }

  /// The element starting at `range.lowerBound`, which must end within `range`. BER's indefinite
  /// lengths are read too: some SODs (New Zealand's) wrap their SignedData in them; `depth` bounds
  /// the nesting they need to be walked.
  init(_ bytes: [UInt8], at range: Range<Int>, depth: Int = 0) throws(MalformedData) {
    var index = range.lowerBound
    guard index < range.upperBound else { throw MalformedData("DER element expected, found the end") }
    let tag = bytes[index]
    // Multi-byte tags (low bits all set) have no use in the structures read here.
    guard tag & 0x1F != 0x1F else { throw MalformedData("unsupported high DER tag number") }
    index += 1
    guard index < range.upperBound else { throw MalformedData("DER length missing") }
    let first = bytes[index]
    index += 1
    var length = 0
    if first == 0x80 {
      guard tag & 0x20 != 0, depth < 32 else { throw MalformedData("indefinite length not allowed here") }
      var end = index
      while true {
        guard end + 2 <= range.upperBound else { throw MalformedData("end-of-contents missing") }
        if bytes[end] == 0, bytes[end + 1] == 0 { break }
        end = try DER(bytes, at: end..<range.upperBound, depth: depth + 1).element.upperBound
      }
      self.bytes = bytes
      self.tag = tag
      self.element = range.lowerBound..<end + 2
      self.content = index..<end
      return
    } else if first < 0x80 {
      length = Int(first)
    } else {
      // Four length bytes are more than any input here.
      let count = Int(first & 0x7F)
      guard count >= 1, count <= 4 else { throw MalformedData("unsupported DER length form") }
      guard index + count <= range.upperBound else { throw MalformedData("DER length truncated") }
      for byte in bytes[index..<index + count] { length = length << 8 | Int(byte) }
      index += count
    }
    guard length <= range.upperBound - index else { throw MalformedData("DER element runs past its container") }
    self.bytes = bytes
    self.tag = tag
    self.element = range.lowerBound..<index + length
    self.content = index..<index + length
  }

  var isConstructed: Bool { tag & 0x20 != 0 }
  var contentBytes: [UInt8] { Array(bytes[content]) }
  var elementBytes: [UInt8] { Array(bytes[element]) }

  /// The elements inside a constructed element, in order.
  func children() throws(MalformedData) -> [DER] {
    guard isConstructed else { throw MalformedData("primitive DER element where a constructed one was expected") }
    var out: [DER] = []
    var index = content.lowerBound
    while index < content.upperBound {
      let child = try DER(bytes, at: index..<content.upperBound, depth: 1)
      out.append(child)
      index = child.element.upperBound
    }
    return out
  }

  /// Checks the tag; `what` names the field for the error.
  func expect(_ tag: UInt8, _ what: String) throws(MalformedData) -> DER {
    guard self.tag == tag else {
      throw MalformedData("\(what): tag 0x\(String(tag, radix: 16)) expected, found 0x\(String(self.tag, radix: 16))")
    }
    return self
  }

  /// The single element inside an explicit tag such as `[0]`.
  func explicitContent(_ what: String) throws(MalformedData) -> DER {
    let inner = try children()
    guard inner.count == 1 else { throw MalformedData("\(what): one element expected inside the tag") }
    return inner[0]
  }

  /// The value of an OCTET STRING, primitive or (BER) constructed of primitive segments.
  func octets(_ what: String) throws(MalformedData) -> [UInt8] {
    if tag == DER.octetString { return contentBytes }
    guard tag == DER.octetString | 0x20 else { return try expect(DER.octetString, what).contentBytes }
    var out: [UInt8] = []
    for segment in try children() { out += try segment.expect(DER.octetString, what).contentBytes }
    return out
  }

  /// An OBJECT IDENTIFIER in dotted form.
  func objectIdentifier() throws(MalformedData) -> String {
    _ = try expect(DER.objectIdentifier, "object identifier")
    var arcs: [UInt64] = []
    var value: UInt64 = 0
    for byte in bytes[content] {
      guard value < (1 << 56) else { throw MalformedData("object identifier arc too large") }
      value = value << 7 | UInt64(byte & 0x7F)
      if byte & 0x80 == 0 {
        arcs.append(value)
        value = 0
      }
    }
    guard let first = arcs.first, content.count > 0, bytes[content.upperBound - 1] & 0x80 == 0 else {
      throw MalformedData("object identifier truncated")
    }
    let head: [UInt64] = first < 80 ? [first / 40, first % 40] : [2, first - 80]
    return (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
  }

  /// A small non-negative INTEGER (versions, data-group numbers).
  func smallInteger() throws(MalformedData) -> Int {
    _ = try expect(DER.integer, "integer")
    guard content.count >= 1, content.count <= 4, bytes[content.lowerBound] & 0x80 == 0 else {
      throw MalformedData("integer out of range")
    }
    return bytes[content].reduce(0) { $0 << 8 | Int($1) }
  }

  /// UTCTime or GeneralizedTime (`Z` form, as RFC 5280 requires) as seconds since 1970.
  func time() throws(MalformedData) -> Int {
    let text = Array(bytes[content])
    let digitsCount: Int
    switch tag {
    case DER.utcTime: digitsCount = 12
    case DER.generalizedTime: digitsCount = 14
    default: throw MalformedData("time expected")
    }
    guard text.count == digitsCount + 1, text.last == UInt8(ascii: "Z"),
      text.dropLast().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    else { throw MalformedData("time not in the YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ form") }
    let digits = text.dropLast().map { Int($0 - 0x30) }
    func number(_ at: Int, _ count: Int) -> Int { digits[at..<at + count].reduce(0) { $0 * 10 + $1 } }
    var year: Int
    var rest = 0
    if tag == DER.utcTime {
      // RFC 5280: 50–99 are 1950–1999, 00–49 are 2000–2049.
      year = number(0, 2)
      year += year < 50 ? 2000 : 1900
      rest = 2
    } else {
      year = number(0, 4)
      rest = 4
    }
    let month = number(rest, 2)
    let day = number(rest + 2, 2)
    let hour = number(rest + 4, 2)
    let minute = number(rest + 6, 2)
    let second = number(rest + 8, 2)
    guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
      throw MalformedData("time out of range")
    }
    return DER.daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
  }

  /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
  static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let m = month
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}

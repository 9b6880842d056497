/// DG2 (ICAO 9303-10 §4.7.2): the first portrait of the biometric information template group
/// (`75` › `7F61` › `7F60` › `5F2E` or `7F2E`), an ISO/IEC 19794-5 facial record whose image is
/// JPEG or JPEG 2000. Only the image is taken; the record's other fields are not trusted for anything.
public struct PortraitDataGroup: Sendable, Equatable {
  public let format: PortraitFormat
  public let image: [UInt8]

  public init(_ bytes: [UInt8]) throws(MalformedData) {
    let group = try ChipTLV.whole(bytes, tag: 0x75, "DG2").child(0x7F61, "DG2's biometric group")
    let template = try group.child(0x7F60, "DG2's biometric template")
    let block = try template.children().first { $0.tag == 0x5F2E || $0.tag == 0x7F2E }
    guard let block else { throw MalformedData("DG2's biometric data block missing") }
    (format, image) = try PortraitDataGroup.facialRecord(Array(block.value))
  }

  /// The first image of a facial record: a 14-byte header (`FAC\0`, version, length, count),
  /// then the facial information (20 bytes and 8 per feature point) and the image information
  /// (12 bytes: type, data type 0 JPEG / 1 JPEG 2000, sizes) before the image.
  static func facialRecord(_ record: [UInt8]) throws(MalformedData) -> (PortraitFormat, [UInt8]) {
    guard record.count > 46, record[0..<4].elementsEqual([0x46, 0x41, 0x43, 0x00]) else {
      throw MalformedData("DG2: not an ISO/IEC 19794-5 facial record")
    }
    func integer(_ at: Int, _ count: Int) -> Int { record[at..<at + count].reduce(0) { $0 << 8 | Int($1) } }
    guard integer(12, 2) >= 1 else { throw MalformedData("DG2: the facial record holds no face") }
    let blockLength = integer(14, 4)
    let points = integer(18, 2)
    let information = 14 + 20 + 8 * points
    let start = information + 12
    let end = 14 + blockLength
    guard start < end, end <= record.count else { throw MalformedData("DG2: facial record lengths inconsistent") }
    let format: PortraitFormat
    switch record[information + 1] {
    case 0: format = .jpeg
    case 1: format = .jpeg2000
    default: throw MalformedData("DG2: the portrait is neither JPEG nor JPEG 2000")
    }
    return (format, Array(record[start..<end]))
  }
}

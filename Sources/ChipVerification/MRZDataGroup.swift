/// DG1 (ICAO 9303-10 §4.7.1): tag `61` around `5F1F`, the machine readable zone as one string
/// without line breaks (88 characters for TD3, 72 for TD2, 90 for TD1).
public struct MRZDataGroup: Sendable, Equatable {
  /// The zone cut into its lines, as the `MRZ` module reads a page.
  public let lines: [String]

  public init(_ bytes: [UInt8]) throws(MalformedData) {
    let zone = try ChipTLV.whole(bytes, tag: 0x61, "DG1").child(0x5F1F, "DG1's MRZ")
    let characters = Array(zone.value)
    guard characters.allSatisfy({ $0 == 0x3C || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) else {
      throw MalformedData("DG1: the MRZ holds characters outside A-Z, 0-9 and <")
    }
    let lineLength: Int
    switch characters.count {
    case 88: lineLength = 44
    case 72: lineLength = 36
    case 90: lineLength = 30
    default: throw MalformedData("DG1: an MRZ of \(characters.count) characters fits no format")
    }
    lines = stride(from: 0, to: characters.count, by: lineLength).map {
      String(decoding: characters[$0..<$0 + lineLength], as: UTF8.self)
    }
  }
}

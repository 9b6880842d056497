/// The metadata segments of a JPEG (APPn and COM, before the first scan), walked with bounds
/// checks: a malformed walk simply ends.
public struct JPEGSegments: Sendable {
  /// Segments as (marker, payload range in the file).
  public let metadata: [(marker: UInt8, payload: Range<Int>)]

  public init(_ jpeg: [UInt8]) {
    var found: [(UInt8, Range<Int>)] = []
    var offset = 2
    walk: while jpeg.count > 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8, offset + 4 <= jpeg.count {
      guard jpeg[offset] == 0xFF else { break }
      let marker = jpeg[offset + 1]
      switch marker {
      case 0xFF:
        offset += 1  // fill byte
        continue walk
      case 0xD0...0xD8, 0x01:
        offset += 2  // markers without a length
        continue walk
      case 0xDA, 0xD9:
        break walk  // start of scan, end of image: no metadata beyond
      default:
        let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
        guard length >= 2, offset + 2 + length <= jpeg.count else { break walk }
        if (0xE0...0xEF).contains(marker) || marker == 0xFE {
          found.append((marker, (offset + 4)..<(offset + 2 + length)))
        }
        offset += 2 + length
      }
    }
    metadata = found
  }

  public var metadataBytes: Int { metadata.reduce(0) { $0 + $1.payload.count } }
}

/// The EXIF orientation tag (0x0112) of a JPEG, read defensively: bounded, and anything
/// malformed means "no orientation" rather than an error.
public enum ExifOrientation {
  /// 1–8, or 1 when absent or unreadable.
  public static func read(_ jpeg: [UInt8]) -> Int {
    read(jpeg, segments: JPEGSegments(jpeg))
  }

  public static func read(_ jpeg: [UInt8], segments: JPEGSegments) -> Int {
    for segment in segments.metadata where segment.marker == 0xE1 {
      if let value = orientation(inApp1: jpeg[segment.payload]) { return value }
    }
    return 1
  }

  static func orientation(inApp1 segment: ArraySlice<UInt8>) -> Int? {
    let bytes = Array(segment)
    guard bytes.count >= 14, Array(bytes[0..<6]) == Array("Exif\0\0".utf8) else { return nil }
    let tiff = Array(bytes[6...])
    let little: Bool
    switch (tiff[0], tiff[1]) {
    case (0x49, 0x49): little = true
    case (0x4D, 0x4D): little = false
    default: return nil
    }
    func u16(_ at: Int) -> Int? {
      guard at >= 0, at + 2 <= tiff.count else { return nil }
      return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
    }
    func u32(_ at: Int) -> Int? {
      guard let a = u16(at), let b = u16(at + 2) else { return nil }
      return little ? a | b << 16 : a << 16 | b
    }
    guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd), count < 1000 else { return nil }
    for entry in 0..<count {
      let at = ifd + 2 + entry * 12
      guard let tag = u16(at) else { return nil }
      if tag == 0x0112 {
        guard let type = u16(at + 2), type == 3, let value = u16(at + 8), (1...8).contains(value) else { return nil }
        return value
      }
    }
    return nil
  }
}

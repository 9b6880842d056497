import KYCImaging

/// A JPEG 2000 image's size, tiling and components, read from its codestream's SIZ marker in
/// Swift before OpenJPEG sees the file: OpenJPEG's own header read allocates for every tile and
/// every component, so a few hundred hostile bytes (65,535 tiles of 16,384 components) would
/// exhaust the function's memory before any size check could run.
struct JPEG2000Header: Equatable {
  var width: Int
  var height: Int
  var tiles: Int
  var components: Int

  /// DG2 portraits are a few hundred pixels a side, in one tile or a few; grey, RGB or RGBA.
  static let maxTiles = 64
  static let maxComponents = 4

  /// The header of a JP2 file (its `jp2c` box) or a bare codestream; refused when the file is
  /// cut short, or its tiling or components go past what a portrait needs.
  init(_ bytes: [UInt8]) throws(ImageError) {
    let codestream = try Self.codestream(bytes)
    // SOC, then SIZ: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz.
    guard codestream.count >= 4 + 2 + 2 + 8 * 4 + 2, bytes[codestream.lowerBound] == 0xFF,
      bytes[codestream.lowerBound + 1] == 0x4F, bytes[codestream.lowerBound + 2] == 0xFF,
      bytes[codestream.lowerBound + 3] == 0x51
    else { throw .corrupt("no JPEG 2000 size marker") }
    let fields = codestream.lowerBound + 8
    func field(_ index: Int) -> Int { Self.bigEndian(bytes, at: fields + 4 * index, count: 4) }
    let (x, y, xOffset, yOffset) = (field(0), field(1), field(2), field(3))
    let (tileWidth, tileHeight, tileX, tileY) = (field(4), field(5), field(6), field(7))
    components = Self.bigEndian(bytes, at: fields + 32, count: 2)
    guard x > xOffset, y > yOffset, tileWidth > 0, tileHeight > 0, tileX <= xOffset, tileY <= yOffset else {
      throw .corrupt("the JPEG 2000 size marker does not describe an image")
    }
    width = x - xOffset
    height = y - yOffset
    let (across, down) = ((x - tileX + tileWidth - 1) / tileWidth, (y - tileY + tileHeight - 1) / tileHeight)
    let (product, overflow) = across.multipliedReportingOverflow(by: down)
    tiles = overflow ? Int.max : product
    guard (1...Self.maxComponents).contains(components), tiles <= Self.maxTiles else { throw .unsupportedFormat }
  }

  /// Where the codestream lies: the whole of a bare one, or a JP2 file's `jp2c` box.
  static func codestream(_ bytes: [UInt8]) throws(ImageError) -> Range<Int> {
    if bytes.starts(with: [0xFF, 0x4F]) { return bytes.indices }
    var offset = 0
    while offset + 8 <= bytes.count {
      var length = bigEndian(bytes, at: offset, count: 4)
      let type = bytes[(offset + 4)..<(offset + 8)]
      var header = 8
      if length == 1 {
        guard offset + 16 <= bytes.count else { break }
        length = bigEndian(bytes, at: offset + 8, count: 8)
        header = 16
      } else if length == 0 {
        length = bytes.count - offset
      }
      guard length >= header, length <= bytes.count - offset else { break }
      if type.elementsEqual(Array("jp2c".utf8)) { return (offset + header)..<(offset + length) }
      offset += length
    }
    throw .corrupt("no JPEG 2000 codestream")
  }

  /// `count` bytes at `offset` as an unsigned big-endian number (8 bytes: capped, never trapping).
  static func bigEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
    var value = 0
    for byte in bytes[offset..<(offset + count)] {
      guard value < Int.max >> 9 else { return Int.max >> 1 }
      value = value << 8 | Int(byte)
    }
    return value
  }
}

import KYCImaging
import Testing

@testable import KYCChip

/// The SIZ marker is read in Swift, and a hostile tiling or component count refused, before
/// OpenJPEG allocates for them.
struct JPEG2000HeaderTests {
  /// A bare codestream's SOC and SIZ: `size` and `tile` as (width, height), `components` of 8 bits.
  static func codestream(size: (UInt32, UInt32), tile: (UInt32, UInt32), components: UInt16) -> [UInt8] {
    func be32(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
    func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)] }
    let fields = be32(size.0) + be32(size.1) + be32(0) + be32(0) + be32(tile.0) + be32(tile.1) + be32(0) + be32(0)
    let perComponent = [UInt8](repeating: 0, count: 3 * Int(min(components, 8)))
    let siz = be16(0) + fields + be16(components) + [0x07, 0x01, 0x01] + perComponent
    return [0xFF, 0x4F, 0xFF, 0x51] + be16(UInt16(siz.count + 2)) + siz
  }

  /// `codestream` in a JP2 file: the signature box, a header box, then `jp2c`.
  static func jp2(_ codestream: [UInt8]) -> [UInt8] {
    func box(_ type: String, _ body: [UInt8]) -> [UInt8] {
      let length = UInt32(8 + body.count)
      return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) } + Array(type.utf8) + body
    }
    return box("jP  ", [0x0D, 0x0A, 0x87, 0x0A]) + box("ftyp", Array("jp2 ".utf8) + [0, 0, 0, 0])
      + box("jp2h", [UInt8](repeating: 0, count: 22)) + box("jp2c", codestream)
  }

  @Test func aPortraitsHeaderIsRead() throws {
    let header = try JPEG2000Header(Self.codestream(size: (480, 640), tile: (480, 640), components: 3))
    #expect([header.width, header.height, header.tiles, header.components] == [480, 640, 1, 3])
    let wrapped = try JPEG2000Header(Self.jp2(Self.codestream(size: (480, 640), tile: (256, 256), components: 1)))
    #expect([wrapped.width, wrapped.height, wrapped.tiles, wrapped.components] == [480, 640, 6, 1])
  }

  @Test func aTilingOrComponentCountNoPortraitNeedsIsRefused() {
    // The memory bomb: thousands of one-pixel tiles, dozens of components, in a few hundred bytes.
    for (tile, components) in [((1, 1), 3), ((480, 640), 40), ((480, 640), 16_384), ((480, 640), 0)]
      as [((UInt32, UInt32), UInt16)]
    {
      let bytes = Self.codestream(size: (480, 640), tile: tile, components: components)
      #expect(bytes.count < 200)
      #expect(throws: ImageError.unsupportedFormat) { try JPEG2000Header(bytes) }
      #expect(throws: ImageError.self) { try JPEG2000Decoder().decode(Self.jp2(bytes)) }
    }
  }

  @Test func sizesPastAnyPortraitAreRefusedWithoutOverflow() {
    let huge = Self.codestream(size: (.max, .max), tile: (1, 1), components: 3)
    #expect(throws: ImageError.unsupportedFormat) { try JPEG2000Header(huge) }
    let large = Self.codestream(size: (.max, .max), tile: (.max, .max), components: 3)
    #expect(throws: ImageError.tooManyPixels(width: Int(UInt32.max), height: Int(UInt32.max))) {
      try JPEG2000Decoder().decode(large)
    }
  }

  @Test func aFileCutShortOrWithoutACodestreamIsCorrupt() {
    let whole = Self.codestream(size: (480, 640), tile: (480, 640), components: 3)
    #expect(throws: ImageError.self) { try JPEG2000Header(Array(whole.prefix(20))) }
    #expect(throws: ImageError.corrupt("no JPEG 2000 codestream")) {
      try JPEG2000Header(Array(Self.jp2(whole).prefix(40)))
    }
  }
}

import KYCImaging
import KYCRules
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct ExifTests {
  /// SOI, one APP1 with an EXIF IFD holding the orientation tag, then SOS.
  static func jpeg(orientation: UInt16, bigEndian: Bool = true, type: UInt16 = 3) -> [UInt8] {
    func u16(_ v: UInt16) -> [UInt8] {
      bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)]
    }
    func u32(_ v: UInt32) -> [UInt8] {
      u16(UInt16(bigEndian ? v >> 16 : v & 0xFFFF)) + u16(UInt16(bigEndian ? v & 0xFFFF : v >> 16))
    }
    let tiff =
      (bigEndian ? Array("MM".utf8) : Array("II".utf8)) + u16(42) + u32(8) + u16(1)
      + u16(0x0112) + u16(type) + u32(1) + u16(orientation) + u16(0) + u32(0)
    let payload = Array("Exif\0\0".utf8) + tiff
    let length = payload.count + 2
    return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + [0xFF, 0xDA, 0, 2]
  }

  @Test func readsTheOrientationInEitherByteOrder() {
    #expect(ExifOrientation.read(Self.jpeg(orientation: 6)) == 6)
    #expect(ExifOrientation.read(Self.jpeg(orientation: 8, bigEndian: false)) == 8)
  }

  @Test func malformedExifMeansUpright() {
    #expect(ExifOrientation.read(Self.jpeg(orientation: 9)) == 1)
    #expect(ExifOrientation.read(Self.jpeg(orientation: 6, type: 4)) == 1)
    var truncated = Self.jpeg(orientation: 6)
    truncated.removeLast(20)
    #expect(ExifOrientation.read(truncated) == 1)
    var lying = Self.jpeg(orientation: 6)
    lying[4] = 0xFF  // a segment length running past the end of the file
    #expect(ExifOrientation.read(lying) == 1)
    #expect(ExifOrientation.read([]) == 1)
    #expect(ExifOrientation.read([0xFF, 0xD8, 0xFF]) == 1)
  }

  @Test func segmentsCountTheirMetadata() {
    let segments = JPEGSegments(Self.jpeg(orientation: 6))
    #expect(segments.metadata.count == 1)
    #expect(segments.metadata[0].marker == 0xE1)
    #expect(segments.metadataBytes == Self.jpeg(orientation: 6).count - 10)
  }
}

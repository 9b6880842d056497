import KYCChip
import KYCImaging
import Testing

/// The JPEG 2000 path of chip portraits refuses what it cannot read, never crashes on it.
struct JPEG2000DecoderTests {
  let decoder = JPEG2000Decoder()

  @Test func onlyJP2FilesAndCodestreamsAreTaken() {
    #expect(JPEG2000Decoder.isJPEG2000([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A]))
    #expect(JPEG2000Decoder.isJPEG2000([0xFF, 0x4F, 0xFF, 0x51, 0x00]))
    #expect(throws: ImageError.unsupportedFormat) { try decoder.decode([0xFF, 0xD8, 0xFF, 0xE0, 0x00]) }
  }

  @Test func aTruncatedOrGarbledStreamIsRefused() {
    let signature: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]
    #expect(throws: ImageError.self) { try decoder.decode(signature) }
    #expect(throws: ImageError.self) { try decoder.decode(signature + [UInt8](repeating: 0xA5, count: 4_000)) }
    #expect(throws: ImageError.self) {
      try decoder.decode([0xFF, 0x4F, 0xFF, 0x51] + [UInt8](repeating: 0x01, count: 300))
    }
  }
}

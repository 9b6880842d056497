import KYCImaging
import KYCRules
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct ImageTests {
  /// A 3×2 image whose red channel numbers the pixels 0…5, row after row.
  let image = Image(width: 3, height: 2, pixels: (0..<6).flatMap { [UInt8($0), 0, 0] })

  func reds(_ image: Image) -> [UInt8] { stride(from: 0, to: image.pixels.count, by: 3).map { image.pixels[$0] } }

  @Test func orientationsTurnThePixelsUpright() {
    // Stored pixels 0 1 2 / 3 4 5.
    #expect(reds(image.oriented(1)) == [0, 1, 2, 3, 4, 5])
    #expect(reds(image.oriented(2)) == [2, 1, 0, 5, 4, 3])
    #expect(reds(image.oriented(3)) == [5, 4, 3, 2, 1, 0])
    #expect(reds(image.oriented(4)) == [3, 4, 5, 0, 1, 2])
    let turned = image.oriented(6)  // stored rotated 90° anticlockwise: turn clockwise
    #expect(turned.width == 2 && turned.height == 3)
    #expect(reds(turned) == [3, 0, 4, 1, 5, 2])
    #expect(reds(image.oriented(8)) == [2, 5, 1, 4, 0, 3])
    #expect(reds(image.oriented(5)) == [0, 3, 1, 4, 2, 5])
    #expect(reds(image.oriented(7)) == [5, 2, 4, 1, 3, 0])
    #expect(image.oriented(0) == image && image.oriented(9) == image)
  }

  @Test func cropsClipToTheImage() {
    #expect(reds(image.cropped(left: 1, top: 0, width: 5, height: 5)) == [1, 2, 4, 5])
    #expect(image.cropped(left: 10, top: 10, width: 2, height: 2).pixels.isEmpty)
  }
}

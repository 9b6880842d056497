import KYCImaging
import KYCRules
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct PerceptualHashTests {
  /// A smooth synthetic picture: a bright disc on a gradient.
  static func picture(width: Int, height: Int, shift: Double = 0) -> Image {
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      for x in 0..<width {
        let u = Double(x) / Double(width)
        let v = Double(y) / Double(height)
        let disc = ((u - 0.4 - shift) * (u - 0.4 - shift) + (v - 0.45) * (v - 0.45)) < 0.05 ? 120.0 : 0
        let value = UInt8(max(0, min(255, 40 + 90 * u + 60 * v + disc)))
        for channel in 0..<3 { pixels[(y * width + x) * 3 + channel] = value }
      }
    }
    return Image(width: width, height: height, pixels: pixels)
  }

  @Test func survivesResizingAndTellsPicturesApart() {
    let original = PerceptualHash.of(Self.picture(width: 640, height: 480))
    let smaller = PerceptualHash.of(Self.picture(width: 320, height: 240))
    let moved = PerceptualHash.of(Self.picture(width: 640, height: 480, shift: 0.25))
    #expect(PerceptualHash.distance(original, smaller) <= 4)
    #expect(PerceptualHash.distance(original, moved) >= 12)
  }
}

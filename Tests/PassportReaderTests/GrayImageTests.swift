import KYCImaging
import Testing

@testable import PassportReader

@Suite struct GrayImageTests {
  @Test func quarterTurnsAreExactAndUndoEachOther() {
    // 3×2: a b c / d e f
    let image = GrayImage(width: 3, height: 2, pixels: [1, 2, 3, 4, 5, 6])
    let clockwise = image.turned(quarterTurns: 1)
    #expect(clockwise.width == 2 && clockwise.height == 3)
    #expect(clockwise.pixels == [4, 1, 5, 2, 6, 3])
    #expect(image.turned(quarterTurns: 3).pixels == [3, 6, 2, 5, 1, 4])
    #expect(clockwise.turned(quarterTurns: 3) == image)
    #expect(image.turned(quarterTurns: 2) == image.rotated180())
  }

  @Test func aTurnedPartIsThePartOfTheTurnedPage() {
    var page = GrayImage(width: 97, height: 61, fill: 0)
    for index in page.pixels.indices { page.pixels[index] = UInt8((index * 37 + index / 97 * 11) % 256) }
    for degrees in [-7.3, 0.02, 4.0] {
      let whole = page.rotated(degrees: degrees)
      // Inside, and clamped to the frame as `cropped` clamps it.
      for (x, y, width, height) in [(10, 5, 40, 20), (-6, -3, 30, 90), (80, 50, 40, 40)] {
        #expect(
          page.rotated(degrees: degrees, x: x, y: y, width: width, height: height)
            == whole.cropped(x: x, y: y, width: width, height: height))
      }
    }
  }

  @Test func resizingInterpolatesBetweenPixelsAndTakesTheEdgesBeyond() {
    let strip = GrayImage(width: 2, height: 2, pixels: [0, 255, 0, 255])
    // Samples at -0.25, 0.25, 0.75 and 1.25 of the source: the ends take the edge pixels, the
    // middle two a quarter and three quarters of the way, rounded.
    #expect(strip.resized(width: 4, height: 2).pixels.prefix(4) == [0, 64, 191, 255])
  }

  @Test func flatteningDividesByTheBrightestPixelAround() {
    // Against the plain definition: the brightest value within the radius, along rows then columns.
    for (width, height, radius) in [(23, 17, 7), (5, 40, 3), (1, 1, 2), (16, 3, 0)] {
      var image = GrayImage(width: width, height: height, fill: 0)
      for index in image.pixels.indices { image.pixels[index] = UInt8((index * 73 + index / width * 29) % 251) }
      var background = image.pixels
      for y in 0..<height {
        for x in 0..<width {
          var best: UInt8 = 0
          for yy in max(0, y - radius)...min(height - 1, y + radius) {
            for xx in max(0, x - radius)...min(width - 1, x + radius) {
              best = max(best, image.pixels[yy * width + xx])
            }
          }
          background[y * width + x] = best
        }
      }
      let expected = image.pixels.indices.map { index -> UInt8 in
        background[index] == 0 ? 255 : UInt8(min(255, Int(image.pixels[index]) * 255 / Int(background[index])))
      }
      #expect(image.flattened(radius: radius).pixels == expected)
    }
  }

  @Test func theBrightestChannelPalesColouredPrintAndKeepsBlackInk() {
    // Black ink, a blue guilloche line, cream paper.
    let image = Image(width: 3, height: 1, pixels: [10, 10, 10, 150, 178, 214, 236, 232, 220])
    #expect(GrayImage(brightestChannelOf: image).pixels == [10, 214, 236])
    #expect(GrayImage(image).pixels[1] < 180)  // in luma the line stays dark enough to read as ink
  }

  @Test func binarizingKeepsInkOnAnUnevenBackgroundAndDropsTheBackground() {
    // Light falling off from 250 to 130 across the page, ink 40 below its surroundings.
    var image = GrayImage(width: 120, height: 30, fill: 0)
    for y in 0..<30 {
      for x in 0..<120 { image.pixels[y * 120 + x] = UInt8(250 - x) }
    }
    for x in [10, 60, 110] { for y in 10..<20 { image.pixels[y * 120 + x] = UInt8(250 - x - 80) } }
    let binary = image.binarized(radius: 8)
    #expect(Set(binary.pixels) == [0, 255])
    for x in [10, 60, 110] { #expect(binary.pixels[15 * 120 + x] == 0) }
    #expect(binary.pixels[15 * 120 + 35] == 255 && binary.pixels[2 * 120 + 100] == 255)
  }
}

import KYCImaging

#if canImport(Glibc)
  import Glibc
#endif

/// An 8-bit grey image and the few operations the MRZ search needs. Pure Swift; this module is
/// built optimised even in debug builds.
public struct GrayImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(pixels.count == width * height)
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  public init(width: Int, height: Int, fill: UInt8) {
    self.init(width: width, height: height, pixels: [UInt8](repeating: fill, count: width * height))
  }

  /// Luma (BT.601) of an RGB image.
  public init(_ image: Image) {
    var out = [UInt8](repeating: 0, count: image.width * image.height)
    image.pixels.withUnsafeBufferPointer { rgb in
      for index in 0..<out.count {
        let r = Int(rgb[index * 3])
        let g = Int(rgb[index * 3 + 1])
        let b = Int(rgb[index * 3 + 2])
        out[index] = UInt8((299 * r + 587 * g + 114 * b + 500) / 1000)
      }
    }
    self.init(width: image.width, height: image.height, pixels: out)
  }

  /// The brightest of each pixel's three channels: coloured print (a blue guilloche, a pink
  /// rosette) is bright in one channel at least and turns pale, while black ink stays dark.
  public init(brightestChannelOf image: Image) {
    var out = [UInt8](repeating: 0, count: image.width * image.height)
    image.pixels.withUnsafeBufferPointer { rgb in
      for index in 0..<out.count {
        out[index] = max(rgb[index * 3], rgb[index * 3 + 1], rgb[index * 3 + 2])
      }
    }
    self.init(width: image.width, height: image.height, pixels: out)
  }

  /// Box-filtered shrink by an integer factor.
  public func shrunk(by factor: Int) -> GrayImage {
    guard factor > 1 else { return self }
    let outWidth = width / factor
    let outHeight = height / factor
    var out = [UInt8](repeating: 0, count: outWidth * outHeight)
    let area = factor * factor
    for y in 0..<outHeight {
      for x in 0..<outWidth {
        var sum = 0
        for dy in 0..<factor {
          let row = (y * factor + dy) * width + x * factor
          for dx in 0..<factor { sum += Int(pixels[row + dx]) }
        }
        out[y * outWidth + x] = UInt8(sum / area)
      }
    }
    return GrayImage(width: outWidth, height: outHeight, pixels: out)
  }

  /// Resampled to `newWidth` × `newHeight` (bilinear).
  public func resized(width newWidth: Int, height newHeight: Int) -> GrayImage {
    var out = [UInt8](repeating: 0, count: newWidth * newHeight)
    let sx = Double(width) / Double(newWidth)
    let sy = Double(height) / Double(newHeight)
    withSampler { sampler in
      out.withUnsafeMutableBufferPointer { out in
        for y in 0..<newHeight {
          for x in 0..<newWidth {
            out[y * newWidth + x] = sampler.sample((Double(x) + 0.5) * sx - 0.5, (Double(y) + 0.5) * sy - 0.5)
          }
        }
      }
    }
    return GrayImage(width: newWidth, height: newHeight, pixels: out)
  }

  /// Turned by `degrees` (positive: anticlockwise as seen) about the centre, same size, white outside.
  public func rotated(degrees: Double) -> GrayImage {
    if abs(degrees) < 0.05 { return self }
    return rotated(degrees: degrees, croppedTo: (0, 0, width, height))
  }

  /// The part `x`, `y`, `width` × `height` (clamped to the frame, as `cropped` does) of the
  /// image turned by `degrees`: the same pixels as `rotated(degrees:)` then `cropped`, without
  /// turning the rest of a large page.
  public func rotated(degrees: Double, x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) -> GrayImage {
    let x0 = max(0, min(width, x))
    let y0 = max(0, min(height, y))
    let x1 = max(x0, min(width, x + cropWidth))
    let y1 = max(y0, min(height, y + cropHeight))
    if abs(degrees) < 0.05 { return cropped(x: x0, y: y0, width: x1 - x0, height: y1 - y0) }
    return rotated(degrees: degrees, croppedTo: (x0, y0, x1, y1))
  }

  private func rotated(degrees: Double, croppedTo frame: (x0: Int, y0: Int, x1: Int, y1: Int)) -> GrayImage {
    let angle = degrees * .pi / 180
    let c = cos(angle)
    let s = sin(angle)
    let cx = Double(width) / 2
    let cy = Double(height) / 2
    let outWidth = frame.x1 - frame.x0
    var out = [UInt8](repeating: 255, count: outWidth * (frame.y1 - frame.y0))
    withSampler { sampler in
      out.withUnsafeMutableBufferPointer { out in
        for y in frame.y0..<frame.y1 {
          for x in frame.x0..<frame.x1 {
            let dx = Double(x) - cx
            let dy = Double(y) - cy
            out[(y - frame.y0) * outWidth + x - frame.x0] = sampler.sample(cx + dx * c - dy * s, cy + dx * s + dy * c)
          }
        }
      }
    }
    return GrayImage(width: outWidth, height: frame.y1 - frame.y0, pixels: out)
  }

  public func rotated180() -> GrayImage {
    GrayImage(width: width, height: height, pixels: pixels.reversed())
  }

  /// Turned by `quarterTurns` × 90° clockwise as seen (a sideways page stood up), exactly.
  public func turned(quarterTurns: Int) -> GrayImage {
    switch ((quarterTurns % 4) + 4) % 4 {
    case 1:
      var out = [UInt8](repeating: 0, count: pixels.count)
      for y in 0..<height { for x in 0..<width { out[x * height + (height - 1 - y)] = pixels[y * width + x] } }
      return GrayImage(width: height, height: width, pixels: out)
    case 2: return rotated180()
    case 3:
      var out = [UInt8](repeating: 0, count: pixels.count)
      for y in 0..<height { for x in 0..<width { out[(width - 1 - x) * height + y] = pixels[y * width + x] } }
      return GrayImage(width: height, height: width, pixels: out)
    default: return self
    }
  }

  /// With a white margin of `margin` pixels on every side, so text that runs to the edge has
  /// paper around it as on a page.
  public func padded(_ margin: Int) -> GrayImage {
    guard margin > 0 else { return self }
    var out = GrayImage(width: width + 2 * margin, height: height + 2 * margin, fill: 255)
    for y in 0..<height {
      let target = (y + margin) * out.width + margin
      out.pixels.replaceSubrange(target..<(target + width), with: pixels[(y * width)..<((y + 1) * width)])
    }
    return out
  }

  public func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) -> GrayImage {
    let x0 = max(0, min(width, x))
    let y0 = max(0, min(height, y))
    let x1 = max(x0, min(width, x + cropWidth))
    let y1 = max(y0, min(height, y + cropHeight))
    var out = [UInt8]()
    out.reserveCapacity((x1 - x0) * (y1 - y0))
    for row in y0..<y1 { out.append(contentsOf: pixels[(row * width + x0)..<(row * width + x1)]) }
    return GrayImage(width: x1 - x0, height: y1 - y0, pixels: out)
  }

  /// The image over its own background: each pixel divided by the brightest value within
  /// `radius` (wider than a stroke, so the background is what remains), then scaled to white.
  public func flattened(radius: Int) -> GrayImage {
    let background = slidingMax(
      slidingMax(pixels, width: width, height: height, radius: radius, horizontal: true),
      width: width, height: height, radius: radius, horizontal: false)
    var out = [UInt8](repeating: 255, count: pixels.count)
    for index in pixels.indices where background[index] > 0 {
      out[index] = UInt8(min(255, Int(pixels[index]) * 255 / Int(background[index])))
    }
    return GrayImage(width: width, height: height, pixels: out)
  }

  /// The maximum over a window of `2 × radius + 1` along rows or columns, in three comparisons
  /// a pixel whatever the radius (van Herk and Gil–Werman): each line, padded with `radius`
  /// zeros either end, is cut into blocks of the window's length; a window then spans the end
  /// of one block and the start of the next, whose running maxima are kept from either side.
  private func slidingMax(_ values: [UInt8], width: Int, height: Int, radius: Int, horizontal: Bool) -> [UInt8] {
    var out = values
    let (lines, length) = horizontal ? (height, width) : (width, height)
    let window = 2 * radius + 1
    let padded = length + 2 * radius
    // Rounded up to whole blocks, so every block is complete.
    let span = (padded + window - 1) / window * window
    var line = [UInt8](repeating: 0, count: span)
    var fromStart = [UInt8](repeating: 0, count: span)
    var fromEnd = [UInt8](repeating: 0, count: span)
    values.withUnsafeBufferPointer { values in
      out.withUnsafeMutableBufferPointer { out in
        for index in 0..<lines {
          let (start, step) = horizontal ? (index * width, 1) : (index, width)
          for i in 0..<length { line[radius + i] = values[start + i * step] }
          for blockStart in stride(from: 0, to: span, by: window) {
            fromStart[blockStart] = line[blockStart]
            for k in (blockStart + 1)..<(blockStart + window) { fromStart[k] = max(fromStart[k - 1], line[k]) }
            let last = blockStart + window - 1
            fromEnd[last] = line[last]
            for k in stride(from: last - 1, through: blockStart, by: -1) { fromEnd[k] = max(fromEnd[k + 1], line[k]) }
          }
          // The window of pixel i covers padded positions i ... i + 2 × radius.
          for i in 0..<length { out[start + i * step] = max(fromEnd[i], fromStart[i + window - 1]) }
        }
      }
    }
    return out
  }

  /// Black ink on white paper: each pixel against the mean of the `radius` square around it
  /// (`inkMask`). Tesseract's own global threshold loses values on a page whose light or
  /// background tint changes across the zone; a local one keeps them.
  public func binarized(radius: Int, ratio: Double = 0.85) -> GrayImage {
    GrayImage(width: width, height: height, pixels: inkMask(radius: radius, ratio: ratio).map { $0 ? 0 : 255 })
  }

  /// Ink mask: a pixel is ink when darker than `ratio` × the mean of the `radius` square around
  /// it. Against the local mean, so uneven light and tinted backgrounds do not matter.
  public func inkMask(radius: Int, ratio: Double = 0.85) -> [Bool] {
    // Integral image with a zero row and column in front; the loops run on raw buffers, as the
    // search builds a mask of the whole page for every pass.
    let (width, height) = (self.width, self.height)
    let stride = width + 1
    var integral = [Int](repeating: 0, count: stride * (height + 1))
    var mask = [Bool](repeating: false, count: pixels.count)
    pixels.withUnsafeBufferPointer { pixels in
      integral.withUnsafeMutableBufferPointer { integral in
        for y in 0..<height {
          var rowSum = 0
          for x in 0..<width {
            rowSum += Int(pixels[y * width + x])
            integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1] + rowSum
          }
        }
        mask.withUnsafeMutableBufferPointer { mask in
          for y in 0..<height {
            let y0 = max(0, y - radius)
            let y1 = min(height, y + radius + 1)
            for x in 0..<width {
              let x0 = max(0, x - radius)
              let x1 = min(width, x + radius + 1)
              let sum =
                integral[y1 * stride + x1] - integral[y0 * stride + x1] - integral[y1 * stride + x0]
                + integral[y0 * stride + x0]
              // Darker than `ratio` × the mean, without a division per pixel.
              mask[y * width + x] = Double(Int(pixels[y * width + x]) * (x1 - x0) * (y1 - y0)) < Double(sum) * ratio
            }
          }
        }
      }
    }
    return mask
  }
}

extension GrayImage {
  /// Bilinear sampling over the pixels without bounds checks: resizing and turning sample every
  /// pixel of a page, several times per search.
  struct Sampler {
    let pixels: UnsafeBufferPointer<UInt8>
    let width: Int
    let height: Int

    @inline(__always) func at(_ x: Int, _ y: Int) -> UInt8 { pixels[y * width + x] }

    /// The value at `x`, `y`; outside the image, white.
    @inline(__always) func sample(_ x: Double, _ y: Double) -> UInt8 {
      // Inside, where all four neighbours exist, truncation is the floor and a value in 0...255
      // rounds half up by adding a half: no libm call per pixel (`rounded()` is one on x86-64).
      guard x >= 0, y >= 0, x < Double(width - 1), y < Double(height - 1) else {
        let xi = Int(x.rounded())
        let yi = Int(y.rounded())
        return xi >= 0 && yi >= 0 && xi < width && yi < height ? at(xi, yi) : 255
      }
      let x0 = Int(x)
      let y0 = Int(y)
      let fx = x - Double(x0)
      let fy = y - Double(y0)
      let top = Double(at(x0, y0)) * (1 - fx) + Double(at(x0 + 1, y0)) * fx
      let bottom = Double(at(x0, y0 + 1)) * (1 - fx) + Double(at(x0 + 1, y0 + 1)) * fx
      return UInt8(min(255, top * (1 - fy) + bottom * fy + 0.5))
    }
  }

  func withSampler<Result>(_ body: (Sampler) -> Result) -> Result {
    pixels.withUnsafeBufferPointer { body(Sampler(pixels: $0, width: width, height: height)) }
  }
}

#if canImport(Glibc)
  import Glibc
#endif

/// A 64-bit perceptual hash of an image (the DCT hash): the signs, against their median, of the
/// 8×8 lowest frequencies of a 32×32 grey copy. Re-encoding at another JPEG quality or resizing
/// changes a few bits at most; another photo changes about half. Pure; no I/O.
public enum PerceptualHash {
  public static func of(_ image: Image) -> UInt64 {
    let size = 32
    let grey = shrink(image, to: size)
    // The 2D DCT-II, rows then columns, of the first 8 frequencies only.
    var cosines = [Double](repeating: 0, count: 8 * size)
    for u in 0..<8 {
      for x in 0..<size { cosines[u * size + x] = cos(Double(2 * x + 1) * Double(u) * .pi / Double(2 * size)) }
    }
    var rows = [Double](repeating: 0, count: size * 8)
    for y in 0..<size {
      for u in 0..<8 {
        var sum = 0.0
        for x in 0..<size { sum += grey[y * size + x] * cosines[u * size + x] }
        rows[y * 8 + u] = sum
      }
    }
    var coefficients = [Double](repeating: 0, count: 64)
    for v in 0..<8 {
      for u in 0..<8 {
        var sum = 0.0
        for y in 0..<size { sum += rows[y * 8 + u] * cosines[v * size + y] }
        coefficients[v * 8 + u] = sum
      }
    }
    // The DC term says only how bright the image is; the median of the others splits the bits.
    let median = coefficients.dropFirst().sorted()[31]
    var hash: UInt64 = 0
    for (index, value) in coefficients.enumerated() where index > 0 && value > median {
      hash |= 1 << UInt64(index)
    }
    return hash
  }

  /// Bits that differ between two hashes.
  public static func distance(_ a: UInt64, _ b: UInt64) -> Int {
    (a ^ b).nonzeroBitCount
  }

  /// Luma averaged over a `size`×`size` grid of equal areas.
  static func shrink(_ image: Image, to size: Int) -> [Double] {
    var out = [Double](repeating: 0, count: size * size)
    for gy in 0..<size {
      let y0 = gy * image.height / size
      let y1 = max(y0 + 1, (gy + 1) * image.height / size)
      for gx in 0..<size {
        let x0 = gx * image.width / size
        let x1 = max(x0 + 1, (gx + 1) * image.width / size)
        var sum = 0
        for y in y0..<y1 {
          for x in x0..<x1 {
            let index = (y * image.width + x) * 3
            sum +=
              299 * Int(image.pixels[index]) + 587 * Int(image.pixels[index + 1]) + 114 * Int(image.pixels[index + 2])
          }
        }
        out[gy * size + gx] = Double(sum) / Double(1000 * (y1 - y0) * (x1 - x0))
      }
    }
    return out
  }
}

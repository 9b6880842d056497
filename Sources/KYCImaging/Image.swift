/// A decoded RGB image: 3 bytes a pixel, row after row.
public struct Image: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public let pixels: [UInt8]

  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(pixels.count == width * height * 3)
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// The image as a camera meant it to be seen, for an EXIF orientation (1–8).
  public func oriented(_ orientation: Int) -> Image {
    // Orientations 5–8 swap the axes. For each output pixel, find its source pixel.
    let swapsAxes = (5...8).contains(orientation)
    let outWidth = swapsAxes ? height : width
    let outHeight = swapsAxes ? width : height
    guard (2...8).contains(orientation) else { return self }
    var out = [UInt8](repeating: 0, count: pixels.count)
    out.withUnsafeMutableBufferPointer { target in
      pixels.withUnsafeBufferPointer { source in
        for y in 0..<outHeight {
          for x in 0..<outWidth {
            let (sx, sy): (Int, Int)
            switch orientation {
            case 2: (sx, sy) = (width - 1 - x, y)
            case 3: (sx, sy) = (width - 1 - x, height - 1 - y)
            case 4: (sx, sy) = (x, height - 1 - y)
            case 5: (sx, sy) = (y, x)
            case 6: (sx, sy) = (y, height - 1 - x)
            case 7: (sx, sy) = (width - 1 - y, height - 1 - x)
            default: (sx, sy) = (width - 1 - y, x)
            }
            let from = (sy * width + sx) * 3
            let to = (y * outWidth + x) * 3
            target[to] = source[from]
            target[to + 1] = source[from + 1]
            target[to + 2] = source[from + 2]
          }
        }
      }
    }
    return Image(width: outWidth, height: outHeight, pixels: out)
  }

  /// A rectangle of the image, clipped to its bounds.
  public func cropped(left: Int, top: Int, width cropWidth: Int, height cropHeight: Int) -> Image {
    let x0 = max(0, min(width, left))
    let y0 = max(0, min(height, top))
    let x1 = max(x0, min(width, left + cropWidth))
    let y1 = max(y0, min(height, top + cropHeight))
    var out = [UInt8]()
    out.reserveCapacity((x1 - x0) * (y1 - y0) * 3)
    for y in y0..<y1 {
      out.append(contentsOf: pixels[(y * width + x0) * 3..<(y * width + x1) * 3])
    }
    return Image(width: x1 - x0, height: y1 - y0, pixels: out)
  }
}

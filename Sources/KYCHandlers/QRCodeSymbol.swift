/// A QR code's modules, dark or light, row by row, and their SVG drawing: pure, so the
/// rendering is testable without the encoder (`QRCodeEncoder`, on libqrencode).
public struct QRCodeSymbol: Sendable, Equatable {
  /// Modules per side.
  public let size: Int
  /// `size * size` modules, row after row; `true` is dark.
  public let modules: [Bool]
  /// Light modules around the symbol, as the standard asks (4).
  public static let quietZone = 4

  public init(size: Int, modules: [Bool]) {
    precondition(modules.count == size * size, "a QR code symbol has size × size modules")
    self.size = size
    self.modules = modules
  }

  public func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }

  /// A standalone SVG: one unit per module, the quiet zone included, dark modules as one path of
  /// horizontal runs. It scales to any size (`width: 100%` in a page), crisp edges kept.
  public var svg: String {
    let side = size + 2 * Self.quietZone
    var path = ""
    for row in 0..<size {
      var column = 0
      while column < size {
        guard isDark(row: row, column: column) else {
          column += 1
          continue
        }
        let start = column
        while column < size && isDark(row: row, column: column) { column += 1 }
        path += "M\(start + Self.quietZone) \(row + Self.quietZone)h\(column - start)v1h-\(column - start)z"
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" "
      + "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code of the capture link\">"
      + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
  }
}

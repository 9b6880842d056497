import CJPEG

/// Decodes uploaded JPEGs safely: the header is checked before any pixel is decoded, large
/// photos decode straight to a working size with libjpeg's DCT scaling, and the EXIF
/// orientation is applied so the pixels stand upright.
public struct JPEGDecoder: Sendable {
  public struct Limits: Sendable, Equatable {
    public var maxPixels: Int
    public var minSide: Int
    public var maxScans: Int
    /// libjpeg's working memory (coefficient buffers of progressive files live there).
    public var maxMemory: Int
    /// APPn and COM segments together; a phone's EXIF with its thumbnail stays under 64 KiB.
    public var maxMetadataBytes: Int
    /// How many times longer than wide (or the reverse) an image may be.
    public var maxAspectRatio: Int

    public init(
      maxPixels: Int = 40_000_000, minSide: Int = 100, maxScans: Int = 32, maxMemory: Int = 256 << 20,
      maxMetadataBytes: Int = 1 << 20, maxAspectRatio: Int = 8
    ) {
      self.maxAspectRatio = maxAspectRatio
      self.maxPixels = maxPixels
      self.minSide = minSide
      self.maxScans = maxScans
      self.maxMemory = maxMemory
      self.maxMetadataBytes = maxMetadataBytes
    }
  }

  public struct Header: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var progressive: Bool
  }

  public let limits: Limits

  public init(limits: Limits = Limits()) {
    self.limits = limits
  }

  public static func isJPEG(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
  }

  public func header(_ bytes: [UInt8]) throws(ImageError) -> Header {
    try header(bytes, segments: JPEGSegments(bytes))
  }

  func header(_ bytes: [UInt8], segments: JPEGSegments) throws(ImageError) -> Header {
    guard Self.isJPEG(bytes) else { throw .unsupportedFormat }
    guard segments.metadataBytes <= limits.maxMetadataBytes else { throw .oversizedMetadata }
    var header = kyc_jpeg_header()
    var message = [CChar](repeating: 0, count: 200)
    let status = bytes.withUnsafeBufferPointer {
      kyc_jpeg_read_header($0.baseAddress, $0.count, &header, &message, message.count)
    }
    guard status == 0 else { throw .corrupt(Self.text(message)) }
    // 4 CMYK and 5 YCCK: print-shop files, not photos of a person.
    guard header.color_space != 4, header.color_space != 5 else { throw .unsupportedFormat }
    let width = Int(header.width)
    let height = Int(header.height)
    guard width * height <= limits.maxPixels else { throw .tooManyPixels(width: width, height: height) }
    guard min(width, height) >= limits.minSide else { throw .tooSmall(width: width, height: height) }
    // No photo of a face or a page is a sliver; the searches that turn and upsample an image
    // would make one of a few kilobytes cost gigabytes.
    guard max(width, height) <= limits.maxAspectRatio * min(width, height) else {
      throw .extremeAspectRatio(width: width, height: height)
    }
    return Header(width: width, height: height, progressive: header.progressive != 0)
  }

  /// The upright image, scaled by a power of two so its long side stays at least
  /// `minLongSide` (or at full size when smaller).
  public func decode(_ bytes: [UInt8], minLongSide: Int = 800) throws(ImageError) -> Image {
    let segments = JPEGSegments(bytes)
    let header = try header(bytes, segments: segments)
    var denominator = 1
    while denominator < 8, max(header.width, header.height) / (denominator * 2) >= minLongSide { denominator *= 2 }
    var decoded = kyc_jpeg_image()
    var message = [CChar](repeating: 0, count: 200)
    let status = bytes.withUnsafeBufferPointer {
      kyc_jpeg_decode_rgb(
        $0.baseAddress, $0.count, Int32(denominator), Int32(limits.maxScans), limits.maxMemory, &decoded, &message,
        message.count)
    }
    defer { kyc_jpeg_free(&decoded) }
    guard status == 0, let pixels = decoded.pixels else {
      let text = Self.text(message)
      if text == "too many progressive scans" { throw .tooManyScans }
      if text.hasPrefix("Unsupported color conversion") { throw .unsupportedFormat }
      throw .corrupt(text)
    }
    let count = Int(decoded.width) * Int(decoded.height) * 3
    let image = Image(
      width: Int(decoded.width), height: Int(decoded.height),
      pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    return image.oriented(ExifOrientation.read(bytes, segments: segments))
  }

  static func text(_ message: [CChar]) -> String {
    String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

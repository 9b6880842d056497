import COpenJPEG
import KYCImaging

/// JPEG 2000 (a JP2 file or a bare codestream, as DG2 portraits carry) to RGB on OpenJPEG, from
/// memory. The size is checked from the header before any pixel is decoded.
public struct JPEG2000Decoder: Sendable {
  public let maxPixels: Int

  public init(maxPixels: Int = 4_000_000) { self.maxPixels = maxPixels }

  public static func isJPEG2000(_ bytes: [UInt8]) -> Bool {
    bytes.starts(with: [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20])
      || bytes.starts(with: [0xFF, 0x4F, 0xFF, 0x51])
  }

  /// The bytes the stream reads, and how far it has read.
  final class Source {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
  }

  public func decode(_ bytes: [UInt8]) throws(ImageError) -> Image {
    guard Self.isJPEG2000(bytes) else { throw .unsupportedFormat }
    // Size, tiling and components judged before OpenJPEG allocates for them.
    let declared = try JPEG2000Header(bytes)
    guard min(declared.width, declared.height) >= 32 else {
      throw .tooSmall(width: declared.width, height: declared.height)
    }
    guard declared.width <= maxPixels, declared.height <= maxPixels, declared.width * declared.height <= maxPixels
    else {
      throw .tooManyPixels(width: declared.width, height: declared.height)
    }
    let source = Source(bytes)
    return try withExtendedLifetime(source) { () throws(ImageError) -> Image in
      guard let stream = opj_stream_create(Int(OPJ_J2K_STREAM_CHUNK_SIZE), 1) else { throw .corrupt("no stream") }
      defer { opj_stream_destroy(stream) }
      opj_stream_set_user_data(stream, Unmanaged.passUnretained(source).toOpaque(), nil)
      opj_stream_set_user_data_length(stream, UInt64(bytes.count))
      opj_stream_set_read_function(stream) { buffer, count, user in
        let source = Unmanaged<Source>.fromOpaque(user!).takeUnretainedValue()
        let available = min(count, source.bytes.count - source.offset)
        guard available > 0, let buffer else { return -1 }  // (OPJ_SIZE_T)-1: the end
        source.bytes.withUnsafeBufferPointer { all in
          buffer.copyMemory(from: all.baseAddress! + source.offset, byteCount: available)
        }
        source.offset += available
        return available
      }
      opj_stream_set_skip_function(stream) { count, user in
        let source = Unmanaged<Source>.fromOpaque(user!).takeUnretainedValue()
        let target = max(0, min(source.bytes.count, source.offset + Int(count)))
        defer { source.offset = target }
        return Int64(target - source.offset)
      }
      opj_stream_set_seek_function(stream) { position, user in
        let source = Unmanaged<Source>.fromOpaque(user!).takeUnretainedValue()
        guard position >= 0, position <= source.bytes.count else { return 0 }
        source.offset = Int(position)
        return 1
      }
      let kind = bytes.starts(with: [0xFF, 0x4F]) ? OPJ_CODEC_J2K : OPJ_CODEC_JP2
      guard let codec = opj_create_decompress(kind) else { throw .corrupt("no decoder") }
      defer { opj_destroy_codec(codec) }
      var parameters = opj_dparameters_t()
      opj_set_default_decoder_parameters(&parameters)
      guard opj_setup_decoder(codec, &parameters) != 0 else { throw .corrupt("decoder setup failed") }
      var header: UnsafeMutablePointer<opj_image_t>?
      guard opj_read_header(stream, codec, &header) != 0, let image = header else {
        throw .corrupt("not a readable JPEG 2000 header")
      }
      defer { opj_image_destroy(image) }
      let width = Int(image.pointee.x1) - Int(image.pointee.x0)
      let height = Int(image.pointee.y1) - Int(image.pointee.y0)
      // As the JPEG decoder: no face is found in fewer pixels, and slivers cost the detector most.
      guard min(width, height) >= 32 else { throw .tooSmall(width: width, height: height) }
      guard max(width, height) <= 8 * min(width, height) else {
        throw .extremeAspectRatio(width: width, height: height)
      }
      guard width * height <= maxPixels else { throw .tooManyPixels(width: width, height: height) }
      let components = Int(image.pointee.numcomps)
      guard components == 1 || components >= 3, components == declared.components else { throw .unsupportedFormat }
      guard opj_decode(codec, stream, image) != 0, opj_end_decompress(codec, stream) != 0 else {
        throw .corrupt("the JPEG 2000 data does not decode")
      }
      return try Self.rgb(image.pointee, width: width, height: height)
    }
  }

  /// The first one or three components as 8-bit RGB; subsampled components are refused.
  static func rgb(_ image: opj_image_t, width: Int, height: Int) throws(ImageError) -> Image {
    let used = image.numcomps >= 3 ? [0, 1, 2] : [0, 0, 0]
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for (channel, index) in used.enumerated() {
      let component = image.comps[index]
      guard Int(component.w) == width, Int(component.h) == height, let data = component.data,
        (1...16).contains(component.prec)
      else { throw .unsupportedFormat }
      let shift = Int(component.prec) - 8
      let offset = component.sgnd != 0 ? 1 << (Int(component.prec) - 1) : 0
      for pixel in 0..<width * height {
        let value = Int(data[pixel]) + offset
        let scaled = shift >= 0 ? value >> shift : value << -shift
        pixels[pixel * 3 + channel] = UInt8(clamping: scaled)
      }
    }
    return Image(width: width, height: height, pixels: pixels)
  }
}

import CTesseract
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One Tesseract engine for one language, created once per process (loading a model takes
/// tens of milliseconds) and reused. Tesseract's own diagnostics go to /dev/null: stderr
/// carries the service's JSON log lines only.
public final class OCREngine: TextRecognizer {
  public enum Failure: Error, Sendable, Equatable {
    case cannotLoad(String)
  }

  private let handle: Mutex<OpaquePointer>

  /// `datapath` holds `<language>.traineddata`. `whitelist` limits the characters it may read.
  public init(datapath: String, language: String, whitelist: String? = nil) throws(Failure) {
    guard let api = TessBaseAPICreate() else { throw .cannotLoad("TessBaseAPICreate failed") }
    // Init-time variables: no dictionary look-ups, diagnostics discarded.
    let names = ["load_system_dawg", "load_freq_dawg", "debug_file"]
    let values = ["F", "F", "/dev/null"]
    let status = Self.withCStrings(names) { namePointers in
      Self.withCStrings(values) { valuePointers in
        TessBaseAPIInit4(api, datapath, language, OEM_LSTM_ONLY, nil, 0, namePointers, valuePointers, names.count, 0)
      }
    }
    guard status == 0 else {
      TessBaseAPIDelete(api)
      throw .cannotLoad("no \(language).traineddata in \(datapath)")
    }
    if let whitelist {
      _ = TessBaseAPISetVariable(api, "tessedit_char_whitelist", whitelist)
      // An MRZ prints dark on light: reading each doubtful word again inverted costs time and finds
      // nothing. (Not so for the printed zone, where the second try reads some words better.)
      _ = TessBaseAPISetVariable(api, "tessedit_do_invert", "0")
    }
    handle = Mutex(api)
  }

  deinit {
    handle.withLock { api in
      TessBaseAPIEnd(api)
      TessBaseAPIDelete(api)
    }
  }

  /// The text Tesseract reads in `image` with page segmentation mode `mode` (6: one block,
  /// 3: automatic layout).
  public func read(_ image: GrayImage, mode: Int) -> String {
    handle.withLock { api in
      TessBaseAPISetPageSegMode(api, TessPageSegMode(UInt32(mode)))
      image.pixels.withUnsafeBufferPointer {
        TessBaseAPISetImage(api, $0.baseAddress, Int32(image.width), Int32(image.height), 1, Int32(image.width))
      }
      TessBaseAPISetSourceResolution(api, 300)
      guard let text = TessBaseAPIGetUTF8Text(api) else { return "" }
      defer { TessDeleteText(text) }
      let result = String(cString: text)
      TessBaseAPIClear(api)
      return result
    }
  }

  /// The words Tesseract reads in `image`, with their boxes.
  public func words(_ image: GrayImage, mode: Int) -> [OCRWord] {
    handle.withLock { api in
      TessBaseAPISetPageSegMode(api, TessPageSegMode(UInt32(mode)))
      image.pixels.withUnsafeBufferPointer {
        TessBaseAPISetImage(api, $0.baseAddress, Int32(image.width), Int32(image.height), 1, Int32(image.width))
      }
      TessBaseAPISetSourceResolution(api, 300)
      defer { TessBaseAPIClear(api) }
      guard let text = TessBaseAPIGetTsvText(api, 0) else { return [] }
      defer { TessDeleteText(text) }
      return OCRWord.words(tsv: String(cString: text))
    }
  }

  static func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R)
    -> R
  {
    let duplicated = strings.map { strdup($0) }
    defer { duplicated.forEach { free($0) } }
    var pointers = duplicated
    return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
  }
}

import CivilTime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `checkCaptureFrame`'s request (an addition): a small camera frame as base64 JPEG, and what it
/// should show.
public struct CaptureFrameRequest: RequestBody, Equatable {
  /// Largest frame, decoded: a 640 px JPEG of a page or a face stays far below it.
  public static let maxImageBytes = 40 * 1024
  public static let fieldNames: Set<String> = ["kind", "image"]
  public var kind: CaptureFrameKind
  public var image: String

  public init(kind: CaptureFrameKind, image: String) {
    self.kind = kind
    self.image = image
  }

  /// The JPEG's bytes.
  public var bytes: [UInt8] { Data(base64Encoded: image).map(Array.init) ?? [] }

  public func validate(today: CalendarDate) throws(ValidationError) {
    guard let data = Data(base64Encoded: image), !data.isEmpty else {
      throw .invalid("'image' must be a base64 JPEG")
    }
    guard data.count <= Self.maxImageBytes else {
      throw .invalid("'image' must be at most \(Self.maxImageBytes) bytes: send a frame about 640 px wide")
    }
  }
}

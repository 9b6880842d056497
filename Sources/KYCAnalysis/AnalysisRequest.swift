import CivilTime
import KYCJSON
import KYCModel
import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What an upload function asks of its analysis worker: one `ImageAnalysis` call. On the wire the
/// header says what is asked and which attachments follow; the images are the attachments, in
/// the order image, back, avatar.
public enum AnalysisRequest: Sendable {
  case avatar([UInt8], today: CalendarDate)
  case passport([UInt8], back: [UInt8]?, avatar: AvatarImage?, today: CalendarDate)

  struct Header: Codable, Equatable {
    enum Kind: String, Codable { case avatar, passport }
    var kind: Kind
    /// `YYYY-MM-DD`.
    var today: String
    var back = false
    var avatar = false
    var avatarFace: FaceRegion?
  }

  public func frame() throws(AnalysisError) -> AnalysisFrame {
    let header: Header
    var attachments: [[UInt8]]
    switch self {
    case .avatar(let image, let today):
      header = Header(kind: .avatar, today: today.description)
      attachments = [image]
    case .passport(let image, let back, let avatar, let today):
      header = Header(
        kind: .passport, today: today.description, back: back != nil, avatar: avatar != nil, avatarFace: avatar?.face)
      attachments = [image]
      if let back { attachments.append(back) }
      if let avatar { attachments.append(avatar.bytes) }
    }
    do {
      return AnalysisFrame(header: Array(try JSONCoding.encoder().encode(header)), attachments: attachments)
    } catch {
      throw .unavailable("the analysis request could not be encoded")
    }
  }

  /// The request a frame carries; a frame that does not describe one is refused.
  public init(frame: AnalysisFrame) throws(AnalysisFrame.FrameError) {
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(frame.header))
    } catch {
      throw .malformed("the request header is not a request")
    }
    guard let today = CalendarDate(header.today) else { throw .malformed("the request's date is not a date") }
    let expected =
      1 + (header.kind == .passport && header.back ? 1 : 0) + (header.kind == .passport && header.avatar ? 1 : 0)
    guard frame.attachments.count == expected else {
      throw .malformed("\(frame.attachments.count) attachments where \(expected) were announced")
    }
    var images = frame.attachments.makeIterator()
    let image = images.next()!
    switch header.kind {
    case .avatar:
      self = .avatar(image, today: today)
    case .passport:
      let back = header.back ? images.next() : nil
      let avatar = header.avatar ? images.next().map { AvatarImage(bytes: $0, face: header.avatarFace) } : nil
      self = .passport(image, back: back, avatar: avatar, today: today)
    }
  }
}

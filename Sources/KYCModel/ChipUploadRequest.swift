import CivilTime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The body of `verifyChip` (an addition to the LE-KO spec): what an app read from the chip, each
/// file as base64 with its tag (EF.SOD `77`, DG1 `61`, …), and the chip's Active Authentication
/// signature over the server's nonce. Each file has its own size bound, checked once decoded.
public struct ChipUploadRequest: RequestBody, Equatable {
  /// Field name to its bound in decoded bytes.
  public static let limits: [String: Int] = [
    "sod": 32 * 1024, "dg1": 256, "dg2": 160 * 1024, "dg11": 4 * 1024, "dg12": 4 * 1024, "dg14": 16 * 1024,
    "dg15": 4 * 1024, "cardSecurity": 16 * 1024, "activeAuthenticationSignature": 1024,
  ]
  /// The largest body: every file at its bound, as base64, and 4 KiB for the JSON around them
  /// (328,044 bytes). Smaller, a chip within every bound could be refused for its body's size.
  public static let maxBodyBytes = limits.values.reduce(0) { $0 + base64Length($1) } + 4 * 1024

  /// The length of `bytes` bytes as padded base64.
  static func base64Length(_ bytes: Int) -> Int { (bytes + 2) / 3 * 4 }
  public static let fieldNames = Set(limits.keys)

  public var sod: String
  public var dg1: String
  public var dg2: String
  public var dg11: String?
  public var dg12: String?
  public var dg14: String?
  public var dg15: String?
  public var cardSecurity: String?
  public var activeAuthenticationSignature: String?

  public init(sod: String, dg1: String, dg2: String) {
    self.sod = sod
    self.dg1 = dg1
    self.dg2 = dg2
  }

  public func validate(today: CalendarDate) throws(ValidationError) {
    for (name, value) in fields { _ = try Self.decoded(name, value) }
  }

  var fields: [(String, String)] {
    [
      ("sod", sod), ("dg1", dg1), ("dg2", dg2), ("dg11", dg11), ("dg12", dg12), ("dg14", dg14), ("dg15", dg15),
      ("cardSecurity", cardSecurity), ("activeAuthenticationSignature", activeAuthenticationSignature),
    ].compactMap { name, value in value.map { (name, $0) } }
  }

  static func decoded(_ name: String, _ value: String) throws(ValidationError) -> [UInt8] {
    let limit = limits[name] ?? 0
    guard value.utf8.count <= base64Length(limit) else {
      throw .invalid("field '\(name)' must be at most \(limit) bytes")
    }
    guard let data = Data(base64Encoded: value), !data.isEmpty else {
      throw .invalid("field '\(name)' must be non-empty base64")
    }
    // The text bound above lets up to two bytes more through.
    guard data.count <= limit else { throw .invalid("field '\(name)' must be at most \(limit) bytes") }
    return Array(data)
  }

  /// The decoded files (validated already, so decoding succeeds).
  public var sodBytes: [UInt8] { (try? Self.decoded("sod", sod)) ?? [] }
  public var signatureBytes: [UInt8]? {
    activeAuthenticationSignature.flatMap { try? Self.decoded("activeAuthenticationSignature", $0) }
  }
  public var cardSecurityBytes: [UInt8]? { cardSecurity.flatMap { try? Self.decoded("cardSecurity", $0) } }
  /// The data groups sent, by number.
  public var dataGroups: [Int: [UInt8]] {
    var out: [Int: [UInt8]] = [:]
    for (number, value) in [(1, dg1), (2, dg2), (11, dg11), (12, dg12), (14, dg14), (15, dg15)] {
      if let value, let bytes = try? Self.decoded("dg\(number)", value) { out[number] = bytes }
    }
    return out
  }
}

import ChipVerification

/// `KYC_CSCA_TRUST`: comma-separated sources of trusted CSCAs, each a file path or an
/// `s3://bucket/key` object. A source is a DER or PEM certificate file (PEM may hold many), or a
/// CSCA master list and its signer's root as `<list>|<root>`: the list's own signature must chain
/// to that root. Empty: no CSCA is trusted, and every chip answers `unknown_issuer`.
public struct ChipTrustSources: Sendable, Equatable {
  public var certificates: [String]
  public var masterLists: [(list: String, root: String)] { lists.map { ($0[0], $0[1]) } }
  var lists: [[String]]

  public init(_ setting: String) throws(TrustStoreError) {
    certificates = []
    lists = []
    for entry in setting.split(separator: ",").map({ $0.trimmingSpaces }) where !entry.isEmpty {
      let parts = entry.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
      switch parts.count {
      case 1: certificates.append(parts[0])
      case 2 where !parts[0].isEmpty && !parts[1].isEmpty: lists.append(parts)
      default: throw .malformed(path: "KYC_CSCA_TRUST", reason: "a master list is written <list>|<root>")
      }
    }
  }

  /// The trust store, with `read` fetching each source (a file, or an object of S3; nil when it
  /// cannot be read).
  public func load(read: (String) -> [UInt8]?) throws(TrustStoreError) -> TrustStore {
    func fetch(_ source: String) throws(TrustStoreError) -> [UInt8] {
      guard let bytes = read(source) else { throw .unreadable(path: source) }
      return bytes
    }
    var trusted: [Certificate] = []
    for source in certificates { trusted += try TrustStore.certificates(in: try fetch(source), path: source) }
    for (list, root) in masterLists {
      let roots = try TrustStore.certificates(in: try fetch(root), path: root)
      trusted += try TrustStore.masterList(try fetch(list), roots: roots, path: list)
    }
    return TrustStore(certificates: trusted)
  }

  public static func == (left: ChipTrustSources, right: ChipTrustSources) -> Bool {
    left.certificates == right.certificates && left.lists == right.lists
  }
}

extension Substring {
  fileprivate var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}

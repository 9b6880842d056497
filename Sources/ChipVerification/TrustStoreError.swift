/// Why CSCA certificates could not be loaded into a trust store.
public enum TrustStoreError: Error, Equatable, Sendable {
  case unreadable(path: String)
  case malformed(path: String, reason: String)
  /// The master list's own CMS signature does not verify, or its signer was not issued by the
  /// root configured for it.
  case masterListNotTrusted(path: String)
}

/// Why the image store could not serve a request. Messages name no key: a client may have named
/// one after a person. What went wrong in detail (an S3 error code) goes to the log.
public enum ImageStoreError: Error, Sendable, Equatable {
  /// The key is not one a client may name (`FileKey`).
  case invalidKey(String)
  case notFound
  case tooLarge(limit: Int)
  /// The object is no longer the one analysed: it was replaced after its check.
  case changed
  /// Storage is not configured, not accessible or failing; ours to fix.
  case unavailable(String)

  public var message: String {
    switch self {
    case .invalidKey(let message), .unavailable(let message): message
    case .notFound: "file not found"
    case .tooLarge(let limit): "file is larger than \(limit) bytes"
    case .changed: "the image was replaced after it was checked"
    }
  }
}

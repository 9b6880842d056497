import KYCConfiguration
import KYCLogging
import KYCModel
import KYCRules
import S3Client

/// Where uploaded images are read from. A client names an object by key only: the bucket
/// and the host are the service's own, never the client's.
///
/// The bucket is versioned, so an image is evidence that cannot change: each analysed object's
/// version is recorded beside its ETag, and every later read names it — the avatar at the
/// passport step, the admin's links, the check before an approval.
public protocol ImageStore: Sendable {
  /// The object with its ETag and version. With `pin`, that version as analysed (with its ETag):
  /// one that is gone or another is refused, never used.
  func fetch(fileKey: String, pin: ImagePin?, logger: Logger) throws(ImageStoreError) -> StoredImage
  /// A presigned GET URL valid `expires` seconds for the version `pin` names: `.gone` when that
  /// version is not there; `.changed` (with the link to the analysed version, when it is still
  /// there) when the key now holds another object.
  func presignedURL(fileKey: String, pin: ImagePin, expires: Int, logger: Logger) throws(ImageStoreError)
    -> ImageLinkResult
  /// A presigned POST for one new object at `fileKey`: a JPEG of at most `maxBytes`.
  func uploadSlot(fileKey: String, expires: Int) throws(ImageStoreError) -> (url: String, fields: [(String, String)])
  /// Deletes the object; one already gone is not an error.
  func delete(fileKey: String, logger: Logger) throws(ImageStoreError)
  /// Deletes every object under `prefix`, every version of it: a verification's images, of every
  /// attempt and slot, so no earlier version outlives an erasure.
  func deleteAll(under prefix: String, logger: Logger) throws(ImageStoreError)
}

/// An image as fetched: its bytes and what pins it.
public struct StoredImage: Sendable {
  public var bytes: [UInt8]
  public var pin: ImagePin

  public init(bytes: [UInt8], pin: ImagePin) {
    self.bytes = bytes
    self.pin = pin
  }
}

public enum ImageLinkResult: Sendable, Equatable {
  case url(String)
  case gone
  /// The key holds another object than the one analysed; the link is to the analysed version
  /// when the bucket still has it.
  case changed(String?)
}

/// Images in the configured S3 bucket.
public struct S3ImageStore: ImageStore {
  let client: S3Client?
  let bucket: String
  let maxBytes: Int

  public init(client: S3Client?, bucket: String, maxBytes: Int) {
    self.client = client
    self.bucket = bucket
    self.maxBytes = maxBytes
  }

  public init(configuration: Configuration, environment: [String: String]) {
    let s3 = S3Client.Configuration(
      environment: environment, region: configuration.region, endpoint: configuration.s3Endpoint)
    self.init(
      client: s3.map { S3Client(configuration: $0) }, bucket: configuration.bucket,
      maxBytes: configuration.maxImageBytes)
  }

  public func fetch(fileKey: String, pin: ImagePin?, logger: Logger) throws(ImageStoreError) -> StoredImage {
    do {
      try FileKey.validate(fileKey)
    } catch {
      throw .invalidKey(error.message)
    }
    let client = try configured(logger)
    do {
      let found = try client.getObject(
        bucket: bucket, key: fileKey, maxBytes: maxBytes, ifMatch: pin?.etag, versionId: pin?.versionId)
      logger.info("image fetched", ["bytes": .number(Double(found.bytes.count))])
      return StoredImage(bytes: found.bytes, pin: ImagePin(etag: found.etag, versionId: found.versionId))
    } catch {
      throw Self.refusal(error, logger: logger)
    }
  }

  public func presignedURL(fileKey: String, pin: ImagePin, expires: Int, logger: Logger) throws(ImageStoreError)
    -> ImageLinkResult
  {
    let client = try configured(logger)
    let link = { client.presignedGetURL(bucket: bucket, key: fileKey, expires: expires, versionId: pin.versionId) }
    do {
      // The analysed version first: is the evidence still there, as analysed?
      let analysed = try client.headObject(bucket: bucket, key: fileKey, versionId: pin.versionId)
      if let etag = pin.etag, analysed.etag != etag { return .changed(nil) }
      guard let versionId = pin.versionId else { return .url(link()) }
      // Then the key: one written again since is shown as replaced after its check.
      let current = try? client.headObject(bucket: bucket, key: fileKey)
      return current?.versionId == versionId ? .url(link()) : .changed(link())
    } catch .noSuchKey {
      return .gone
    } catch {
      throw Self.refusal(error, logger: logger)
    }
  }

  public func uploadSlot(fileKey: String, expires: Int) throws(ImageStoreError) -> (
    url: String, fields: [(String, String)]
  ) {
    guard let client else { throw .unavailable("image storage is not configured") }
    return client.presignedPost(
      bucket: bucket, key: fileKey, contentType: "image/jpeg", maxBytes: maxBytes, expires: expires)
  }

  public func delete(fileKey: String, logger: Logger) throws(ImageStoreError) {
    let client = try configured(logger)
    do {
      try client.deleteObject(bucket: bucket, key: fileKey)
    } catch .noSuchKey {
      return
    } catch {
      throw Self.refusal(error, logger: logger)
    }
  }

  public func deleteAll(under prefix: String, logger: Logger) throws(ImageStoreError) {
    let client = try configured(logger)
    do {
      for version in try client.listVersions(bucket: bucket, prefix: prefix) {
        try client.deleteObject(bucket: bucket, key: version.key, versionId: version.versionId)
      }
    } catch {
      throw Self.refusal(error, logger: logger)
    }
  }

  func configured(_ logger: Logger) throws(ImageStoreError) -> S3Client {
    guard let client else {
      logger.error("image storage has no credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
      throw .unavailable("image storage is not configured")
    }
    return client
  }

  /// An S3 failure as the store's: the client's (missing, too large, replaced) or ours, logged
  /// with the S3 error code but never the key, which a client may have named after a person.
  static func refusal(_ error: S3Error, logger: Logger) -> ImageStoreError {
    switch error {
    case .noSuchKey:
      return .notFound
    case .tooLarge(let limit):
      return .tooLarge(limit: limit)
    case .changed:
      return .changed
    case .accessDenied(let code):
      logger.error("image storage refused access", ["s3Code": .string(code)])
      return .unavailable("image storage is not accessible")
    case .noSuchBucket:
      logger.error("image bucket does not exist")
      return .unavailable("image storage is misconfigured")
    case .unavailable(let reason):
      logger.error("image storage unavailable", ["reason": .string(reason)])
      return .unavailable("image storage is unavailable; try again")
    case .failed(let status, let code):
      logger.error("image storage error", ["httpStatus": .number(Double(status)), "s3Code": .string(code)])
      return .unavailable("image storage error")
    }
  }
}

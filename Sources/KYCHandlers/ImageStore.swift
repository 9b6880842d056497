import KYCModel
import KYCRuntime
import S3Client

/// Where uploaded images are read from. A client names an object by key only: the bucket
/// and the host are the service's own, never the client's.
public protocol ImageStore: Sendable {
  /// The object and its ETag. With `etag`, only the object as it was when that ETag was
  /// recorded: one replaced since is a 409, never used.
  func fetch(fileKey: String, etag: String?, logger: Logger) throws(APIError) -> StoredImage
  /// A presigned GET URL valid `expires` seconds; `.gone` when the object is not there, and
  /// `.changed` when it is no longer the one with `etag`.
  func presignedURL(fileKey: String, etag: String?, expires: Int, logger: Logger) throws(APIError) -> ImageLinkResult
  /// A presigned POST for one new object at `fileKey`: a JPEG of at most `maxBytes`.
  func uploadSlot(fileKey: String, expires: Int) throws(APIError) -> (url: String, fields: [(String, String)])
  /// Deletes the object; one already gone is not an error.
  func delete(fileKey: String, logger: Logger) throws(APIError)
  /// Deletes every object under `prefix`: a verification's images, of every attempt and slot.
  func deleteAll(under prefix: String, logger: Logger) throws(APIError)
}

/// An image as fetched: its bytes and the ETag that pins it.
public struct StoredImage: Sendable {
  public var bytes: [UInt8]
  public var etag: String?

  public init(bytes: [UInt8], etag: String?) {
    self.bytes = bytes
    self.etag = etag
  }
}

public enum ImageLinkResult: Sendable, Equatable {
  case url(String)
  case gone
  case changed
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

  public func fetch(fileKey: String, etag: String?, logger: Logger) throws(APIError) -> StoredImage {
    try validated { () throws(ValidationError) in try FileKey.validate(fileKey) }
    let client = try configured(logger)
    do {
      let (bytes, found) = try client.getObject(bucket: bucket, key: fileKey, maxBytes: maxBytes, ifMatch: etag)
      logger.info("image fetched", ["bytes": .number(Double(bytes.count))])
      return StoredImage(bytes: bytes, etag: found)
    } catch {
      throw Self.apiError(error, logger: logger)
    }
  }

  public func presignedURL(fileKey: String, etag: String?, expires: Int, logger: Logger) throws(APIError)
    -> ImageLinkResult
  {
    let client = try configured(logger)
    do {
      let info = try client.headObject(bucket: bucket, key: fileKey)
      if let etag, info.etag != etag { return .changed }
    } catch .noSuchKey {
      return .gone
    } catch {
      throw Self.apiError(error, logger: logger)
    }
    return .url(client.presignedGetURL(bucket: bucket, key: fileKey, expires: expires))
  }

  public func uploadSlot(fileKey: String, expires: Int) throws(APIError) -> (url: String, fields: [(String, String)]) {
    guard let client else { throw .internal("image storage is not configured") }
    return client.presignedPost(
      bucket: bucket, key: fileKey, contentType: "image/jpeg", maxBytes: maxBytes, expires: expires)
  }

  public func delete(fileKey: String, logger: Logger) throws(APIError) {
    let client = try configured(logger)
    do {
      try client.deleteObject(bucket: bucket, key: fileKey)
    } catch .noSuchKey {
      return
    } catch {
      throw Self.apiError(error, logger: logger)
    }
  }

  public func deleteAll(under prefix: String, logger: Logger) throws(APIError) {
    let client = try configured(logger)
    let keys: [String]
    do {
      keys = try client.listKeys(bucket: bucket, prefix: prefix)
    } catch {
      throw Self.apiError(error, logger: logger)
    }
    for key in keys { try delete(fileKey: key, logger: logger) }
  }

  func configured(_ logger: Logger) throws(APIError) -> S3Client {
    guard let client else {
      logger.error("image storage has no credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
      throw .internal("image storage is not configured")
    }
    return client
  }

  /// A missing or oversized file is the client's to fix (400); anything else is ours (500),
  /// logged with the S3 error code but never the key, which a client may have named after a person.
  static func apiError(_ error: S3Error, logger: Logger) -> APIError {
    switch error {
    case .noSuchKey:
      return .validation("file not found")
    case .tooLarge(let limit):
      return .validation("file is larger than \(limit) bytes")
    case .changed:
      return .conflict("the image was replaced after it was checked")
    case .accessDenied(let code):
      logger.error("image storage refused access", ["s3Code": .string(code)])
      return .internal("image storage is not accessible")
    case .noSuchBucket:
      logger.error("image bucket does not exist")
      return .internal("image storage is misconfigured")
    case .unavailable(let reason):
      logger.error("image storage unavailable", ["reason": .string(reason)])
      return .internal("image storage is unavailable; try again")
    case .failed(let status, let code):
      logger.error("image storage error", ["httpStatus": .number(Double(status)), "s3Code": .string(code)])
      return .internal("image storage error")
    }
  }
}

import KYCModel
import KYCRuntime
import S3Client

/// Where uploaded images are read from. A client names an object by key only: the bucket
/// and the host are the service's own, never the client's.
public protocol ImageStore: Sendable {
  func fetch(fileKey: String, logger: Logger) throws(APIError) -> [UInt8]
  /// A presigned GET URL valid `expires` seconds, or `nil` when the object is gone.
  func presignedURL(fileKey: String, expires: Int, logger: Logger) throws(APIError) -> String?
  /// Deletes the object; one already gone is not an error.
  func delete(fileKey: String, logger: Logger) throws(APIError)
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

  public func fetch(fileKey: String, logger: Logger) throws(APIError) -> [UInt8] {
    try FileKey.validate(fileKey)
    guard let client else {
      logger.error("image storage has no credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
      throw .internal("image storage is not configured")
    }
    do {
      let bytes = try client.getObject(bucket: bucket, key: fileKey, maxBytes: maxBytes)
      logger.info("image fetched", ["bytes": .number(Double(bytes.count))])
      return bytes
    } catch {
      throw Self.apiError(error, logger: logger)
    }
  }

  public func presignedURL(fileKey: String, expires: Int, logger: Logger) throws(APIError) -> String? {
    guard let client else {
      logger.error("image storage has no credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
      throw .internal("image storage is not configured")
    }
    do {
      _ = try client.headObject(bucket: bucket, key: fileKey)
    } catch .noSuchKey {
      return nil
    } catch {
      throw Self.apiError(error, logger: logger)
    }
    return client.presignedGetURL(bucket: bucket, key: fileKey, expires: expires)
  }

  public func delete(fileKey: String, logger: Logger) throws(APIError) {
    guard let client else {
      logger.error("image storage has no credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
      throw .internal("image storage is not configured")
    }
    do {
      try client.deleteObject(bucket: bucket, key: fileKey)
    } catch .noSuchKey {
      return
    } catch {
      throw Self.apiError(error, logger: logger)
    }
  }

  /// A missing or oversized file is the client's to fix (400); anything else is ours (500),
  /// logged with the S3 error code but never the key, which a client may have named after a person.
  static func apiError(_ error: S3Error, logger: Logger) -> APIError {
    switch error {
    case .noSuchKey:
      return .validation("file not found")
    case .tooLarge(let limit):
      return .validation("file is larger than \(limit) bytes")
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

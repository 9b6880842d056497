import CivilTime
import KYCConfiguration
import KYCLogging
import KYCModel
import KYCRules
import KYCRuntime
import S3Client

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// `POST /verifications/{verificationId}/chip` (an addition to the LE-KO spec): what the coach's
/// app read from the document's chip, checked (`ChipInspection`) and recorded as the
/// verification's `chipVerification`, with risk signals for what contradicts the page, the
/// selfie or the signatures. The status does not change: the admin decides, with it in view.
/// An Active Authentication signature needs the nonce of `createChipNonce`, which any check uses up.
public enum VerifyChip: Operation {
  public static let operationId = "verifyChip"
  public static let routeKey = "POST /verifications/{verificationId}/chip"

  public static func handle(_ request: Request, services: Services) throws -> FunctionResponse {
    let id = try request.pathId()
    let body = try request.body(ChipUploadRequest.self, today: services.today, maxBytes: ChipUploadRequest.maxBodyBytes)
    guard let inspection = services.chipInspection else { throw APIError.internal("the chip check is not set up") }
    let record = try services.readableRecord(id, caller: request.caller)
    try request.caller.checkCanChange(record.coachId)
    let maxAttempts = services.configuration.maxAttempts
    try ChipAccess.checkSubmission(record, maxAttempts: maxAttempts)
    let now = services.clock()
    let seconds = Int(now.timeIntervalSince1970)
    var challenge: [UInt8]?
    if body.activeAuthenticationSignature != nil {
      guard let live = ChipAccess.liveChallenge(record, now: seconds), let nonce = Data(base64Encoded: live.nonce)
      else {
        throw APIError.conflict(
          "an Active Authentication signature needs a nonce from createChipNonce, used once and soon")
      }
      challenge = Array(nonce)
    }
    let page = record.verification.passportVerification.flatMap { $0.ocrSuccess ? $0.passportData : nil }
    let selfie = verifiedSelfie(record, services: services, logger: request.logger)
    let result = try inspection.inspect(
      body, page: page, selfie: selfie, challenge: challenge, time: seconds, checkedAt: Timestamp.string(from: now),
      today: services.today)
    let saved = try services.save(ChipAccess.record(record, result: result), from: record, by: request.caller.actor)
    request.logger.info(
      "chip checked",
      [
        "verificationId": .string(id), "passiveAuthentication": .string(result.passiveAuthentication.rawValue),
        "reason": .string(result.failureReason?.rawValue ?? "none"), "mrz": .string(result.mrzComparison.rawValue),
        "portrait": .string(result.portraitMatch.rawValue),
        "activeAuthentication": .string(result.activeAuthentication.rawValue),
      ])
    return .json(200, request.caller.view(saved))
  }

  /// The selfie as analysed (by its version, as the passport step reads it); nil when there is
  /// none or it is gone: the portrait is then not compared, and the chip still checked.
  static func verifiedSelfie(_ record: VerificationRecord, services: Services, logger: Logger) -> AvatarImage? {
    guard let key = record.avatarFileKey else { return nil }
    do {
      let image = try services.images.fetch(fileKey: key, pin: record.avatarPin, logger: logger)
      return AvatarImage(bytes: image.bytes, face: record.avatarFace)
    } catch {
      logger.warning("selfie unavailable for the portrait's comparison", ["status": .number(Double(error.status))])
      return nil
    }
  }

  /// The function's entry point, with its chip check built once: `inspection` gets the
  /// configuration and a reader of `KYC_CSCA_TRUST`'s sources (files, or `s3://` objects).
  public static func main(
    inspection:
      @escaping (Configuration, _ read: (String) -> [UInt8]?) throws(ConfigurationError)
      -> any ChipInspection
  ) -> Never {
    let environment = ProcessInfo.processInfo.environment
    FunctionRuntime.run(function: operationId, environment: environment) {
      () throws(ConfigurationError) -> any FunctionHandler in
      var services = try Services.live(environment: environment, function: operationId)
      let configuration = services.configuration
      let s3 = S3Client.Configuration(
        environment: environment, region: configuration.region, endpoint: configuration.s3Endpoint
      ).map { S3Client(configuration: $0) }
      let read = { (source: String) -> [UInt8]? in trustSource(source, s3: s3) }
      services.chipInspection = try inspection(configuration, read)
      return handler(services: services)
    }
  }

  /// A trust source's bytes: an `s3://bucket/key` object or a file, at most 16 MiB (the German
  /// master list is under 1 MiB); nil when it cannot be read.
  static func trustSource(_ source: String, s3: S3Client?) -> [UInt8]? {
    let limit = 16 << 20
    if source.hasPrefix("s3://") {
      let path = source.dropFirst(5)
      guard let slash = path.firstIndex(of: "/"), let s3 else { return nil }
      return try? s3.getObject(
        bucket: String(path[..<slash]), key: String(path[path.index(after: slash)...]), maxBytes: limit)
    }
    guard let file = fopen(source, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = fread(&chunk, 1, chunk.count, file)
      if count == 0 { break }
      bytes += chunk.prefix(count)
      if bytes.count > limit { return nil }
    }
    return ferror(file) == 0 ? bytes : nil
  }
}

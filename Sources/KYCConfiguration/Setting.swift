/// Every environment variable the functions read, and where a deployment supplies it. The one
/// list: `FunctionSettings` says which function reads which, `kyc-local settings` prints it,
/// and `test_template.py` holds `template.yaml` to it.
public enum Setting: String, CaseIterable, Sendable, Codable {
  case store = "KYC_STORE"
  case bucket = "KYC_BUCKET"
  case region = "AWS_REGION"
  case adminGroup = "KYC_ADMIN_GROUP"
  case maxAttempts = "KYC_MAX_ATTEMPTS"
  case matchThreshold = "KYC_MATCH_THRESHOLD"
  case maxImageBytes = "KYC_MAX_IMAGE_BYTES"
  case maxImagePixels = "KYC_MAX_IMAGE_PIXELS"
  case modelsDirectory = "KYC_MODELS_DIR"
  case signalKey = "KYC_SIGNAL_KEY"
  case minimumAge = "KYC_MIN_AGE"
  case imageURLTTL = "KYC_IMAGE_URL_TTL"
  case uploadURLTTL = "KYC_UPLOAD_URL_TTL"
  case retentionDays = "KYC_RETENTION_DAYS"
  case abandonedDays = "KYC_ABANDONED_DAYS"
  case events = "KYC_EVENTS"
  case webhookURL = "KYC_WEBHOOK_URL"
  case webhookSecret = "KYC_WEBHOOK_SECRET"
  case webhookMaxAttempts = "KYC_WEBHOOK_MAX_ATTEMPTS"
  case webhookBackoff = "KYC_WEBHOOK_BACKOFF_MS"
  case maxUnusableImages = "KYC_MAX_UNUSABLE_IMAGES"
  case analysisLease = "KYC_ANALYSIS_LEASE_SECONDS"
  case maxVerificationsPerDay = "KYC_MAX_VERIFICATIONS_PER_DAY"
  case captureTTL = "KYC_CAPTURE_TTL"
  case capturePageURL = "KYC_CAPTURE_PAGE_URL"
  case cscaTrust = "KYC_CSCA_TRUST"

  /// Where a deployed function gets the value from.
  public enum Source: String, Sendable, Codable {
    /// `template.yaml` must set it for every function that reads it.
    case template
    /// Lambda sets it (`AWS_REGION`).
    case lambda
    /// The container image sets it (`functions/image.Dockerfile`).
    case image
    /// Its default is the deployment's value; the template may set it.
    case defaulted
  }

  public var source: Source {
    switch self {
    case .region: .lambda
    case .modelsDirectory: .image
    case .webhookBackoff, .maxUnusableImages, .analysisLease, .capturePageURL: .defaulted
    default: .template
    }
  }

  /// Values that are secrets: never logged, and given only to the functions that read them.
  public var isSecret: Bool { self == .signalKey || self == .webhookSecret }
}

/// Which function reads which settings: what every function reads through `Configuration`, and
/// what its own work adds.
public enum FunctionSettings {
  /// Read by every function that opens the store: the store, the bucket, who is admin, the
  /// lifecycle's figures and whether changes write events.
  public static let common: [Setting] = [
    .store, .bucket, .region, .adminGroup, .maxAttempts, .matchThreshold, .maxImageBytes, .maxImagePixels,
    .retentionDays, .abandonedDays, .events,
  ]

  /// What the risk screen needs: the index's key and the age bound.
  static let riskScreen: [Setting] = [.signalKey, .minimumAge]

  /// The settings `function` (an operationId or a job's name) reads.
  public static func reads(_ function: String) -> [Setting] {
    common + (own[function] ?? [])
  }

  static let upload: [Setting] = riskScreen + [.modelsDirectory, .maxUnusableImages, .analysisLease]

  /// What a function's own work reads beyond `common`, by function name; a function not named
  /// reads `common` only. `OperationTests` holds every name to a function the handlers define.
  public static let own: [String: [Setting]] = [
    "uploadAvatar": upload, "uploadPassport": upload, "uploadCaptureAvatar": upload, "uploadCapturePassport": upload,
    "updatePassportData": riskScreen,
    "checkCaptureFrame": [.modelsDirectory],
    "verifyChip": [.cscaTrust, .modelsDirectory],
    "createVerification": [.maxVerificationsPerDay],
    "getVerificationImages": [.imageURLTTL],
    "createUploadSlot": [.uploadURLTTL], "createCaptureUpload": [.uploadURLTTL],
    "createCaptureSession": [.captureTTL, .capturePageURL], "createCaptureHandoff": [.captureTTL, .capturePageURL],
    "purgeExpired": [.uploadURLTTL],
    "dispatchEvents": [.webhookURL, .webhookSecret, .webhookMaxAttempts, .webhookBackoff],
  ]
}

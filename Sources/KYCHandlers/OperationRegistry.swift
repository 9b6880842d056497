import KYCConfiguration

/// The service's functions in one place: `kyc-local` routes by it and prints it
/// (`kyc-local functions`) for `scripts/package` and `scripts/local-api`; the tests hold
/// `Package.swift`, `template.yaml` and the security matrix to that list.
public enum OperationRegistry {
  /// The API operations: the spec's eight, then the additions `openapi.yaml` marks.
  public static let operations: [any Operation.Type] = [
    CreateVerification.self, ListVerifications.self, GetVerification.self, UpdatePassportData.self,
    UploadAvatar.self, UploadPassport.self, GetVerificationStatus.self, AdminManageVerification.self,
    GetVerificationImages.self, DeletePersonalData.self, ListDeadLetters.self, ReplayEvent.self,
    CreateUploadSlot.self,
    // The capture page's (additions): a session by the coach, then the routes its token opens.
    CreateCaptureSession.self, GetCaptureProgress.self, CreateCaptureUpload.self, UploadCaptureAvatar.self,
    UploadCapturePassport.self, CreateCaptureHandoff.self, CheckCaptureFrame.self,
    // Chip verification (additions): the Active Authentication nonce, then what the app read.
    CreateChipNonce.self, VerifyChip.self,
  ]

  /// Lambda authorizers of routes that take no JWT: `kyc-local` runs them as API Gateway would.
  public static let authorizers = [AuthorizeCapture.functionName]

  /// Functions run by a stream or a schedule rather than a route.
  public static let jobs = [DispatchEvents.functionName, PurgeExpired.functionName]
}

extension OperationRegistry {
  /// Every function's name: the operations, the jobs and the authorizers.
  public static var functionNames: [String] { operations.map { $0.operationId } + jobs + authorizers }

  /// Every function's settings by name (`FunctionSettings`), for `kyc-local settings`.
  public static var settings: [String: [Setting]] {
    Dictionary(uniqueKeysWithValues: functionNames.map { ($0, FunctionSettings.reads($0)) })
  }
}

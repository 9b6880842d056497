/// `getCaptureProgress`' answer (an addition to the LE-KO spec): what the capture page shows of
/// its verification — the steps done, the latest refusal's reason, how long its link works and
/// how long the images are kept.
public struct CaptureProgress: Codable, Sendable, Equatable {
  public var verificationId: String
  public var status: Status
  public var currentStep: VerificationStep
  public var progress: VerificationStatus.Progress
  public var failureReason: VerificationFailure?
  public var expiresAt: String
  /// Days the images and data are kept after the verification is completed.
  public var retentionDays: Int

  public init(
    verificationId: String, status: Status, currentStep: VerificationStep, progress: VerificationStatus.Progress,
    failureReason: VerificationFailure?, expiresAt: String, retentionDays: Int
  ) {
    self.verificationId = verificationId
    self.status = status
    self.currentStep = currentStep
    self.progress = progress
    self.failureReason = failureReason
    self.expiresAt = expiresAt
    self.retentionDays = retentionDays
  }
}

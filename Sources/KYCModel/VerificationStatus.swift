/// The spec's `VerificationStatus`: a verification's progress at a glance.
public struct VerificationStatus: Codable, Sendable, Equatable {
  public struct StepProgress: Codable, Sendable, Equatable {
    public var success: Bool
    public var attempts: Int

    public init(success: Bool, attempts: Int) {
      self.success = success
      self.attempts = attempts
    }
  }

  public struct Progress: Codable, Sendable, Equatable {
    public var avatarVerified: StepProgress
    public var passportVerified: StepProgress
    public var imagesMatched: Bool

    public init(avatarVerified: StepProgress, passportVerified: StepProgress, imagesMatched: Bool) {
      self.avatarVerified = avatarVerified
      self.passportVerified = passportVerified
      self.imagesMatched = imagesMatched
    }
  }

  public var id: String
  public var status: Status
  public var currentStep: VerificationStep
  public var progress: Progress
  public var nextStep: VerificationStep?
  public var createdAt: String
  public var updatedAt: String

  public init(
    id: String, status: Status, currentStep: VerificationStep, progress: Progress,
    nextStep: VerificationStep?, createdAt: String, updatedAt: String
  ) {
    self.id = id
    self.status = status
    self.currentStep = currentStep
    self.progress = progress
    self.nextStep = nextStep
    self.createdAt = createdAt
    self.updatedAt = updatedAt
  }
}

/// The spec's `VerificationsPage`.
public struct VerificationsPage: Codable, Sendable, Equatable {
  public var data: [Verification]
  public var count: Int
  public var page: Int
  public var limit: Int
  public var total: Int

  public init(data: [Verification], page: Int, limit: Int, total: Int) {
    self.data = data
    self.count = data.count
    self.page = page
    self.limit = limit
    self.total = total
  }
}

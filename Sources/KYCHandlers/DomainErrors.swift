import KYCModel
import KYCRules
import KYCRuntime
import KYCStore

/// The one place that gives the domain's errors their HTTP statuses: a refused request, a rule's
/// refusal, an analysis or storage failure state how the API answers them, and the runtime
/// renders them. The model, the rules, the store and the analysis throw their own typed errors
/// and know nothing of HTTP.
extension ValidationError: HTTPResponseError {
  public var status: Int { 400 }
  public var code: ErrorCode { .validation }
}

extension LifecycleError: HTTPResponseError {
  public var status: Int {
    switch self {
    case .wrongState: 409
    case .notPermitted: 403
    case .limitReached: 429
    }
  }

  public var code: ErrorCode {
    switch self {
    case .wrongState: .validation
    case .notPermitted: .forbidden
    case .limitReached: .tooManyRequests
    }
  }

  public var retryAfter: Int? {
    guard case .limitReached(_, let seconds) = self else { return nil }
    return max(1, seconds)
  }
}

extension AnalysisError: HTTPResponseError {
  public var status: Int {
    switch self {
    case .unusableImage: 400
    case .unavailable: 500
    }
  }

  public var code: ErrorCode {
    switch self {
    case .unusableImage: .validation
    case .unavailable: .internal
    }
  }
}

/// A capture token that opens nothing: 401 (no token, an unknown or expired one), 403 (a token
/// of a verification whose capture is complete).
extension CaptureRefusal: HTTPResponseError {
  public var status: Int { self == .completed ? 403 : 401 }
  public var code: ErrorCode { self == .completed ? .forbidden : .unauthorized }
}

extension StoreError: HTTPResponseError {
  public var status: Int {
    switch self {
    case .activeVerificationExists, .versionConflict: 409
    case .failure: 500
    }
  }

  public var code: ErrorCode {
    switch self {
    case .activeVerificationExists, .versionConflict: .validation
    case .failure: .internal
    }
  }

  public var message: String {
    switch self {
    case .activeVerificationExists: "an active verification already exists for this coach"
    case .versionConflict: "the verification was changed by another request; fetch it and retry"
    case .failure(let message): "storage failure: \(message)"
    }
  }
}

/// A missing or oversized file is the client's to fix (400), a replaced one a conflict (409);
/// anything else is ours (500).
extension ImageStoreError: HTTPResponseError {
  public var status: Int {
    switch self {
    case .invalidKey, .notFound, .tooLarge: 400
    case .changed: 409
    case .unavailable: 500
    }
  }

  public var code: ErrorCode { status == 500 ? .internal : .validation }
}

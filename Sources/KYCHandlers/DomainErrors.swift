import KYCModel
import KYCRules
import KYCRuntime

/// Where the domain's errors become the API's: the only place that gives a refused request, a
/// rule's refusal or an analysis failure an HTTP status. The model, the rules and the analysis
/// throw their own typed errors.
extension APIError {
  public init(_ error: ValidationError) {
    self = .validation(error.message)
  }

  public init(_ error: LifecycleError) {
    switch error {
    case .wrongState(let message): self = .conflict(message)
    case .notPermitted(let message): self = .forbidden(message)
    case .limitReached(let message, let seconds): self = .tooManyRequests(message, retryAfter: seconds)
    }
  }

  public init(_ error: AnalysisError) {
    switch error {
    case .unusableImage(let message): self = .validation(message)
    case .unavailable(let message): self = .internal(message)
    }
  }
}

/// A lifecycle rule run from a handler, its refusal as the API's error.
func rule<T>(_ body: () throws(LifecycleError) -> T) throws(APIError) -> T {
  do {
    return try body()
  } catch {
    throw APIError(error)
  }
}

/// Image analysis run from a handler, its failure as the API's error.
func analysed<T>(_ body: () throws(AnalysisError) -> T) throws(APIError) -> T {
  do {
    return try body()
  } catch {
    throw APIError(error)
  }
}

/// A request checked by the wire model from a handler, its refusal as the API's error.
func validated<T>(_ body: () throws(ValidationError) -> T) throws(APIError) -> T {
  do {
    return try body()
  } catch {
    throw APIError(error)
  }
}

extension APIError {
  /// A capture token that opens nothing: 401 (no token, an unknown or expired one), 403 (a
  /// token of a verification whose capture is complete).
  public init(_ error: CaptureRefusal) {
    switch error {
    case .missingToken, .unknownToken, .expired: self = .unauthorized(error.message)
    case .completed: self = .forbidden(error.message)
    }
  }
}

/// A capture token's check run from a handler, its refusal as the API's error.
func captureChecked<T>(_ body: () throws(CaptureRefusal) -> T) throws(APIError) -> T {
  do {
    return try body()
  } catch {
    throw APIError(error)
  }
}

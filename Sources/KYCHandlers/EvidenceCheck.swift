import KYCLogging
import KYCModel
import KYCRules
import KYCRuntime

/// Before an approval: every image that passed its step must still be in the bucket as it was
/// analysed. An approval resting on a selfie or a page that is gone, or whose key now holds
/// another image, would approve what nobody checked.
enum EvidenceCheck {
  /// Throws 409 naming each analysed image that is missing or was replaced after its check.
  static func requireAnalysedImages(_ record: VerificationRecord, services: Services, logger: Logger)
    throws
  {
    var problems: [String] = []
    for image in record.analysedImages {
      switch try services.images.presignedURL(fileKey: image.fileKey, pin: image.pin, expires: 60, logger: logger) {
      case .url: continue
      case .gone: problems.append("the \(image.role) is missing")
      case .changed: problems.append("the \(image.role) was replaced after its check")
      }
    }
    guard problems.isEmpty else {
      throw APIError.conflict(
        "cannot approve: " + problems.joined(separator: "; ")
          + ". The images as analysed are no longer what the bucket holds; reject, or ask the coach to start again")
    }
  }
}

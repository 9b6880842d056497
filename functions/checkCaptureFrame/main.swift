import KYCConfiguration
import KYCFrameCheck
import KYCHandlers
import KYCRules

CheckCaptureFrame.main(inspection: { (configuration) throws(ConfigurationError) in
  do throws(AnalysisError) {
    return try LocalFrameInspection(modelsDirectory: configuration.modelsDirectory)
  } catch {
    throw ConfigurationError(.modelsDirectory, "holds no usable face detector: \(error.message)")
  }
})

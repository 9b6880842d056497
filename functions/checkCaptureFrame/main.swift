import KYCFrameCheck
import KYCHandlers
import KYCRules

CheckCaptureFrame.main { (configuration) throws(AnalysisError) in
  try LocalFrameInspection(modelsDirectory: configuration.modelsDirectory)
}

import KYCAnalysis
import KYCHandlers
import KYCLogging
import KYCRuntime

// Started again as its own analysis worker (no credentials), it serves that and exits.
AnalysisWorker.runIfRequested()
UploadCapturePassport.main { configuration in
  IsolatedImageAnalysis(
    modelsDirectory: configuration.modelsDirectory, maxPixels: configuration.maxImagePixels,
    logger: Logger(function: UploadCapturePassport.operationId))
}

import KYCAnalysis
import KYCHandlers
import KYCModel
import KYCRuntime

UploadAvatar.main { configuration in
  let logger = Logger(function: UploadAvatar.operationId)
  return LocalImageAnalysis(modelsDirectory: configuration.modelsDirectory, maxPixels: configuration.maxImagePixels) {
    engine, milliseconds in
    logger.info("engine loaded", ["engine": .string(engine), "ms": .number(milliseconds.rounded())])
  }
}

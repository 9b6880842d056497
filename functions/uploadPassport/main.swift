import KYCAnalysis
import KYCHandlers
import KYCModel
import KYCRuntime

UploadPassport.main { configuration in
  let logger = Logger(function: UploadPassport.operationId)
  return LocalImageAnalysis(modelsDirectory: configuration.modelsDirectory, maxPixels: configuration.maxImagePixels) {
    engine, milliseconds in
    logger.info("engine loaded", ["engine": .string(engine), "ms": .number(milliseconds.rounded())])
  }
}

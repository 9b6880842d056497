import KYCAnalysis
import KYCHandlers

UploadPassport.main { configuration in
  LocalImageAnalysis(modelsDirectory: configuration.modelsDirectory, maxPixels: configuration.maxImagePixels)
}

import KYCAnalysis
import KYCHandlers

UploadAvatar.main { configuration in
  LocalImageAnalysis(modelsDirectory: configuration.modelsDirectory, maxPixels: configuration.maxImagePixels)
}

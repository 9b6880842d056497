import KYCHandlers
import KYCImaging

UploadAvatar.main { configuration in
  DlibImageAnalysis(modelsDirectory: configuration.modelsDirectory, maxPixels: configuration.maxImagePixels)
}

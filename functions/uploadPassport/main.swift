import KYCHandlers
import KYCImaging

UploadPassport.main { configuration in
  DlibImageAnalysis(modelsDirectory: configuration.modelsDirectory, maxPixels: configuration.maxImagePixels)
}

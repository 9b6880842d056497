import ChipVerification
import KYCChip
import KYCConfiguration
import KYCHandlers
import KYCRules

VerifyChip.main(inspection: { (configuration, read) throws(ConfigurationError) in
  let trustStore: TrustStore
  do {
    trustStore = try ChipTrustSources(configuration.cscaTrust).load(read: read)
  } catch {
    throw ConfigurationError(.cscaTrust, "cannot be loaded: \(error)")
  }
  do throws(AnalysisError) {
    let faces = try LocalChipInspection.faceEngine(modelsDirectory: configuration.modelsDirectory)
    return LocalChipInspection(trustStore: trustStore, faces: faces, matchThreshold: configuration.matchThreshold)
  } catch {
    throw ConfigurationError(.modelsDirectory, "holds no usable face engine: \(error.message)")
  }
})

import ChipVerification
import KYCChip
import KYCHandlers
import KYCRules

VerifyChip.main { (configuration, read) throws(AnalysisError) in
  let trustStore: TrustStore
  do {
    trustStore = try ChipTrustSources(configuration.cscaTrust).load(read: read)
  } catch {
    throw .unavailable("KYC_CSCA_TRUST cannot be loaded: \(error)")
  }
  return LocalChipInspection(
    trustStore: trustStore, faces: try LocalChipInspection.faceEngine(modelsDirectory: configuration.modelsDirectory),
    matchThreshold: configuration.matchThreshold)
}

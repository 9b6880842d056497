#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A fresh directory under the system temporary directory.
func temporaryDirectory() -> String {
  let path = FileManager.default.temporaryDirectory.path + "/kyc-tests-" + UUID().uuidString
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

import KYCConfiguration
import KYCRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The `serveConsole` executable: the console's files, loaded once per process from
/// `KYC_CONSOLE_DIR` (default `$LAMBDA_TASK_ROOT/console` on Lambda, `console` elsewhere).
public enum ConsoleFunction {
  public static let functionName = "serveConsole"

  public static func main() -> Never {
    let environment = ProcessInfo.processInfo.environment
    FunctionRuntime.run(function: functionName, environment: environment) {
      () throws(ConfigurationError) -> any FunctionHandler in
      let directory =
        environment["KYC_CONSOLE_DIR"] ?? environment["LAMBDA_TASK_ROOT"].map { "\($0)/console" } ?? "console"
      return ConsoleAssets(settings: try ConsoleSettings(environment: environment), files: try load(directory))
    }
  }

  /// Every servable file under `directory`, by relative path.
  static func load(_ directory: String) throws(ConfigurationError) -> [String: [UInt8]] {
    guard let names = try? FileManager.default.subpathsOfDirectory(atPath: directory) else {
      throw ConfigurationError("KYC_CONSOLE_DIR", "names a directory that cannot be read")
    }
    var files: [String: [UInt8]] = [:]
    for name in names where ConsoleAssets.isAssetName(name) && ConsoleAssets.contentType(of: name) != nil {
      guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"),
        data.count <= ConsoleAssets.maxFileBytes
      else { continue }
      files[name] = Array(data)
    }
    guard files["index.html"] != nil else {
      throw ConfigurationError("KYC_CONSOLE_DIR", "names a directory without index.html")
    }
    return files
  }
}

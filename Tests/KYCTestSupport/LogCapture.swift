import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCHandlers

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

final class LogCapture: Sendable {
  private let lines = Mutex<[String]>([])
  var append: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
  var all: [String] { lines.withLock { $0 } }
}

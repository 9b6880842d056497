import HTTPTransport
import KYCEvents
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore
import Synchronization
import Testing

@testable import KYCRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A subscriber that answers as scripted and remembers what it was sent.
final class ScriptedSender: EventSender {
  let answers: Mutex<[DeliveryResult]>
  let sent = Mutex<[String]>([])

  init(_ answers: [DeliveryResult]) { self.answers = Mutex(answers) }

  func send(id: String, body: [UInt8], timestamp: Int) -> DeliveryResult {
    sent.withLock { $0.append(id) }
    return answers.withLock { $0.isEmpty ? .delivered : $0.removeFirst() }
  }
}

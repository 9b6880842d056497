import Foundation
import KYCEvents
import KYCHandlers
import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime

/// The jobs AWS runs on a stream or a schedule, run by kyc-local: event delivery (in the
/// background of `serve`, or alone with `dispatch`), retention (`purge`), and the dead letters
/// an admin replays.
struct LocalJobs {
  let environment: [String: String]

  func services() -> Services {
    do {
      return try Services.live(environment: environment)
    } catch {
      fail(error.message)
    }
  }

  /// Delivery passes every `interval` seconds, for ever; `nil` when no webhook is configured.
  func startDispatcher(interval: Double = 0.2) -> Bool {
    let services = services()
    guard services.configuration.webhook != nil, let job = try? DispatchEvents(services: services) else {
      return false
    }
    let logger = Logger(function: DispatchEvents.functionName)
    Thread.detachNewThread {
      while true {
        _ = try? job.run([], logger: logger)
        Thread.sleep(forTimeInterval: interval)
      }
    }
    return true
  }

  func dispatchOnce() -> [String: JSONValue] {
    run { services in try DispatchEvents(services: services) }
  }

  func purge() -> [String: JSONValue] {
    run { services in PurgeExpired(services: services) }
  }

  func run(_ make: (Services) throws -> any JobHandler) -> [String: JSONValue] {
    let services = services()
    do {
      return try make(services).run([], logger: Logger(function: "kyc-local"))
    } catch {
      fail(APIError.logged(error).message)
    }
  }

  /// The dead letters: each event and why its delivery was given up.
  func deadLetters() -> [[String: JSONValue]] {
    let store = services().store
    guard let letters = try? store.deadLetters(limit: 1_000) else { fail("the store cannot be read") }
    return letters.map { letter in
      [
        "eventId": .string(letter.event.id), "type": .string(letter.event.type.rawValue),
        "verificationId": .string(letter.event.verificationId), "occurredAt": .string(letter.event.occurredAt),
        "attempts": .number(Double(letter.attempts)), "lastError": .string(letter.lastError ?? ""),
      ]
    }
  }

  func replay(_ eventId: String) -> Bool {
    do {
      return try DispatchEvents(services: services()).dispatcher.replay(eventId: eventId) != nil
    } catch {
      fail("\(error)")
    }
  }
}

import KYCConfiguration
import KYCEvents
import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime
import KYCStore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The delivery job (`dispatchEvents`): on AWS, run by the table's DynamoDB stream when events
/// are written and by a schedule for the retries; locally, kyc-local runs the same passes. The
/// payload only wakes it: what to send is read from the outbox, so a stream record and a retry
/// follow one path. Passes repeat while there is something due, within a time budget.
public struct DispatchEvents: JobHandler {
  public static let functionName = "dispatchEvents"
  public let dispatcher: EventDispatcher

  public init(services: Services) throws(ConfigurationError) {
    guard let webhook = services.configuration.webhook else {
      throw ConfigurationError(.webhookURL, "and KYC_WEBHOOK_SECRET must be set: dispatchEvents delivers to them")
    }
    dispatcher = EventDispatcher(
      store: services.store, sender: WebhookSender(url: webhook.url, signature: WebhookSignature(key: webhook.key)),
      policy: webhook.policy, clock: services.clock)
  }

  public func run(_ payload: [UInt8], logger: Logger) throws -> [String: JSONValue] {
    var total = EventDispatcher.Summary()
    for _ in 0..<10 {
      let pass = try dispatcher.runOnce(logger: logger)
      total.delivered += pass.delivered
      total.retrying += pass.retrying
      total.deadLettered += pass.deadLettered
      total.waiting = pass.waiting
      if pass.delivered + pass.deadLettered == 0 { break }
    }
    return total.asJSON
  }

  public static func main() -> Never {
    let environment = ProcessInfo.processInfo.environment
    JobRuntime.run(function: functionName, environment: environment) {
      () throws(ConfigurationError) -> any JobHandler in
      try DispatchEvents(services: try Services.live(environment: environment, function: functionName))
    }
  }
}

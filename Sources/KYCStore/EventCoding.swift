import KYCJSON
import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// An event as stored in the outbox and as sent to subscribers: compact JSON with sorted keys,
/// so the bytes signed are the bytes stored.
public enum EventCoding {
  public static func encode(_ event: VerificationEvent) throws(StoreError) -> String {
    let encoder = JSONCoding.encoder()
    do {
      return String(decoding: try encoder.encode(event), as: UTF8.self)
    } catch {
      throw .failure("cannot encode an event")
    }
  }

  static func decode(_ text: String) throws(StoreError) -> VerificationEvent {
    do {
      return try JSONDecoder().decode(VerificationEvent.self, from: Data(text.utf8))
    } catch {
      throw .failure("a stored event cannot be decoded")
    }
  }
}

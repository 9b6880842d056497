import CivilTime
import Testing

@testable import KYCModel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct IdentifierTests {
  @Test func canonicalisesUUIDs() {
    #expect(Identifier.canonicalUUID("6F1C2A9E-8D4B-4C1E-9A7F-2B3C4D5E6F70") == "6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f70")
    #expect(Identifier.canonicalUUID("6f1c2a9e8d4b4c1e9a7f2b3c4d5e6f70") == nil)
    #expect(Identifier.canonicalUUID("6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f7g") == nil)
    #expect(Identifier.canonicalUUID("") == nil)
    #expect(Identifier.canonicalUUID("{6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f7}") == nil)
  }
}

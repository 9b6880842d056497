import CChip

/// Active Authentication (ICAO 9303-11 §6.1): the chip signed the server's challenge with the
/// private key whose public half DG15 carries, so the chip is not a copy. DG15 itself is trusted
/// only once passive authentication has checked its hash.
public enum ActiveAuthentication {
  /// Verifies `signature` over `challenge` with DG15's key; answers the scheme that verified.
  /// RSA: ISO/IEC 9796-2 scheme 1 with partial message recovery (trailer `BC` for SHA-1, or `xx CC`
  /// naming the hash). ECDSA: a plain r ‖ s signature with the hash DG14's ActiveAuthenticationInfo
  /// names; without DG14 (or one naming none), each hash ICAO allows is tried.
  public static func verify(dg15: [UInt8], challenge: [UInt8], signature: [UInt8], dg14: [UInt8]? = nil)
    throws(ActiveAuthenticationFailure) -> String
  {
    let key: [UInt8]
    do throws(MalformedData) {
      key = Array(try ChipTLV.whole(dg15, tag: 0x6F, "DG15").value)
    } catch {
      throw .unsupportedKey
    }
    let type = key.withUnsafeBufferPointer { kyc_chip_public_key_type($0.baseAddress, $0.count) }
    switch type {
    case 1: return try rsa(key: key, challenge: challenge, signature: signature)
    case 2:
      let named = dg14.flatMap(ecdsaHash(dg14:))
      return try ecdsa(key: key, challenge: challenge, signature: signature, hashes: named.map { [$0] })
    default: throw .unsupportedKey
    }
  }

  static func rsa(key: [UInt8], challenge: [UInt8], signature: [UInt8]) throws(ActiveAuthenticationFailure)
    -> String
  {
    var block = [UInt8](repeating: 0, count: 1024)
    var length = 0
    let code = key.withUnsafeBufferPointer { spki in
      signature.withUnsafeBufferPointer { sig in
        kyc_chip_rsa_recover(spki.baseAddress, spki.count, sig.baseAddress, sig.count, &block, block.count, &length)
      }
    }
    guard code == Int32(KYC_CHIP_OK) else {
      throw code == Int32(KYC_CHIP_MALFORMED) ? .unsupportedKey : .signatureInvalid
    }
    guard let message = recovered(Array(block.prefix(length)), challenge: challenge) else { throw .signatureInvalid }
    return "RSA ISO/IEC 9796-2 \(message.rawValue)"
  }

  /// The hash whose value the recovered block carries over its recovered part and the challenge;
  /// nil when the block is not scheme 1's `6A ‖ M1 ‖ H(M1 ‖ challenge) ‖ trailer`.
  static func recovered(_ block: [UInt8], challenge: [UInt8]) -> HashAlgorithm? {
    guard block.count > 24, block[0] == 0x6A else { return nil }
    let hash: HashAlgorithm
    let trailer: Int
    if block[block.count - 1] == 0xBC {
      (hash, trailer) = (.sha1, 1)
    } else if block[block.count - 1] == 0xCC {
      // ISO/IEC 10118-3 hash-function identifiers.
      let identifiers: [UInt8: HashAlgorithm] = [
        0x33: .sha1, 0x34: .sha256, 0x35: .sha512, 0x36: .sha384, 0x38: .sha224,
      ]
      guard let named = identifiers[block[block.count - 2]] else { return nil }
      (hash, trailer) = (named, 2)
    } else {
      return nil
    }
    let size = hash.digest([]).count
    guard block.count > 1 + size + trailer else { return nil }
    let digestStart = block.count - trailer - size
    let recoveredPart = Array(block[1..<digestStart])
    let value = Array(block[digestStart..<block.count - trailer])
    return hash.digest(recoveredPart + challenge) == value ? hash : nil
  }

  /// The hash of the ECDSA signature algorithm DG14's ActiveAuthenticationInfo (OID 2.23.136.1.1.5)
  /// names (BSI TR-03111 ecdsa-plain-SHA*); nil when DG14 holds none or does not parse.
  static func ecdsaHash(dg14: [UInt8]) -> HashAlgorithm? {
    let algorithms: [String: HashAlgorithm] = [
      "0.4.0.127.0.7.1.1.4.1.1": .sha1, "0.4.0.127.0.7.1.1.4.1.2": .sha224, "0.4.0.127.0.7.1.1.4.1.3": .sha256,
      "0.4.0.127.0.7.1.1.4.1.4": .sha384, "0.4.0.127.0.7.1.1.4.1.5": .sha512,
    ]
    guard let group = try? DER(dg14), group.tag == 0x6E, let set = try? group.children().first,
      let infos = try? set.expect(DER.set, "SecurityInfos").children()
    else { return nil }
    for info in infos {
      guard let fields = try? info.children(), fields.count >= 3,
        (try? fields[0].objectIdentifier()) == "2.23.136.1.1.5",
        let oid = try? fields[2].objectIdentifier()
      else { continue }
      return algorithms[oid]
    }
    return nil
  }

  static func ecdsa(key: [UInt8], challenge: [UInt8], signature: [UInt8], hashes: [HashAlgorithm]?)
    throws(ActiveAuthenticationFailure) -> String
  {
    for hash in hashes ?? [HashAlgorithm.sha256, .sha384, .sha512, .sha224, .sha1] {
      let digest = hash.digest(challenge)
      let code = key.withUnsafeBufferPointer { spki in
        digest.withUnsafeBufferPointer { value in
          signature.withUnsafeBufferPointer { sig in
            kyc_chip_ecdsa_verify(
              spki.baseAddress, spki.count, value.baseAddress, value.count, sig.baseAddress, sig.count)
          }
        }
      }
      if code == Int32(KYC_CHIP_OK) { return "ECDSA \(hash.rawValue)" }
    }
    throw .signatureInvalid
  }
}

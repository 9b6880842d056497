import CCrypto

/// The digests ICAO 9303 allows for data groups and signed attributes, computed by libcrypto.
public enum HashAlgorithm: String, Sendable, CaseIterable {
  case sha1 = "SHA-1"
  case sha224 = "SHA-224"
  case sha256 = "SHA-256"
  case sha384 = "SHA-384"
  case sha512 = "SHA-512"

  /// The algorithm an AlgorithmIdentifier's OID names; nil for any other.
  init?(oid: String) {
    switch oid {
    case "1.3.14.3.2.26": self = .sha1
    case "2.16.840.1.101.3.4.2.4": self = .sha224
    case "2.16.840.1.101.3.4.2.1": self = .sha256
    case "2.16.840.1.101.3.4.2.2": self = .sha384
    case "2.16.840.1.101.3.4.2.3": self = .sha512
    default: return nil
    }
  }

  public func digest(_ bytes: [UInt8]) -> [UInt8] {
    let md: OpaquePointer? =
      switch self {
      case .sha1: EVP_sha1()
      case .sha224: EVP_sha224()
      case .sha256: EVP_sha256()
      case .sha384: EVP_sha384()
      case .sha512: EVP_sha512()
      }
    var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let ok = bytes.withUnsafeBufferPointer { input in
      EVP_Digest(input.baseAddress, input.count, &out, &length, md, nil)
    }
    // EVP_Digest fails only on allocation failure; an empty digest then matches nothing.
    return ok == 1 ? Array(out.prefix(Int(length))) : []
  }
}

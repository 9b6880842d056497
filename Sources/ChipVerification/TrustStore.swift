import CCrypto

/// The trusted CSCA certificates: from DER or PEM files, and from CSCA master lists whose own
/// signature chains to a configured root. Built once, then only read, so shared freely.
public struct TrustStore: Sendable {
  public let certificates: [Certificate]
  /// Normalised subject to the certificates bearing it, to find issuers without trying them all.
  private let bySubject: [String: [Certificate]]

  public init(certificates: [Certificate]) {
    var unique: [Certificate] = []
    var seen = Set<[UInt8]>()
    for certificate in certificates where seen.insert(certificate.der).inserted { unique.append(certificate) }
    self.certificates = unique
    bySubject = Dictionary(grouping: unique) { TrustStore.normalised($0.subject) }
  }

  /// Certificates from DER or PEM files, and master lists each with the path of its root.
  public static func load(certificateFiles: [String], masterLists: [(path: String, root: String)])
    throws(TrustStoreError) -> TrustStore
  {
    var certificates: [Certificate] = []
    for path in certificateFiles { certificates += try certificatesInFile(path) }
    for list in masterLists {
      let roots = try certificatesInFile(list.root)
      guard let bytes = FileBytes.read(list.path) else { throw .unreadable(path: list.path) }
      certificates += try masterList(bytes, roots: roots, path: list.path)
    }
    return TrustStore(certificates: certificates)
  }

  /// The CSCA certificates of a CscaMasterList (ICAO 9303-12 §9), once its CMS signature verifies
  /// with a certificate issued by one of `roots` (or with a root itself).
  public static func masterList(_ bytes: [UInt8], roots: [Certificate], path: String = "master list")
    throws(TrustStoreError) -> [Certificate]
  {
    let signedData: SignedData
    var certificates: [Certificate] = []
    do throws(MalformedData) {
      signedData = try SignedData(DER(bytes))
      guard signedData.contentType == "2.23.136.1.1.2" else { throw MalformedData("not a CscaMasterList") }
      // CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }
      let fields = try DER(signedData.content).expect(DER.sequence, "CscaMasterList").children()
      guard fields.count == 2 else { throw MalformedData("CscaMasterList: version and certList expected") }
      for element in try fields[1].expect(DER.set, "certList").children() {
        certificates.append(try Certificate(der: element.elementBytes))
      }
    } catch {
      throw .malformed(path: path, reason: error.reason)
    }
    let signer: Certificate
    do { signer = try PassiveAuthentication.documentSigner(of: signedData) } catch {
      // A list may be signed by the root itself without carrying it.
      guard
        let root = roots.first(where: {
          Libcrypto.signerInfo(of: signedData.contentInfo, verifiesWith: $0) == .verified
        }), signedData.digestAlgorithm.digest(signedData.content) == signedData.messageDigest
      else { throw .masterListNotTrusted(path: path) }
      signer = root
    }
    let trusted = roots.contains { root in
      root.der == signer.der || Libcrypto.certificate(signer, isIssuedBy: root) == .verified
    }
    guard trusted else { throw .masterListNotTrusted(path: path) }
    return certificates
  }

  /// The certificates of a DER file, or of every CERTIFICATE block of a PEM file.
  public static func certificatesInFile(_ path: String) throws(TrustStoreError) -> [Certificate] {
    guard let bytes = FileBytes.read(path) else { throw .unreadable(path: path) }
    return try certificates(in: bytes, path: path)
  }

  /// The certificates of DER bytes, or of every CERTIFICATE block of PEM text; `path` names the
  /// source in errors (a file, or an object the caller fetched).
  public static func certificates(in bytes: [UInt8], path: String) throws(TrustStoreError) -> [Certificate] {
    do throws(MalformedData) {
      if bytes.first == DER.sequence { return [try Certificate(der: bytes)] }
      let blocks = pemBlocks(bytes)
      guard !blocks.isEmpty else { throw MalformedData("neither DER nor PEM certificates") }
      var out: [Certificate] = []
      for block in blocks { out.append(try Certificate(der: block)) }
      return out
    } catch {
      throw .malformed(path: path, reason: error.reason)
    }
  }

  /// The trusted certificates whose subject is `certificate`'s issuer and whose key verifies its
  /// signature. Names are compared loosely here and exactly by libcrypto; an issuer no trusted
  /// subject names has none (trying every CSCA's key would cost a hostile SOD a thousand checks).
  public func issuers(of certificate: Certificate) -> [Certificate] {
    let candidates = bySubject[TrustStore.normalised(certificate.issuer)] ?? []
    return candidates.filter { Libcrypto.certificate(certificate, isIssuedBy: $0) == .verified }
  }

  static func normalised(_ name: String) -> String {
    String(name.lowercased().split(whereSeparator: { $0 == " " }).joined(separator: " "))
  }

  /// The DER of each `-----BEGIN CERTIFICATE-----` block.
  static func pemBlocks(_ bytes: [UInt8]) -> [[UInt8]] {
    let begin = Array("-----BEGIN CERTIFICATE-----".utf8)
    let end = Array("-----END CERTIFICATE-----".utf8)
    func find(_ needle: [UInt8], from: Int) -> Int? {
      guard bytes.count >= needle.count, from <= bytes.count - needle.count else { return nil }
      return (from...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
    }
    var out: [[UInt8]] = []
    var index = 0
    while let start = find(begin, from: index), let stop = find(end, from: start + begin.count) {
      index = stop + end.count
      let base64 = bytes[start + begin.count..<stop].filter { !($0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09) }
      guard !base64.isEmpty, base64.count % 4 == 0 else { continue }
      var decoded = [UInt8](repeating: 0, count: base64.count / 4 * 3)
      let length = base64.withUnsafeBufferPointer { input in
        EVP_DecodeBlock(&decoded, input.baseAddress, Int32(input.count))
      }
      // EVP_DecodeBlock counts the padding as zero bytes.
      let padding = base64.reversed().prefix { $0 == UInt8(ascii: "=") }.count
      guard length >= padding else { continue }
      out.append(Array(decoded.prefix(Int(length) - padding)))
    }
    return out
  }
}

import CChip

/// The signature checks made by libcrypto (`CChip`), over DER.
enum Libcrypto {
  enum Outcome: Equatable {
    case verified, malformed, badSignature, nameMismatch, notCertificationAuthority
  }

  /// Whether the SignerInfo of `contentInfo` was signed with the key of `certificate`.
  static func signerInfo(of contentInfo: [UInt8], verifiesWith certificate: Certificate) -> Outcome {
    let code = contentInfo.withUnsafeBufferPointer { cms in
      certificate.der.withUnsafeBufferPointer { cert in
        kyc_chip_signer_info_verify(cms.baseAddress, cms.count, cert.baseAddress, cert.count)
      }
    }
    return outcome(code)
  }

  /// Whether `issuer` issued `certificate` (names and signature).
  static func certificate(_ certificate: Certificate, isIssuedBy issuer: Certificate) -> Outcome {
    let code = certificate.der.withUnsafeBufferPointer { cert in
      issuer.der.withUnsafeBufferPointer { candidate in
        kyc_chip_certificate_issued_by(cert.baseAddress, cert.count, candidate.baseAddress, candidate.count)
      }
    }
    return outcome(code)
  }

  private static func outcome(_ code: Int32) -> Outcome {
    switch code {
    case Int32(KYC_CHIP_OK): .verified
    case Int32(KYC_CHIP_BAD_SIGNATURE): .badSignature
    case Int32(KYC_CHIP_NAME_MISMATCH): .nameMismatch
    case Int32(KYC_CHIP_NOT_CA): .notCertificationAuthority
    default: .malformed
    }
  }
}

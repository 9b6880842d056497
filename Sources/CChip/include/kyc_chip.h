#ifndef KYC_CHIP_H
#define KYC_CHIP_H

#include <stddef.h>
#include <stdint.h>

// Signature checks of passive authentication on libcrypto. Inputs are DER; nothing is kept between
// calls and every libcrypto failure becomes a return code (the error queue is cleared).

enum {
  KYC_CHIP_OK = 0,
  KYC_CHIP_MALFORMED = 1,      // the CMS or a certificate does not parse
  KYC_CHIP_BAD_SIGNATURE = 2,  // parsed, but the signature does not verify with that key
  KYC_CHIP_NAME_MISMATCH = 3,  // the certificate's issuer is not the candidate's subject
  KYC_CHIP_NOT_CA = 4,         // the candidate issuer is no certification authority
};

// Verifies the signature of the first SignerInfo of a CMS ContentInfo (SignedData) over its signed
// attributes with the public key of `cert`, whatever the SignerInfo's sid says. The messageDigest
// attribute is the caller's to compare with the content.
int kyc_chip_signer_info_verify(const uint8_t *cms, size_t cms_len, const uint8_t *cert, size_t cert_len);

// Whether `issuer` issued `cert`: issuer name equal to the candidate's subject (as libcrypto
// compares names), the candidate a CA, then the certificate's signature verified with its key.
int kyc_chip_certificate_issued_by(const uint8_t *cert, size_t cert_len, const uint8_t *issuer, size_t issuer_len);

// Active Authentication (ICAO 9303-11 §6.1) with the key of a SubjectPublicKeyInfo (DG15's content):
// the key's type (1 RSA, 2 EC, 0 anything else, -1 unparsable);
int kyc_chip_public_key_type(const uint8_t *spki, size_t spki_len);

// the raw RSA public operation on `signature` (no padding), for ISO/IEC 9796-2 message recovery:
// writes the recovered block (the modulus' length) to `out` and its length to `out_len`;
int kyc_chip_rsa_recover(const uint8_t *spki, size_t spki_len, const uint8_t *signature, size_t signature_len,
                         uint8_t *out, size_t out_capacity, size_t *out_len);

// ECDSA over `digest` with a plain signature (r ‖ s, BSI TR-03111), as chips give it.
int kyc_chip_ecdsa_verify(const uint8_t *spki, size_t spki_len, const uint8_t *digest, size_t digest_len,
                          const uint8_t *signature, size_t signature_len);

#endif

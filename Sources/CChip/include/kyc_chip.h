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

#endif

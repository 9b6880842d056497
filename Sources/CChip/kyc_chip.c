#include "kyc_chip.h"

#include <limits.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>

static X509 *parse_certificate(const uint8_t *der, size_t len) {
  const unsigned char *p = der;
  if (len > LONG_MAX) return NULL;
  X509 *cert = d2i_X509(NULL, &p, (long)len);
  if (cert != NULL && p != der + len) {
    X509_free(cert);
    return NULL;
  }
  return cert;
}

int kyc_chip_signer_info_verify(const uint8_t *cms_der, size_t cms_len, const uint8_t *cert_der, size_t cert_len) {
  int result = KYC_CHIP_MALFORMED;
  const unsigned char *p = cms_der;
  CMS_ContentInfo *cms = NULL;
  X509 *cert = NULL;
  if (cms_len > LONG_MAX) goto done;
  cms = d2i_CMS_ContentInfo(NULL, &p, (long)cms_len);
  cert = parse_certificate(cert_der, cert_len);
  if (cms == NULL || cert == NULL) goto done;
  STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos(cms);
  if (infos == NULL || sk_CMS_SignerInfo_num(infos) < 1) goto done;
  CMS_SignerInfo *info = sk_CMS_SignerInfo_value(infos, 0);
  // Sets the key to verify with; the sid is not compared (some issuers get it wrong).
  CMS_SignerInfo_set1_signer_cert(info, cert);
  if (X509_get0_pubkey(cert) == NULL) goto done;
  result = CMS_SignerInfo_verify(info) == 1 ? KYC_CHIP_OK : KYC_CHIP_BAD_SIGNATURE;
done:
  CMS_ContentInfo_free(cms);
  X509_free(cert);
  ERR_clear_error();
  return result;
}

int kyc_chip_certificate_issued_by(const uint8_t *cert_der, size_t cert_len, const uint8_t *issuer_der,
                                   size_t issuer_len) {
  int result = KYC_CHIP_MALFORMED;
  X509 *cert = parse_certificate(cert_der, cert_len);
  X509 *issuer = parse_certificate(issuer_der, issuer_len);
  if (cert == NULL || issuer == NULL) goto done;
  if (X509_NAME_cmp(X509_get_issuer_name(cert), X509_get_subject_name(issuer)) != 0) {
    result = KYC_CHIP_NAME_MISMATCH;
    goto done;
  }
  // Only a certification authority issues (basicConstraints cA, or an old self-signed v1 root).
  if (X509_check_ca(issuer) == 0) {
    result = KYC_CHIP_NOT_CA;
    goto done;
  }
  EVP_PKEY *key = X509_get0_pubkey(issuer);
  if (key == NULL) goto done;
  result = X509_verify(cert, key) == 1 ? KYC_CHIP_OK : KYC_CHIP_BAD_SIGNATURE;
done:
  X509_free(cert);
  X509_free(issuer);
  ERR_clear_error();
  return result;
}

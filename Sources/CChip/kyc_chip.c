#include "kyc_chip.h"

#include <limits.h>

#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
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

static EVP_PKEY *parse_public_key(const uint8_t *der, size_t len) {
  const unsigned char *p = der;
  if (len > LONG_MAX) return NULL;
  EVP_PKEY *key = d2i_PUBKEY(NULL, &p, (long)len);
  if (key != NULL && p != der + len) {
    EVP_PKEY_free(key);
    return NULL;
  }
  return key;
}

int kyc_chip_public_key_type(const uint8_t *spki, size_t spki_len) {
  EVP_PKEY *key = parse_public_key(spki, spki_len);
  int type = key == NULL ? -1 : EVP_PKEY_is_a(key, "RSA") ? 1 : EVP_PKEY_is_a(key, "EC") ? 2 : 0;
  EVP_PKEY_free(key);
  ERR_clear_error();
  return type;
}

int kyc_chip_rsa_recover(const uint8_t *spki, size_t spki_len, const uint8_t *signature, size_t signature_len,
                         uint8_t *out, size_t out_capacity, size_t *out_len) {
  int result = KYC_CHIP_MALFORMED;
  EVP_PKEY *key = parse_public_key(spki, spki_len);
  EVP_PKEY_CTX *ctx = NULL;
  if (key == NULL || !EVP_PKEY_is_a(key, "RSA")) goto done;
  ctx = EVP_PKEY_CTX_new(key, NULL);
  if (ctx == NULL || EVP_PKEY_verify_recover_init(ctx) != 1) goto done;
  if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) != 1) goto done;
  size_t length = out_capacity;
  // Fails when the signature is not below the modulus: a bad signature, not bad input.
  result = EVP_PKEY_verify_recover(ctx, out, &length, signature, signature_len) == 1 ? KYC_CHIP_OK
                                                                                     : KYC_CHIP_BAD_SIGNATURE;
  *out_len = result == KYC_CHIP_OK ? length : 0;
done:
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(key);
  ERR_clear_error();
  return result;
}

int kyc_chip_ecdsa_verify(const uint8_t *spki, size_t spki_len, const uint8_t *digest, size_t digest_len,
                          const uint8_t *signature, size_t signature_len) {
  int result = KYC_CHIP_MALFORMED;
  EVP_PKEY *key = parse_public_key(spki, spki_len);
  EVP_PKEY_CTX *ctx = NULL;
  ECDSA_SIG *sig = NULL;
  unsigned char *der = NULL;
  if (key == NULL || !EVP_PKEY_is_a(key, "EC") || signature_len < 2 || signature_len % 2 != 0) goto done;
  if (signature_len > 264) goto done;
  BIGNUM *r = BN_bin2bn(signature, (int)(signature_len / 2), NULL);
  BIGNUM *s = BN_bin2bn(signature + signature_len / 2, (int)(signature_len / 2), NULL);
  sig = ECDSA_SIG_new();
  if (r == NULL || s == NULL || sig == NULL || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    goto done;
  }
  int der_len = i2d_ECDSA_SIG(sig, &der);
  ctx = EVP_PKEY_CTX_new(key, NULL);
  if (der_len <= 0 || ctx == NULL || EVP_PKEY_verify_init(ctx) != 1) goto done;
  result = EVP_PKEY_verify(ctx, der, (size_t)der_len, digest, digest_len) == 1 ? KYC_CHIP_OK : KYC_CHIP_BAD_SIGNATURE;
done:
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(key);
  ERR_clear_error();
  return result;
}

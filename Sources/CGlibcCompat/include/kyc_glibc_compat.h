// Keeps the function binaries runnable on AWS Lambda's provided.al2023 (glibc 2.34) although they
// are built on Debian 12 (glibc 2.36). See glibc_compat.c.
#ifndef KYC_GLIBC_COMPAT_H
#define KYC_GLIBC_COMPAT_H
float hypotf(float x, float y);
#endif

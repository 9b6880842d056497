// The Swift runtime's Float.hypot calls hypotf, which glibc 2.35 re-versioned (hypotf@GLIBC_2.35,
// like hypot). Defined here on top of the original hypot@GLIBC_2.2.5, the binary needs no glibc
// newer than 2.34 (provided.al2023); the result is the same, computed in double precision.
// scripts/package checks every artifact's glibc needs.
#include "kyc_glibc_compat.h"

#include <math.h>

__asm__(".symver hypot,hypot@GLIBC_2.2.5");

float hypotf(float x, float y) { return (float)hypot((double)x, (double)y); }

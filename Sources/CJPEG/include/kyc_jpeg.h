// JPEG decoding through libjpeg(-turbo) that can never take the process down.
//
// libjpeg's default error handler calls exit(). Here every error, and every corrupt-data
// warning, unwinds with longjmp to the caller, which gets -1 and a message. A progress monitor
// stops files with more scans than allowed (a tiny progressive file can otherwise take a
// minute), and the caller can decode straight to a smaller size with DCT scaling.
#ifndef KYC_JPEG_H
#define KYC_JPEG_H

#include <stddef.h>

typedef struct {
  int width;
  int height;
  int components;
  // libjpeg's J_COLOR_SPACE of the file: 1 grayscale, 2 RGB, 3 YCbCr, 4 CMYK, 5 YCCK.
  int color_space;
  int progressive;
} kyc_jpeg_header;

typedef struct {
  unsigned char *pixels;  // RGB, 3 bytes a pixel, row after row; free with kyc_jpeg_free
  int width;
  int height;
} kyc_jpeg_image;

// Reads the header only. 0 on success; -1 with a message in `error`.
int kyc_jpeg_read_header(const unsigned char *data, size_t size, kyc_jpeg_header *header, char *error,
                         size_t error_size);

// Decodes to RGB at 1/scale_denom of the size (1, 2, 4 or 8), refusing more than max_scans scans
// and more than max_memory bytes of libjpeg working memory.
int kyc_jpeg_decode_rgb(const unsigned char *data, size_t size, int scale_denom, int max_scans, long max_memory,
                        kyc_jpeg_image *image, char *error, size_t error_size);

void kyc_jpeg_free(kyc_jpeg_image *image);

#endif

#include "kyc_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

typedef struct {
  struct jpeg_error_mgr base;
  jmp_buf escape;
  char message[JMSG_LENGTH_MAX];
} error_manager;

typedef struct {
  struct jpeg_progress_mgr base;
  int max_scans;
  int exceeded;
} progress_manager;

static void on_error(j_common_ptr cinfo) {
  error_manager *manager = (error_manager *)cinfo->err;
  manager->base.format_message(cinfo, manager->message);
  longjmp(manager->escape, 1);
}

// Level -1 is a warning about corrupt data: for a KYC image that is as bad as an error.
static void on_message(j_common_ptr cinfo, int level) {
  if (level < 0) on_error(cinfo);
}

static void on_progress(j_common_ptr cinfo) {
  progress_manager *progress = (progress_manager *)cinfo->progress;
  j_decompress_ptr decompress = (j_decompress_ptr)cinfo;
  if (decompress->input_scan_number > progress->max_scans) {
    progress->exceeded = 1;
    error_manager *manager = (error_manager *)cinfo->err;
    snprintf(manager->message, sizeof manager->message, "too many progressive scans");
    longjmp(manager->escape, 1);
  }
}

static void install_errors(struct jpeg_decompress_struct *cinfo, error_manager *manager) {
  cinfo->err = jpeg_std_error(&manager->base);
  manager->base.error_exit = on_error;
  manager->base.emit_message = on_message;
  manager->message[0] = 0;
}

static void copy_message(const error_manager *manager, char *error, size_t error_size) {
  if (error && error_size) snprintf(error, error_size, "%s", manager->message[0] ? manager->message : "invalid JPEG");
}

int kyc_jpeg_read_header(const unsigned char *data, size_t size, kyc_jpeg_header *header, char *error,
                         size_t error_size) {
  struct jpeg_decompress_struct cinfo;
  error_manager manager;
  install_errors(&cinfo, &manager);
  if (setjmp(manager.escape)) {
    copy_message(&manager, error, error_size);
    jpeg_destroy_decompress(&cinfo);
    return -1;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, (unsigned long)size);
  jpeg_read_header(&cinfo, TRUE);
  header->width = (int)cinfo.image_width;
  header->height = (int)cinfo.image_height;
  header->components = cinfo.num_components;
  header->color_space = (int)cinfo.jpeg_color_space;
  header->progressive = jpeg_has_multiple_scans(&cinfo) ? 1 : 0;
  jpeg_destroy_decompress(&cinfo);
  return 0;
}

int kyc_jpeg_decode_rgb(const unsigned char *data, size_t size, int scale_denom, int max_scans, long max_memory,
                        kyc_jpeg_image *image, char *error, size_t error_size) {
  struct jpeg_decompress_struct cinfo;
  error_manager manager;
  progress_manager progress;
  // volatile: changed between setjmp and a possible longjmp.
  unsigned char *volatile pixels = NULL;
  memset(image, 0, sizeof *image);
  install_errors(&cinfo, &manager);
  if (setjmp(manager.escape)) {
    copy_message(&manager, error, error_size);
    free(pixels);
    jpeg_destroy_decompress(&cinfo);
    return -1;
  }
  jpeg_create_decompress(&cinfo);
  cinfo.mem->max_memory_to_use = max_memory;
  progress.base.progress_monitor = on_progress;
  progress.max_scans = max_scans;
  progress.exceeded = 0;
  cinfo.progress = &progress.base;
  jpeg_mem_src(&cinfo, data, (unsigned long)size);
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  cinfo.scale_num = 1;
  cinfo.scale_denom = (unsigned int)scale_denom;
  cinfo.dct_method = JDCT_ISLOW;
  jpeg_start_decompress(&cinfo);
  if (cinfo.output_components != 3) {
    snprintf(manager.message, sizeof manager.message, "unsupported colour space");
    longjmp(manager.escape, 1);
  }
  size_t stride = (size_t)cinfo.output_width * 3;
  pixels = malloc(stride * cinfo.output_height);
  if (!pixels) {
    snprintf(manager.message, sizeof manager.message, "out of memory");
    longjmp(manager.escape, 1);
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = pixels + stride * cinfo.output_scanline;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  image->pixels = pixels;
  image->width = (int)cinfo.output_width;
  image->height = (int)cinfo.output_height;
  jpeg_destroy_decompress(&cinfo);
  return 0;
}

void kyc_jpeg_free(kyc_jpeg_image *image) {
  if (image) {
    free(image->pixels);
    image->pixels = NULL;
  }
}

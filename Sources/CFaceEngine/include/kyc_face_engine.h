// Face detection (and, with models, face descriptors) on dlib, behind a C API.
//
// All of dlib stays in face_engine.cpp, one translation unit built optimised even in debug
// builds (unoptimised HOG is ~200x slower). Every C++ exception is caught at this boundary.
#ifndef KYC_FACE_ENGINE_H
#define KYC_FACE_ENGINE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kyc_face_engine kyc_face_engine;

typedef struct {
  long left;
  long top;
  long right;
  long bottom;
  double confidence;
} kyc_face_box;

// Creates the HOG frontal face detector. With `detector_path` naming a file written by
// kyc_face_engine_save_detector it loads in milliseconds; otherwise it is built from dlib's
// embedded model (about a quarter of a second). `loaded_from_file` tells which happened.
kyc_face_engine *kyc_face_engine_create(const char *detector_path, int *loaded_from_file, char *error,
                                        size_t error_size);

// Writes the detector in dlib's binary form, for fast loading.
int kyc_face_engine_save_detector(kyc_face_engine *engine, const char *path, char *error, size_t error_size);

// Finds frontal faces in an RGB image (3 bytes a pixel). `upsample` doubles the image that
// many times first, to find smaller faces. Returns the number of faces (at most max_boxes are
// written, largest first) or -1 on error.
int kyc_face_engine_detect(kyc_face_engine *engine, const unsigned char *rgb, int width, int height, int upsample,
                           kyc_face_box *boxes, int max_boxes, char *error, size_t error_size);

// Loads the 5-point shape predictor and the ResNet face descriptor network (dlib's
// shape_predictor_5_face_landmarks.dat and dlib_face_recognition_resnet_model_v1.dat).
int kyc_face_engine_load_recognition(kyc_face_engine *engine, const char *shape_predictor_path,
                                     const char *network_path, char *error, size_t error_size);

// The 128-dimensional descriptor of the face in `box`: aligned on its 5 landmarks to a
// 150x150 chip, then through the network. Faces of one person lie within about 0.6 of each other.
int kyc_face_engine_descriptor(kyc_face_engine *engine, const unsigned char *rgb, int width, int height,
                               kyc_face_box box, float *descriptor, char *error, size_t error_size);

void kyc_face_engine_destroy(kyc_face_engine *engine);

#ifdef __cplusplus
}
#endif

#endif

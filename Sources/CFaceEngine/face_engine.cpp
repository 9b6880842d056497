#include "kyc_face_engine.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

struct kyc_face_engine {
  dlib::frontal_face_detector detector;
};

namespace {

void report(char *error, size_t error_size, const char *message) {
  if (error && error_size) std::snprintf(error, error_size, "%s", message);
}

// Luma of an RGB buffer: HOG works on intensity, so the copy into dlib is a grey image.
dlib::array2d<unsigned char> grey(const unsigned char *rgb, int width, int height) {
  dlib::array2d<unsigned char> image(height, width);
  for (int y = 0; y < height; ++y) {
    const unsigned char *row = rgb + static_cast<size_t>(y) * width * 3;
    for (int x = 0; x < width; ++x) {
      const unsigned char *p = row + x * 3;
      image[y][x] = static_cast<unsigned char>((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
    }
  }
  return image;
}

}  // namespace

extern "C" {

kyc_face_engine *kyc_face_engine_create(const char *detector_path, int *loaded_from_file, char *error,
                                        size_t error_size) {
  try {
    auto engine = std::make_unique<kyc_face_engine>();
    if (loaded_from_file) *loaded_from_file = 0;
    if (detector_path) {
      std::ifstream in(detector_path, std::ios::binary);
      if (in) {
        try {
          dlib::deserialize(engine->detector, in);
          if (loaded_from_file) *loaded_from_file = 1;
          return engine.release();
        } catch (const std::exception &) {
          // A damaged file: fall back to the embedded model below.
        }
      }
    }
    engine->detector = dlib::get_frontal_face_detector();
    return engine.release();
  } catch (const std::exception &e) {
    report(error, error_size, e.what());
  } catch (...) {
    report(error, error_size, "face detector could not be created");
  }
  return nullptr;
}

int kyc_face_engine_save_detector(kyc_face_engine *engine, const char *path, char *error, size_t error_size) {
  try {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
      report(error, error_size, "cannot open the detector file for writing");
      return -1;
    }
    dlib::serialize(engine->detector, out);
    out.flush();
    return out ? 0 : -1;
  } catch (const std::exception &e) {
    report(error, error_size, e.what());
  } catch (...) {
    report(error, error_size, "detector could not be saved");
  }
  return -1;
}

int kyc_face_engine_detect(kyc_face_engine *engine, const unsigned char *rgb, int width, int height, int upsample,
                           kyc_face_box *boxes, int max_boxes, char *error, size_t error_size) {
  try {
    dlib::array2d<unsigned char> image = grey(rgb, width, height);
    double scale = 1;
    for (int i = 0; i < upsample; ++i) {
      dlib::pyramid_up(image);
      scale *= 2;
    }
    std::vector<dlib::rect_detection> found;
    engine->detector(image, found, 0.0);
    std::sort(found.begin(), found.end(), [](const dlib::rect_detection &a, const dlib::rect_detection &b) {
      return a.rect.area() > b.rect.area();
    });
    int count = static_cast<int>(found.size());
    for (int i = 0; i < count && i < max_boxes; ++i) {
      const dlib::rectangle &r = found[i].rect;
      boxes[i] = kyc_face_box{static_cast<long>(r.left() / scale), static_cast<long>(r.top() / scale),
                              static_cast<long>(r.right() / scale), static_cast<long>(r.bottom() / scale),
                              found[i].detection_confidence};
    }
    return count;
  } catch (const std::exception &e) {
    report(error, error_size, e.what());
  } catch (...) {
    report(error, error_size, "face detection failed");
  }
  return -1;
}

void kyc_face_engine_destroy(kyc_face_engine *engine) { delete engine; }

}  // extern "C"

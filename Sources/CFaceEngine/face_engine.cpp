#include "kyc_face_engine.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

namespace network {
// The layer structure of dlib_face_recognition_resnet_model_v1.dat: a ResNet of 29 convolutional
// layers ending in a 128-d metric embedding. The file stores weights only, so the type must
// match it exactly.
using namespace dlib;

template <int filters, template <typename> class norm, int stride, typename input>
using conv_pair = norm<con<filters, 3, 3, 1, 1, relu<norm<con<filters, 3, 3, stride, stride, input>>>>>;

template <template <int, template <typename> class, int, typename> class body, int filters,
          template <typename> class norm, typename input>
using same_size = add_prev1<body<filters, norm, 1, tag1<input>>>;

template <template <int, template <typename> class, int, typename> class body, int filters,
          template <typename> class norm, typename input>
using halved = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<body<filters, norm, 2, tag1<input>>>>>>;

template <int filters, typename input>
using unit = relu<same_size<conv_pair, filters, affine, input>>;
template <int filters, typename input>
using unit_down = relu<halved<conv_pair, filters, affine, input>>;

template <typename input>
using stage0 = unit_down<256, input>;
template <typename input>
using stage1 = unit<256, unit<256, unit_down<256, input>>>;
template <typename input>
using stage2 = unit<128, unit<128, unit_down<128, input>>>;
template <typename input>
using stage3 = unit<64, unit<64, unit<64, unit_down<64, input>>>>;
template <typename input>
using stage4 = unit<32, unit<32, unit<32, input>>>;

using descriptor_net = loss_metric<fc_no_bias<128, avg_pool_everything<stage0<stage1<stage2<stage3<stage4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;
}  // namespace network

struct kyc_face_engine {
  dlib::frontal_face_detector detector;
  dlib::shape_predictor landmarks;
  network::descriptor_net descriptors;
  bool recognition_loaded = false;
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

int kyc_face_engine_load_recognition(kyc_face_engine *engine, const char *shape_predictor_path,
                                     const char *network_path, char *error, size_t error_size) {
  try {
    dlib::deserialize(shape_predictor_path) >> engine->landmarks;
    dlib::deserialize(network_path) >> engine->descriptors;
    engine->recognition_loaded = true;
    return 0;
  } catch (const std::exception &e) {
    report(error, error_size, e.what());
  } catch (...) {
    report(error, error_size, "face recognition models could not be loaded");
  }
  return -1;
}

int kyc_face_engine_descriptor(kyc_face_engine *engine, const unsigned char *rgb, int width, int height,
                               kyc_face_box box, float *descriptor, char *error, size_t error_size) {
  try {
    if (!engine->recognition_loaded) {
      report(error, error_size, "face recognition models are not loaded");
      return -1;
    }
    dlib::matrix<dlib::rgb_pixel> image(height, width);
    for (int y = 0; y < height; ++y) {
      const unsigned char *row = rgb + static_cast<size_t>(y) * width * 3;
      for (int x = 0; x < width; ++x) image(y, x) = dlib::rgb_pixel(row[x * 3], row[x * 3 + 1], row[x * 3 + 2]);
    }
    dlib::rectangle face(box.left, box.top, box.right, box.bottom);
    dlib::full_object_detection shape = engine->landmarks(image, face);
    dlib::matrix<dlib::rgb_pixel> chip;
    dlib::extract_image_chip(image, dlib::get_face_chip_details(shape, 150, 0.25), chip);
    dlib::matrix<float, 0, 1> values = engine->descriptors(chip);
    for (long i = 0; i < values.size() && i < 128; ++i) descriptor[i] = values(i);
    return 0;
  } catch (const std::exception &e) {
    report(error, error_size, e.what());
  } catch (...) {
    report(error, error_size, "face descriptor failed");
  }
  return -1;
}

void kyc_face_engine_destroy(kyc_face_engine *engine) { delete engine; }

}  // extern "C"

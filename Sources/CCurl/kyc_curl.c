#include "kyc_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
  CURLcode (*global_init)(long);
  CURL *(*easy_init)(void);
  void (*easy_cleanup)(CURL *);
  void (*easy_reset)(CURL *);
  CURLcode (*easy_perform)(CURL *);
  const char *(*easy_strerror)(CURLcode);
  CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];
static int loaded;

#define RESOLVE(field, name)                                                       \
  do {                                                                             \
    *(void **)(&api.field) = dlsym(library, name);                                 \
    if (!api.field) {                                                              \
      snprintf(load_error, sizeof load_error, "libcurl lacks %s", name);           \
      return;                                                                      \
    }                                                                              \
  } while (0)

static void load(void) {
  void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    snprintf(load_error, sizeof load_error, "cannot load libcurl.so.4: %s", dlerror());
    return;
  }
  RESOLVE(global_init, "curl_global_init");
  RESOLVE(easy_init, "curl_easy_init");
  RESOLVE(easy_cleanup, "curl_easy_cleanup");
  RESOLVE(easy_reset, "curl_easy_reset");
  RESOLVE(easy_perform, "curl_easy_perform");
  RESOLVE(easy_strerror, "curl_easy_strerror");
  RESOLVE(easy_setopt, "curl_easy_setopt");
  RESOLVE(easy_getinfo, "curl_easy_getinfo");
  RESOLVE(slist_append, "curl_slist_append");
  RESOLVE(slist_free_all, "curl_slist_free_all");
  if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    snprintf(load_error, sizeof load_error, "curl_global_init failed");
    return;
  }
  loaded = 1;
}

int kyc_curl_load(char *error, size_t error_size) {
  pthread_once(&once, load);
  if (loaded) return 0;
  if (error && error_size) snprintf(error, error_size, "%s", load_error);
  return -1;
}

CURL *kyc_curl_easy_init(void) { return api.easy_init(); }
void kyc_curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
void kyc_curl_easy_reset(CURL *handle) { api.easy_reset(handle); }
CURLcode kyc_curl_easy_perform(CURL *handle) { return api.easy_perform(handle); }
const char *kyc_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
struct curl_slist *kyc_curl_slist_append(struct curl_slist *list, const char *value) {
  return api.slist_append(list, value);
}
void kyc_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode kyc_curl_set_long(CURL *handle, CURLoption option, long value) {
  return api.easy_setopt(handle, option, value);
}
CURLcode kyc_curl_set_pointer(CURL *handle, CURLoption option, const void *value) {
  return api.easy_setopt(handle, option, value);
}
CURLcode kyc_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value) {
  return api.easy_setopt(handle, option, value);
}
CURLcode kyc_curl_set_callback(CURL *handle, CURLoption option, kyc_curl_data_fn callback) {
  return api.easy_setopt(handle, option, callback);
}
long kyc_curl_response_code(CURL *handle) {
  long code = 0;
  api.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

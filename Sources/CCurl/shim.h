#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic; Swift cannot call them directly.
static inline CURLcode kyc_curl_set_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode kyc_curl_set_ptr(CURL *c, CURLoption o, const void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode kyc_curl_set_off(CURL *c, CURLoption o, curl_off_t v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode kyc_curl_set_write(CURL *c, size_t (*f)(char *, size_t, size_t, void *)) {
  return curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, f);
}
static inline CURLcode kyc_curl_set_header_fn(CURL *c, size_t (*f)(char *, size_t, size_t, void *)) {
  return curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, f);
}
static inline CURLcode kyc_curl_set_read(CURL *c, size_t (*f)(char *, size_t, size_t, void *)) {
  return curl_easy_setopt(c, CURLOPT_READFUNCTION, f);
}
static inline long kyc_curl_status(CURL *c) { long v = 0; curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &v); return v; }

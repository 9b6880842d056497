// libcurl, loaded on first use.
//
// The functions link no libcurl at load time: libcurl pulls in some thirty shared libraries
// (TLS, Kerberos, LDAP, ...) that cost every process several milliseconds to map, and most
// invocations of most functions never make an HTTP call. The first call to kyc_curl_load()
// dlopen()s libcurl.so.4 and resolves the handful of entry points below.
//
// curl_easy_setopt/getinfo are variadic, which Swift cannot call: the typed wrappers here do.
#ifndef KYC_CURL_H
#define KYC_CURL_H

#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*kyc_curl_data_fn)(char *data, size_t size, size_t count, void *context);

// 0 when libcurl is loaded and initialised; otherwise -1, with a message in `error`.
int kyc_curl_load(char *error, size_t error_size);

CURL *kyc_curl_easy_init(void);
void kyc_curl_easy_cleanup(CURL *handle);
void kyc_curl_easy_reset(CURL *handle);
CURLcode kyc_curl_easy_perform(CURL *handle);
const char *kyc_curl_easy_strerror(CURLcode code);
struct curl_slist *kyc_curl_slist_append(struct curl_slist *list, const char *value);
void kyc_curl_slist_free_all(struct curl_slist *list);

CURLcode kyc_curl_set_long(CURL *handle, CURLoption option, long value);
CURLcode kyc_curl_set_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode kyc_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode kyc_curl_set_callback(CURL *handle, CURLoption option, kyc_curl_data_fn callback);
long kyc_curl_response_code(CURL *handle);

#endif

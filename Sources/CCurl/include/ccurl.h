#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
// One typed wrapper per argument type keeps every call checked by the compiler.

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_setopt_mime(CURL *handle, CURLoption option, curl_mime *value);
CURLcode ccurl_setopt_write_callback(CURL *handle, CURLoption option,
                                     size_t (*callback)(char *, size_t, size_t, void *));
CURLcode ccurl_setopt_read_callback(CURL *handle, CURLoption option,
                                    size_t (*callback)(char *, size_t, size_t, void *));
CURLcode ccurl_setopt_xferinfo_callback(CURL *handle, CURLoption option,
                                        int (*callback)(void *, curl_off_t, curl_off_t,
                                                        curl_off_t, curl_off_t));

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

#endif

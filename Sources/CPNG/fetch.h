// HTTP(S) downloads through libcurl, loaded at run time with dlopen (no build-time dependency,
// no curl headers: the few option numbers below are libcurl's stable ABI, see curl.h), and
// gzip inflate through zlib. Errors as data; Swift sees plain functions.
#ifndef LRSCHED_FETCH_H
#define LRSCHED_FETCH_H

#include <dlfcn.h>
#include <pthread.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

// curl.h: CURLOPTTYPE_LONG 0, OBJECTPOINT 10000, FUNCTIONPOINT 20000, OFF_T 30000.
enum {
  LRF_OPT_WRITEDATA = 10001, LRF_OPT_URL = 10002, LRF_OPT_ERRORBUFFER = 10010,
  LRF_OPT_WRITEFUNCTION = 20011, LRF_OPT_USERAGENT = 10018, LRF_OPT_LOW_SPEED_LIMIT = 19,
  LRF_OPT_LOW_SPEED_TIME = 20, LRF_OPT_NOPROGRESS = 43, LRF_OPT_FAILONERROR = 45,
  LRF_OPT_FOLLOWLOCATION = 52, LRF_OPT_XFERINFODATA = 10057, LRF_OPT_MAXREDIRS = 68,
  LRF_OPT_CONNECTTIMEOUT = 78, LRF_OPT_NOSIGNAL = 99, LRF_OPT_RESUME_FROM_LARGE = 30116,
  LRF_OPT_MAXFILESIZE_LARGE = 30117,
  LRF_OPT_PROTOCOLS = 181, LRF_OPT_REDIR_PROTOCOLS = 182, LRF_OPT_XFERINFOFUNCTION = 20219,
  LRF_INFO_RESPONSE_CODE = 0x200000 + 2,
  LRF_PROTO_HTTP_HTTPS = 3,
  LRF_E_WRITE_ERROR = 23, LRF_E_RANGE_ERROR = 33, LRF_E_ABORTED = 42, LRF_E_HTTP_ERROR = 22,
  LRF_E_TIMED_OUT = 28, LRF_E_FILESIZE_EXCEEDED = 63,
  LRF_NO_LIBCURL = -1,
};

/// One transfer appended to `fd` (already positioned at its end, `offset` bytes long).
typedef struct {
  int fd;
  long long offset;
  long long written;
  /// The file may not grow past this many bytes (the transfer is aborted).
  long long limit;
  long status;
  int write_errno;
  int too_large;
  /// Called with (bytes in the file so far, expected total or 0); nonzero aborts.
  int (*progress)(void *ctx, long long now, long long total);
  void *ctx;
  char error[256];
} lrf_transfer;

typedef struct {
  void *lib;
  int (*global_init)(long);
  void *(*easy_init)(void);
  int (*easy_setopt)(void *, int, ...);
  int (*easy_perform)(void *);
  int (*easy_getinfo)(void *, int, ...);
  void (*easy_cleanup)(void *);
  const char *(*easy_strerror)(int);
} lrf_curl;

// The loader's state lives in function-local statics: a file-scope static in a module header
// is not emitted for Swift importers under every linker (lld leaves it undefined).
static inline lrf_curl *lrf_api_slot(void) { static lrf_curl api; return &api; }
static inline int *lrf_state_slot(void) { static int state = 0; return &state; }  // 1 loaded, 2 unavailable
static inline pthread_once_t *lrf_once_slot(void) { static pthread_once_t once = PTHREAD_ONCE_INIT; return &once; }

static inline void lrf_load_once(void) {
  lrf_curl api;
  memset(&api, 0, sizeof api);
  int *state = lrf_state_slot();
  const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
  for (int i = 0; i < 3 && !api.lib; i++) api.lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  if (!api.lib) { *state = 2; return; }
  *(void **)&api.global_init = dlsym(api.lib, "curl_global_init");
  *(void **)&api.easy_init = dlsym(api.lib, "curl_easy_init");
  *(void **)&api.easy_setopt = dlsym(api.lib, "curl_easy_setopt");
  *(void **)&api.easy_perform = dlsym(api.lib, "curl_easy_perform");
  *(void **)&api.easy_getinfo = dlsym(api.lib, "curl_easy_getinfo");
  *(void **)&api.easy_cleanup = dlsym(api.lib, "curl_easy_cleanup");
  *(void **)&api.easy_strerror = dlsym(api.lib, "curl_easy_strerror");
  if (!api.global_init || !api.easy_init || !api.easy_setopt || !api.easy_perform || !api.easy_getinfo ||
      !api.easy_cleanup || !api.easy_strerror || api.global_init(3 /* CURL_GLOBAL_DEFAULT */) != 0) {
    *state = 2;
    return;
  }
  *lrf_api_slot() = api;
  *state = 1;
}

/// Loads libcurl once per process (thread-safe); NULL when it is not installed.
static inline lrf_curl *lrf_load(void) {
  pthread_once(lrf_once_slot(), lrf_load_once);
  return *lrf_state_slot() == 1 ? lrf_api_slot() : NULL;
}

static inline size_t lrf_on_write(char *data, size_t size, size_t n, void *user) {
  lrf_transfer *t = (lrf_transfer *)user;
  size_t total = size * n;
  if (t->offset + t->written + (long long)total > t->limit) { t->too_large = 1; return 0; }
  size_t done = 0;
  while (done < total) {
    ssize_t w = write(t->fd, data + done, total - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      t->write_errno = errno;
      return 0;
    }
    done += (size_t)w;
  }
  t->written += (long long)total;
  return total;
}

static inline int lrf_on_progress(void *user, long long dltotal, long long dlnow, long long ut, long long un) {
  (void)ut; (void)un;
  lrf_transfer *t = (lrf_transfer *)user;
  if (!t->progress) return 0;
  return t->progress(t->ctx, t->offset + dlnow, dltotal > 0 ? t->offset + dltotal : 0);
}

/// GETs `url` (http or https only, up to 5 redirects), asking for bytes from `t->offset` on when
/// it is > 0. Gives up when connecting takes `connect_timeout` seconds, or when fewer than
/// `min_speed` bytes a second arrive over `stall_seconds` (headers included: a server that
/// accepts and then says nothing stalls too). A body announced larger than `t->limit` is refused
/// before it starts (CURLOPT_MAXFILESIZE_LARGE); one that grows past it is cut by `lrf_on_write`.
/// Returns 0, a CURLcode (`t->error` has libcurl's message), or LRF_NO_LIBCURL.
static inline int lrf_fetch(lrf_transfer *t, const char *url, long connect_timeout, long stall_seconds, long min_speed) {
  lrf_curl *c = lrf_load();
  if (!c) return LRF_NO_LIBCURL;
  void *h = c->easy_init();
  if (!h) { strcpy(t->error, "curl_easy_init failed"); return 2; }
  t->error[0] = 0;
  c->easy_setopt(h, LRF_OPT_ERRORBUFFER, t->error);
  c->easy_setopt(h, LRF_OPT_URL, url);
  c->easy_setopt(h, LRF_OPT_USERAGENT, "lrsched");
  c->easy_setopt(h, LRF_OPT_PROTOCOLS, (long)LRF_PROTO_HTTP_HTTPS);
  c->easy_setopt(h, LRF_OPT_REDIR_PROTOCOLS, (long)LRF_PROTO_HTTP_HTTPS);
  c->easy_setopt(h, LRF_OPT_FOLLOWLOCATION, 1L);
  c->easy_setopt(h, LRF_OPT_MAXREDIRS, 5L);
  c->easy_setopt(h, LRF_OPT_FAILONERROR, 1L);
  c->easy_setopt(h, LRF_OPT_NOSIGNAL, 1L);
  c->easy_setopt(h, LRF_OPT_CONNECTTIMEOUT, connect_timeout);
  c->easy_setopt(h, LRF_OPT_LOW_SPEED_LIMIT, min_speed);
  c->easy_setopt(h, LRF_OPT_LOW_SPEED_TIME, stall_seconds);
  c->easy_setopt(h, LRF_OPT_WRITEFUNCTION, lrf_on_write);
  c->easy_setopt(h, LRF_OPT_WRITEDATA, (void *)t);
  c->easy_setopt(h, LRF_OPT_XFERINFOFUNCTION, lrf_on_progress);
  c->easy_setopt(h, LRF_OPT_XFERINFODATA, (void *)t);
  c->easy_setopt(h, LRF_OPT_NOPROGRESS, 0L);
  c->easy_setopt(h, LRF_OPT_MAXFILESIZE_LARGE, (long long)t->limit);
  if (t->offset > 0) c->easy_setopt(h, LRF_OPT_RESUME_FROM_LARGE, (long long)t->offset);
  int rc = c->easy_perform(h);
  long status = 0;
  c->easy_getinfo(h, LRF_INFO_RESPONSE_CODE, &status);
  t->status = status;
  if (rc != 0 && t->error[0] == 0) {
    strncpy(t->error, c->easy_strerror(rc), sizeof(t->error) - 1);
  }
  c->easy_cleanup(h);
  return rc;
}

/// A gzip stream being inflated (RFC 1952 wrapper: windowBits 16 + 15).
static inline int lrz_open(z_stream *s) {
  memset(s, 0, sizeof *s);
  return inflateInit2(s, 16 + MAX_WBITS);
}

#endif

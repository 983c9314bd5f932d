// The C that lrsched calls (with fetch.h): whole-operation helpers over libpng, errors as data.
// setjmp stays in C; Swift sees plain functions returning a status and a message.
#ifndef LRSCHED_CPNG_SHIM_H
#define LRSCHED_CPNG_SHIM_H

#include <png.h>
#include <zlib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/// libpng's filter masks as constants Swift can import.
enum { CPNG_FILTER_UP = PNG_FILTER_UP, CPNG_ALL_FILTERS = PNG_ALL_FILTERS };

/// A growable memory buffer the encoder writes into.
typedef struct {
  unsigned char *data;
  size_t size;
  size_t capacity;
  int failed;
} cpng_buffer;

static inline void cpng_buffer_write(png_structp png, png_bytep bytes, png_size_t n) {
  cpng_buffer *b = (cpng_buffer *)png_get_io_ptr(png);
  if (b->failed) return;
  if (b->size + n > b->capacity) {
    size_t cap = b->capacity ? b->capacity * 2 : 65536;
    while (cap < b->size + n) cap *= 2;
    unsigned char *p = (unsigned char *)realloc(b->data, cap);
    if (!p) { b->failed = 1; return; }
    b->data = p;
    b->capacity = cap;
  }
  memcpy(b->data + b->size, bytes, n);
  b->size += n;
}

static inline void cpng_flush(png_structp png) { (void)png; }

typedef struct {
  char message[256];
} cpng_error;

static inline void cpng_on_error(png_structp png, png_const_charp msg) {
  cpng_error *e = (cpng_error *)png_get_error_ptr(png);
  if (e) { strncpy(e->message, msg ? msg : "libpng error", sizeof(e->message) - 1); }
  png_longjmp(png, 1);
}

static inline void cpng_on_warning(png_structp png, png_const_charp msg) { (void)png; (void)msg; }

/// Encodes an 8-bit image into `out` (caller frees out->data with cpng_free).
/// `palette` (3 bytes per entry, `ncolors` ≤ 256) selects an indexed image whose `pixels`
/// are one index per pixel; with `palette == NULL`, `pixels` are RGB triples.
/// `keys`/`texts`: `ntext` text chunks, tEXt when the text is ASCII, iTXt (UTF-8) otherwise.
/// `filters`: libpng's PNG_FILTER_* mask; `strategy`: zlib's Z_* strategy.
/// Returns 0 on success, else fills `err`.
static inline int cpng_encode(
    cpng_buffer *out, cpng_error *err, int width, int height, const unsigned char *pixels,
    const unsigned char *palette, int ncolors, int bit_depth, const char *const *keys,
    const char *const *texts, int ntext, int level, int filters, int strategy) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, cpng_on_error, cpng_on_warning);
  if (!png) { strcpy(err->message, "png_create_write_struct failed"); return 1; }
  png_infop info = png_create_info_struct(png);
  if (!info) { png_destroy_write_struct(&png, NULL); strcpy(err->message, "out of memory"); return 1; }
  png_bytep volatile packed = NULL;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    free(packed);
    return 1;
  }
  png_set_write_fn(png, out, cpng_buffer_write, cpng_flush);
  png_set_compression_level(png, level);
  // memLevel sizes zlib's hash table, which Z_RLE never reads but slides every 32 KB of input:
  // 7 (not 9) takes that cost down and, on the one-cycle chart, also gives the smaller file
  // (docs/plotting.md, Speed). The RGB fallback keeps 9 for its LZ77 matches.
  png_set_compression_mem_level(png, palette ? 7 : 9);
  png_set_compression_strategy(png, strategy);
  if (palette) {
    png_set_IHDR(png, info, width, height, bit_depth, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_color pal[256];
    for (int i = 0; i < ncolors; i++) {
      pal[i].red = palette[3 * i]; pal[i].green = palette[3 * i + 1]; pal[i].blue = palette[3 * i + 2];
    }
    png_set_PLTE(png, info, pal, ncolors);
    png_set_filter(png, 0, filters);
    // The caller's indices are all below ncolors: skip libpng's per-pixel scan for larger ones.
    png_set_check_for_invalid_index(png, 0);
  } else {
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, 0, filters);
  }
  png_text text[16];
  int nt = ntext < 16 ? ntext : 16;
  for (int i = 0; i < nt; i++) {
    int ascii = 1;
    for (const unsigned char *c = (const unsigned char *)texts[i]; *c; c++) if (*c >= 0x80) { ascii = 0; break; }
    text[i].compression = ascii ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
    text[i].key = (png_charp)keys[i];
    text[i].text = (png_charp)texts[i];
    text[i].text_length = ascii ? strlen(texts[i]) : 0;
    text[i].itxt_length = ascii ? 0 : strlen(texts[i]);
    text[i].lang = ascii ? NULL : (png_charp)"";
    text[i].lang_key = ascii ? NULL : (png_charp)"";
  }
  if (nt > 0) png_set_text(png, info, text, nt);
  png_write_info(png, info);
  int channels = palette ? 1 : 3;
  size_t rowbytes = (size_t)width * channels;
  if (palette && bit_depth < 8) {
    size_t prow = ((size_t)width * bit_depth + 7) / 8;
    packed = (png_bytep)malloc(prow);
    if (!packed) { strcpy(err->message, "out of memory"); png_destroy_write_struct(&png, &info); return 1; }
    int per = 8 / bit_depth;
    for (int y = 0; y < height; y++) {
      memset(packed, 0, prow);
      const unsigned char *row = pixels + (size_t)y * width;
      for (int x = 0; x < width; x++) {
        packed[x / per] |= (unsigned char)(row[x] << (8 - bit_depth * (x % per + 1)));
      }
      png_write_row(png, packed);
    }
  } else {
    for (int y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(pixels + (size_t)y * rowbytes));
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  free(packed);
  if (out->failed) { strcpy(err->message, "out of memory"); return 1; }
  return 0;
}

static inline void cpng_free(cpng_buffer *b) { free(b->data); b->data = NULL; b->size = b->capacity = 0; }

/// Decodes PNG bytes to RGBA8 through libpng's simplified API. Returns 0 on success and
/// fills width/height and *rgba (caller frees with free()); else copies the message.
static inline int cpng_decode_rgba(const unsigned char *bytes, size_t size, int *width, int *height,
                                   unsigned char **rgba, cpng_error *err) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes, size)) {
    strncpy(err->message, image.message, sizeof(err->message) - 1);
    return 1;
  }
  image.format = PNG_FORMAT_RGBA;
  if (image.width > 16384 || image.height > 16384) {
    png_image_free(&image);
    strcpy(err->message, "image larger than 16384 x 16384");
    return 1;
  }
  size_t n = PNG_IMAGE_SIZE(image);
  unsigned char *buf = (unsigned char *)malloc(n);
  if (!buf) { png_image_free(&image); strcpy(err->message, "out of memory"); return 1; }
  if (!png_image_finish_read(&image, NULL, buf, 0, NULL)) {
    strncpy(err->message, image.message, sizeof(err->message) - 1);
    free(buf);
    png_image_free(&image);
    return 1;
  }
  *width = (int)image.width;
  *height = (int)image.height;
  *rgba = buf;
  return 0;
}

#endif

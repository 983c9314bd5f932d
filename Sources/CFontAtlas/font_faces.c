// Looks a face of the generated atlas (font_atlas.c) up by name.
#include <string.h>
#include "font_atlas.h"

const lrsched_font_face *lrsched_font_face_named(const char *name) {
  for (int i = 0; i < lrsched_font_face_count; i++) {
    if (strcmp(lrsched_font_faces[i].name, name) == 0) return &lrsched_font_faces[i];
  }
  return NULL;
}

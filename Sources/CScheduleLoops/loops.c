#include "CScheduleLoops.h"
#include <math.h>

static long floormod(long a, long b) {
  long r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

void csl_cosine(csl_group *g, int count, long steps, long t_max) {
  const double T = (double)t_max, eta = 0.0, pi = 3.141592653589793;
  double cached = 0;
  long cached_t = -1;
  for (long t = 1; t <= steps; t++) {
    if (floormod(t - 1 - t_max, 2 * t_max) == 0) {
      double c = (1 - cos(pi / T)) / 2;
      for (int i = 0; i < count; i++) g[i].lr = g[i].lr + (g[i].initial_lr - eta) * c;
      continue;
    }
    double den = cached_t == t - 1 ? cached : 1 + cos(pi * (double)(t - 1) / T);
    double num = 1 + cos(pi * (double)t / T);
    cached_t = t;
    cached = num;
    double ratio = num / den;
    for (int i = 0; i < count; i++) g[i].lr = ratio * (g[i].lr - eta) + eta;
  }
}

static double anneal_cos(double start, double end, double cos_out) { return end + (start - end) / 2.0 * cos_out; }

void csl_onecycle(csl_group *g, int count, long steps, long total_steps) {
  const double T = (double)total_steps, pi = 3.141592653589793;
  const double end1 = 0.3 * T - 1, end2 = T - 1;
  for (long t = 1; t <= steps; t++) {
    double s = (double)t;
    int first = s <= end1;
    double start = first ? 0.0 : end1, end = first ? end1 : end2;
    double pct = (s - start) / (end - start);
    double cos_out = cos(pi * pct) + 1;
    for (int i = 0; i < count; i++) {
      csl_group *p = &g[i];
      if (first) {
        p->momentum = anneal_cos(p->max_momentum, p->base_momentum, cos_out);
        p->lr = anneal_cos(p->initial_lr, p->max_lr, cos_out);
      } else {
        p->momentum = anneal_cos(p->base_momentum, p->max_momentum, cos_out);
        p->lr = anneal_cos(p->max_lr, p->min_lr, cos_out);
      }
    }
  }
}

void csl_cyclic(csl_group *g, int count, long steps, double base_lr, double max_lr, long step_size_up) {
  const double total = (double)(2 * step_size_up), ratio = (double)step_size_up / total;
  const double base_m = 0.8, max_m = 0.9;
  for (long t = 1; t <= steps; t++) {
    long cycle = (long)floor(1 + (double)t / total);
    double x = 1.0 + (double)t / total - (double)cycle;
    double scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    for (int i = 0; i < count; i++) {
      g[i].lr = base_lr + (max_lr - base_lr) * scale * 1.0;
      g[i].momentum = max_m - (max_m - base_m) * scale * 1.0;
    }
  }
}

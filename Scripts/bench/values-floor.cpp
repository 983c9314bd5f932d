// The formatting floor for `lrsched values "CosineAnnealingLR(T_max=1000)" --optimizer "SGD(lr=0.1)"
// --epochs 1 --steps-per-epoch N --format csv`: the same torch recursion (one cos per step, the
// previous numerator cached) and shortest round-trip digits from the C++ standard library
// (std::to_chars) into a 64 KiB buffer, nothing else. Its output is byte-identical to lrsched's
// (Scripts/bench-values.py checks). Build: c++ -O2 -std=c++17 values-floor.cpp -o values_floor
// Usage: values_floor N > out.csv
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char **argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1000000;
  const long tmax = 1000;
  const double base = 0.1, T = 1000.0, pi = 3.141592653589793;
  static char out[(1 << 16) + 256];
  char *p = out;
  std::fputs("step,epoch,lr\n", stdout);
  double lr = base, cached = 0;
  long cached_t = -1;
  for (long k = 0; k < n; k++) {
    p = std::to_chars(p, p + 24, k).ptr;
    *p++ = ',';
    p = std::to_chars(p, p + 24, k / n).ptr;
    *p++ = ',';
    char *start = p;
    p = std::to_chars(p, p + 32, lr).ptr;
    // repr(float) always shows a point or an exponent: 1.0, not 1 (only integral values lack both).
    if (!std::memchr(start, '.', p - start) && !std::memchr(start, 'e', p - start)) {
      *p++ = '.';
      *p++ = '0';
    }
    *p++ = '\n';
    if (p - out >= (1 << 16)) {
      std::fwrite(out, 1, p - out, stdout);
      p = out;
    }
    // scheduler.step(): last_epoch t = k + 1.
    const long t = k + 1;
    long m = (t - 1 - tmax) % (2 * tmax);
    if (m < 0) m += 2 * tmax;
    if (m == 0) {
      lr = lr + base * ((1 - std::cos(pi / T)) / 2);
    } else {
      double den = cached_t == t - 1 ? cached : 1 + std::cos(pi * (double)(t - 1) / T);
      double num = 1 + std::cos(pi * (double)t / T);
      cached_t = t;
      cached = num;
      lr = num / den * lr;
    }
  }
  std::fwrite(out, 1, p - out, stdout);
  return 0;
}

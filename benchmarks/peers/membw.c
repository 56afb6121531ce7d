// Memory read bandwidth, the bound of any full scan: streams a 1 GiB float32 array (far larger than
// the caches) with 16 independent partial sums per thread, for 1 .. all cores, and prints the best
// of 5 passes. Build: gcc -O3 -march=native -fopenmp membw.c -o membw
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define LANES 16
#define BLOCK (1 << 15)

static double pass(const float *a, size_t n, int threads, float *sink) {
  double t0 = omp_get_wtime();
  float total = 0;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(+ : total)
  for (size_t b = 0; b < n; b += BLOCK) {
    float acc[LANES] = {0};
    for (size_t i = b; i < b + BLOCK; i += LANES)
      for (int k = 0; k < LANES; k++) acc[k] += a[i + k];
    for (int k = 0; k < LANES; k++) total += acc[k];
  }
  *sink += total;
  return omp_get_wtime() - t0;
}

int main(void) {
  const size_t n = (size_t)1 << 28; // 2^28 floats = 1 GiB
  float *a = aligned_alloc(64, n * sizeof(float));
  if (!a) { fprintf(stderr, "membw: cannot allocate 1 GiB\n"); return 1; }
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; i++) a[i] = (float)(i % 5);
  float sink = 0;
  for (int t = 1; t <= omp_get_num_procs(); t++) {
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
      double dt = pass(a, n, t, &sink);
      if (dt < best) best = dt;
    }
    printf("membw threads=%d read %.1f GB/s (best of 5; checksum %g)\n", t, n * sizeof(float) / best / 1e9, sink);
  }
  free(a);
  return 0;
}

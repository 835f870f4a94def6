// Two builds of the sgemm (native/gemm-kernel.h) timed against each other, for changes too small to
// see through a shared machine's noise (bench/NOTES.md, session 17: two runs of one build differed
// by up to 8%). Both builds are compiled into this one program, each in its own namespace; they run
// in alternating pairs, 25 of them, with a loop of independent FMAs between the pairs. It prints
// each build's median rate as a fraction of that loop's (how near the core's peak it runs) and the
// median of the pairs' ratios, with its quartiles: change / parent. The ratio is the result; the
// fractions only locate it (an AVX2 build on this AVX-512 Xeon ran its sgemm above the loop).
//
//   git show HEAD:native/gemm-kernel.h > /tmp/parent.h       # or any other version
//   g++ -O3 -std=c++17 -mavx512f -mfma -Inative -DPARENT='"/tmp/parent.h"'
//       -DCHANGE='"gemm-kernel.h"' bench/gemm-ab.cc -o /tmp/gemm-ab      (one command)
//   /tmp/gemm-ab 1024                 # M = K = N = 1024
//   /tmp/gemm-ab 128 784 512          # M K N
//   /tmp/gemm-ab 0 256                # the micro-kernel alone on L1-resident panels, depth 256
//
// The cache blocks are gemm-avx512.cc's; -DAVX2 (with -mavx2 -mfma instead of -mavx512f) takes
// gemm-avx2.cc's. Each of MC, KC, FEW_ROWS and K_UNROLL can be set for the change alone, e.g.
// -DCHANGE_KC=384, so one header can be timed against itself with other blocks. Only row-major
// operands (C = A·B) are timed. Nothing here is built by npm: it is a tool for kernel work.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#ifdef AVX2
#define NABLA_VEC_BYTES 32
#define NABLA_MR 6
#define NABLA_MC 144
#define NABLA_FEW_ROWS 144
#define NABLA_K_UNROLL 1
#else
#define NABLA_VEC_BYTES 64
#define NABLA_MR 8
#define NABLA_MC 128
#define NABLA_FEW_ROWS 256
#define NABLA_K_UNROLL 4
#endif
#define NABLA_NV 2
#define NABLA_KC 256
#define NABLA_NC 2048

#define NABLA_IMPL gemmParent
#define NABLA_IMPL_NAME "parent"
#define nabla parent
#include PARENT
#undef nabla
#undef NABLA_IMPL
#undef NABLA_IMPL_NAME

#ifdef CHANGE_MC
#undef NABLA_MC
#define NABLA_MC CHANGE_MC
#endif
#ifdef CHANGE_KC
#undef NABLA_KC
#define NABLA_KC CHANGE_KC
#endif
#ifdef CHANGE_FEW_ROWS
#undef NABLA_FEW_ROWS
#define NABLA_FEW_ROWS CHANGE_FEW_ROWS
#endif
#ifdef CHANGE_K_UNROLL
#undef NABLA_K_UNROLL
#define NABLA_K_UNROLL CHANGE_K_UNROLL
#endif
// gemm.h is included once (#pragma once), into the parent's namespace.
namespace change {
using parent::GemmImpl;
using parent::GemmProblem;
}  // namespace change
#define NABLA_IMPL gemmChange
#define NABLA_IMPL_NAME "change"
#define nabla change
#include CHANGE
#undef nabla

namespace {

constexpr int kLanes = NABLA_VEC_BYTES / 4;
constexpr int kTileRows = NABLA_MR, kTileCols = NABLA_NV * kLanes;
typedef float Vec __attribute__((vector_size(NABLA_VEC_BYTES)));

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// GFLOP/s of 24 independent FMA chains: the core's peak, as the clock and the neighbours allow now.
__attribute__((noinline)) double fmaPeak() {
  Vec acc[24];
  for (int i = 0; i < 24; ++i) acc[i] = Vec{} + 0.001f * i;
  Vec scale = Vec{} + 0.9999f;
  const Vec shift = Vec{} + 1e-5f;
  const long trips = 1 << 20;
  const double t0 = now();
  for (long t = 0; t < trips; ++t) {
    __asm__ volatile("" : "+v"(scale));
#pragma GCC unroll 24
    for (int i = 0; i < 24; ++i) acc[i] = acc[i] * scale + shift;
  }
  const double seconds = now() - t0;
  float sink = 0;
  for (int i = 0; i < 24; ++i) sink += acc[i][0];
  __asm__ volatile("" : : "x"(sink));
  return 2.0 * kLanes * 24 * trips / seconds / 1e9;
}

// The micro-kernel alone, `reps` times over one pair of packed panels (kc deep) that stay in L1.
__attribute__((noinline)) void parentTile(long kc, const float* a, const float* b, float* c, long reps) {
  for (long r = 0; r < reps; ++r) {
    __asm__ volatile("" : "+r"(a), "+r"(b)::"memory");
    parent::microKernel(kc, a, b, c, kTileCols, kTileRows, kTileCols, true, nullptr, 0);
  }
}
__attribute__((noinline)) void changeTile(long kc, const float* a, const float* b, float* c, long reps) {
  for (long r = 0; r < reps; ++r) {
    __asm__ volatile("" : "+r"(a), "+r"(b)::"memory");
    change::microKernel(kc, a, b, c, kTileCols, kTileRows, kTileCols, true, nullptr, 0);
  }
}

float* filled(long count, int salt) {
  float* p = static_cast<float*>(std::aligned_alloc(64, (count * sizeof(float) + 63) / 64 * 64));
  for (long i = 0; i < count; ++i) p[i] = 0.01f * static_cast<float>((i * 7 + salt) % 13) - 0.06f;
  return p;
}

double median(std::vector<double> v, double at = 0.5) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(at * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s M [K N]   (M = 0: the micro-kernel alone, K deep)\n", argv[0]);
    return 2;
  }
  const long m = std::atol(argv[1]), k = argc > 2 ? std::atol(argv[2]) : m, n = argc > 3 ? std::atol(argv[3]) : m;
  std::function<double()> runParent, runChange;
  if (m == 0) {
    const long reps = 20000;
    float* a = filled(kTileRows * k, 1);
    float* b = filled(kTileCols * k, 2);
    float* c = filled(kTileRows * kTileCols, 3);
    const double flops = 2.0 * kTileRows * kTileCols * k * reps;
    runParent = [=] { const double t0 = now(); parentTile(k, a, b, c, reps); return flops / (now() - t0) / 1e9; };
    runChange = [=] { const double t0 = now(); changeTile(k, a, b, c, reps); return flops / (now() - t0) / 1e9; };
  } else {
    float* a = filled(m * k, 1);
    float* b = filled(k * n, 2);
    float* c = filled(m * n, 3);
    float* work = filled(std::max(parent::gemmParent.workFloats, change::gemmChange.workFloats), 4);
    const parent::GemmProblem g{a, b, c, m, n, k, k, 1, n, 1, n};
    const double flops = 2.0 * m * n * k;
    const int calls = static_cast<int>(3e7 / flops) + 1;  // ~0.15 ms and more a sample
    auto timed = [=](const parent::GemmImpl& impl) {
      const double t0 = now();
      for (int i = 0; i < calls; ++i) impl.run(g, 0, m, 0, n, work);
      return flops * calls / (now() - t0) / 1e9;
    };
    runParent = [=] { return timed(parent::gemmParent); };
    runChange = [=] { return timed(change::gemmChange); };
    runParent();
    runChange();
  }
  std::vector<double> parentShare, changeShare, ratio;
  for (int pair = 0; pair < 25; ++pair) {
    const double peak = fmaPeak();
    double p, q;
    if (pair % 2 == 0) {
      p = runParent();
      q = runChange();
    } else {
      q = runChange();
      p = runParent();
    }
    parentShare.push_back(p / peak);
    changeShare.push_back(q / peak);
    ratio.push_back(q / p);
  }
  char label[64];
  if (m == 0) std::snprintf(label, sizeof label, "micro-kernel, depth %ld", k);
  else std::snprintf(label, sizeof label, "%ldx%ldx%ld", m, k, n);
  std::printf("%s  parent %.3f of the FMA loop  change %.3f  change/parent %.3f (quartiles %.3f–%.3f)\n", label,
              median(parentShare), median(changeShare), median(ratio), median(ratio, 0.25), median(ratio, 0.75));
  return 0;
}

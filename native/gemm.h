// The single-precision matrix product (sgemm) shared between the portable driver and the
// ISA-specific kernels. See NOTE(sgemm) in gemm-kernel.h for the algorithm.
#pragma once

#include <cstddef>

namespace nabla {

// One matrix product C = op(A) · op(B) with op(A) m×k and op(B) k×n, both read through
// general strides so that a transpose is only a different pair of strides:
// op(A)(i, p) = a[i * rsa + p * csa], op(B)(p, j) = b[p * rsb + j * csb], C(i, j) = c[i * ldc + j].
// With `accumulate`, C += op(A) · op(B) (BLAS's beta = 1) instead of C = op(A) · op(B); with a
// `bias` row, it is added to every row of C as well.
struct GemmProblem {
  const float* a;
  const float* b;
  float* c;
  long m, n, k;
  long rsa, csa;
  long rsb, csb;
  long ldc;
  bool accumulate = false;
  // A row of n values added to every row of C (C (+)= op(A) · op(B) + bias), or null.
  const float* bias = nullptr;
  // op(B) already packed by the same implementation's packWhole (then b, rsb, csb are unused):
  // a product repeated with one weight (an RNN's 64 steps) packs it once.
  const float* packedB = nullptr;
};

// One ISA's implementation. `run` computes the rows [i0, i1) × columns [j0, j1) block of C
// (overwriting it) on the calling thread, using `work` (at least `workFloats` floats, 64-byte
// aligned) for the packed panels.
struct GemmImpl {
  const char* name;
  long workFloats;
  int mr, nr;  // the micro-tile: splitting work on multiples of these wastes nothing
  void (*run)(const GemmProblem& p, long i0, long i1, long j0, long j1, float* work);
  // Floats packWhole writes for a k × n op(B), and the packing itself (of p.b with p.rsb, p.csb).
  long (*packedFloats)(long k, long n);
  void (*packWhole)(const GemmProblem& p, float* out);
};

// Each is defined in its own translation unit, compiled with its own -m flags (see binding.gyp),
// so one build runs on any x86-64 and picks the best at run time.
extern const GemmImpl gemmPortable;
#if defined(__x86_64__) || defined(_M_X64)
extern const GemmImpl gemmAvx2;
extern const GemmImpl gemmAvx512;
#endif

}  // namespace nabla

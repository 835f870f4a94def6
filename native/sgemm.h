// The batched sgemm driver: picks the ISA at run time and splits the work over the thread pool.
#pragma once

#include "gemm.h"

namespace nabla {

// C[b] = op(A[b]) · op(B[b]) for b in [0, batch), with A[b] at a + b * strideA (0 broadcasts),
// likewise B, and C[b] at c + b * strideC.
struct BatchedGemm {
  GemmProblem problem;  // the first product
  long batch;
  long strideA, strideB, strideC;
};

void sgemm(const BatchedGemm& g);
// sgemm for products of one row (m = 1) whose op(B) has contiguous rows or columns (gemv.cc), each
// output's sum in an order that does not depend on the thread count; false, doing nothing, for
// any other product.
bool sgemvRows(const BatchedGemm& g);

// Packs op(B) of `p` (k × n, read through p.b, p.rsb, p.csb) into `out`, which holds
// sgemmPackedFloats(k, n) floats, for products with GemmProblem::packedB set. The layout belongs
// to the active implementation: pack again after setActiveGemm.
long sgemmPackedFloats(long k, long n);
void sgemmPackB(const GemmProblem& p, float* out);

// The implementation sgemm uses: the best the CPU supports, or NABLA_NATIVE_ISA
// (avx512 | avx2 | portable) when set, so tests can exercise the lower paths.
const GemmImpl& activeGemm();

// Switches to the named implementation if this CPU supports it (tests run every path).
bool setActiveGemm(const char* name);

}  // namespace nabla

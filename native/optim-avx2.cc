// The optimizer loops of optim-kernel.h compiled for AVX2 + FMA (4 doubles per vector);
// optim.cc calls these when the CPU has both.
#include "optim-kernel.h"

namespace nabla {

void sgdRangeAvx2(float* param, const float* grad, float* velocity, size_t n, const SgdStep& s) {
  sgdLoopFor(param, grad, velocity, n, s);
}

void adamRangeAvx2(float* param, const float* grad, float* m, float* v, size_t n, const AdamStep& s) {
  adamLoop(param, grad, m, v, n, s);
}

}  // namespace nabla

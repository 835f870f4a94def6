// The LSTM cell's pointwise half, float32, one pass each way; see lstmCellForward and
// lstmCellBackward in src/backends/types.ts for the layouts (gate blocks i, f, g, o per row).
#pragma once

#include <cstddef>

namespace nabla {

// gates [batch, 4h], c [batch, h] → out [batch, 2h] = h' | c', saved [batch, 5h] =
// σ(i) | σ(f) | tanh(g) | σ(o) | tanh(c').
void lstmCellForwardF32(const float* gates, const float* c, size_t batch, size_t hidden, float* out, float* saved);

// dOut [batch, 2h] = dh' | dc', c and saved as above → dGates [batch, 4h], dC [batch, h].
void lstmCellBackwardF32(const float* dOut, const float* c, const float* saved, size_t batch, size_t hidden,
                         float* dGates, float* dC);

}  // namespace nabla

// The activations go through the vectorized transcendentals (transcendental.h) a row block at a
// time, straight into `saved`, whose first 4h entries per row have the gates' layout; the rest is
// multiply-adds the compiler vectorizes.
#include "binding.h"
#include "lstm.h"

#include "transcendental.h"

namespace nabla {

void lstmCellForwardF32(const float* gates, const float* c, size_t batch, size_t hidden, float* out, float* saved) {
  const size_t h = hidden;
  for (size_t b = 0; b < batch; ++b) {
    const float* p = gates + b * 4 * h;
    float* s = saved + b * 5 * h;
    transcendentalF32(Transcendental::Sigmoid, p, s, 2 * h);  // i and f are adjacent
    transcendentalF32(Transcendental::Tanh, p + 2 * h, s + 2 * h, h);
    transcendentalF32(Transcendental::Sigmoid, p + 3 * h, s + 3 * h, h);
    const float* cRow = c + b * h;
    float* hOut = out + b * 2 * h;
    float* cOut = hOut + h;
    for (size_t j = 0; j < h; ++j) cOut[j] = s[h + j] * cRow[j] + s[j] * s[2 * h + j];
    transcendentalF32(Transcendental::Tanh, cOut, s + 4 * h, h);
    for (size_t j = 0; j < h; ++j) hOut[j] = s[3 * h + j] * s[4 * h + j];
  }
}

void lstmCellBackwardF32(const float* dOut, const float* c, const float* saved, size_t batch, size_t hidden,
                         float* dGates, float* dC) {
  const size_t h = hidden;
  for (size_t b = 0; b < batch; ++b) {
    const float* s = saved + b * 5 * h;
    const float* dh = dOut + b * 2 * h;
    const float* dcOut = dh + h;
    const float* cRow = c + b * h;
    float* dg = dGates + b * 4 * h;
    float* dcRow = dC + b * h;
    for (size_t j = 0; j < h; ++j) {
      const float i = s[j], f = s[h + j], g = s[2 * h + j], o = s[3 * h + j], tc = s[4 * h + j];
      // c' reaches the loss directly and through h' = o·tanh(c').
      const float dc = dcOut[j] + dh[j] * o * (1.0f - tc * tc);
      dg[j] = dc * g * i * (1.0f - i);
      dg[h + j] = dc * cRow[j] * f * (1.0f - f);
      dg[2 * h + j] = dc * i * (1.0f - g * g);
      dg[3 * h + j] = dh[j] * tc * o * (1.0f - o);
      dcRow[j] = dc * f;
    }
  }
}

// Entry points (see binding.h).
void lstmCellForwardEntry(F32 gates, F32 c, Size batch, Size hidden, F32 out, F32 saved) {
  if (!fits(batch * 4 * hidden, gates.length, "gates") || !fits(batch * hidden, c.length, "c") ||
      !fits(batch * 2 * hidden, out.length, "out") || !fits(batch * 5 * hidden, saved.length, "saved")) {
    return;
  }
  lstmCellForwardF32(gates.data, c.data, batch, hidden, out.data, saved.data);
}
NABLA_EXPORT(lstmCellForward, lstmCellForwardEntry);

void lstmCellBackwardEntry(F32 dOut, F32 c, F32 saved, Size batch, Size hidden, F32 dGates, F32 dC) {
  if (!fits(batch * 2 * hidden, dOut.length, "dOut") || !fits(batch * hidden, c.length, "c") ||
      !fits(batch * 5 * hidden, saved.length, "saved") || !fits(batch * 4 * hidden, dGates.length, "dGates") ||
      !fits(batch * hidden, dC.length, "dC")) {
    return;
  }
  lstmCellBackwardF32(dOut.data, c.data, saved.data, batch, hidden, dGates.data, dC.data);
}
NABLA_EXPORT(lstmCellBackward, lstmCellBackwardEntry);

}  // namespace nabla

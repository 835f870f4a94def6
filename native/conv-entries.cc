// The convolution kernels' addon entries (see binding.h). The conv shape's channels must divide by
// groups, and every array must hold its shape.
#include "binding.h"
#include "conv.h"

namespace nabla {

namespace {

bool readConv(Size batch, Size cIn, Size cOut, Size groups, I32 geometry, ConvShape* s, Window3* w) {
  *s = {batch, cIn, cOut, groups};
  return readWindow(geometry, w) &&
         check(groups >= 1 && cIn % groups == 0 && cOut % groups == 0, "conv channels must be divisible by groups");
}

int64_t imageSize(const ConvShape& s, const Window3& w) { return s.batch * s.cIn * w.inPlane(); }
int64_t outputSize(const ConvShape& s, const Window3& w) { return s.batch * s.cOut * w.outPlane(); }
int64_t weightSize(const ConvShape& s, const Window3& w) { return s.cIn / s.groups * s.cOut * w.kernel(); }

}  // namespace

void convForwardEntry(F32 x, F32 w, OptionalF32 bias, Size batch, Size cIn, Size cOut, Size groups, I32 geometry,
                      F32 y) {
  ConvShape s;
  Window3 win;
  if (!readConv(batch, cIn, cOut, groups, geometry, &s, &win) ||
      !fits(imageSize(s, win), x.length, "x") || !fits(weightSize(s, win), w.length, "w") ||
      !check(bias.data == nullptr || s.cOut <= bias.length, "bias shorter than cOut") ||
      !fits(outputSize(s, win), y.length, "y")) {
    return;
  }
  convForwardF32(x.data, w.data, bias.data, s, win, y.data);
}
NABLA_EXPORT(convForward, convForwardEntry);

// The convolution followed by y = clamp(y·scale[c] + shift[c] (+ residual), lo, hi) per output
// channel (ChannelEpilogue), with no bias.
void convForwardAffineEntry(F32 x, F32 w, Size batch, Size cIn, Size cOut, Size groups, I32 geometry, F32 scale,
                            F32 shift, OptionalF32 residual, double lo, double hi, F32 y) {
  ConvShape s;
  Window3 win;
  if (!readConv(batch, cIn, cOut, groups, geometry, &s, &win) ||
      !fits(imageSize(s, win), x.length, "x") || !fits(weightSize(s, win), w.length, "w") ||
      !fits(s.cOut, scale.length, "scale") || !fits(s.cOut, shift.length, "shift") ||
      !check(lo == lo && hi == hi && lo <= hi, "bounds must be numbers with lo <= hi") ||
      !fits(outputSize(s, win), y.length, "y") ||
      (residual.data != nullptr && !fits(outputSize(s, win), residual.length, "residual"))) {
    return;
  }
  const ChannelEpilogue post{scale.data, shift.data, static_cast<float>(lo), static_cast<float>(hi), residual.data,
                             y.data};
  convForwardF32(x.data, w.data, nullptr, s, win, y.data, &post);
}
NABLA_EXPORT(convForwardAffine, convForwardAffineEntry);

void convInputGradEntry(F32 dy, F32 w, Size batch, Size cIn, Size cOut, Size groups, I32 geometry, F32 dx) {
  ConvShape s;
  Window3 win;
  if (!readConv(batch, cIn, cOut, groups, geometry, &s, &win) ||
      !fits(outputSize(s, win), dy.length, "dy") || !fits(weightSize(s, win), w.length, "x or w") ||
      !fits(imageSize(s, win), dx.length, "output")) {
    return;
  }
  convInputGradF32(dy.data, w.data, s, win, dx.data);
}
NABLA_EXPORT(convInputGrad, convInputGradEntry);

void convWeightGradEntry(F32 x, F32 dy, Size batch, Size cIn, Size cOut, Size groups, I32 geometry, F32 dw) {
  ConvShape s;
  Window3 win;
  if (!readConv(batch, cIn, cOut, groups, geometry, &s, &win) ||
      !fits(imageSize(s, win), x.length, "x or w") || !fits(outputSize(s, win), dy.length, "dy") ||
      !fits(weightSize(s, win), dw.length, "output")) {
    return;
  }
  convWeightGradF32(x.data, dy.data, s, win, dw.data);
}
NABLA_EXPORT(convWeightGrad, convWeightGradEntry);

}  // namespace nabla

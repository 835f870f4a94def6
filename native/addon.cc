// N-API entry points of nabla's native backend. The kernels work in place on the caller's
// typed arrays (napi_get_typedarray_info gives their memory; nothing is copied).
//
// Kernels do not validate their arguments (the ops do, once), but a wrong length here would
// write outside a JavaScript buffer and corrupt the heap, so every entry point still checks
// array types and bounds: a cheap TypeError/RangeError instead of a crash.

#include <node_api.h>

#include <cstdint>

#include "cross-entropy.h"
#include "conv.h"
#include "elementwise.h"
#include "lstm.h"
#include "memory.h"
#include "sgemm.h"
#include "optim.h"
#include "reduce.h"
#include "thread-pool.h"
#include "window.h"

namespace nabla {
namespace {

#define NABLA_CALL(env, call)                                    \
  do {                                                           \
    if ((call) != napi_ok) {                                     \
      napi_throw_error((env), nullptr, "nabla native: " #call); \
      return nullptr;                                            \
    }                                                            \
  } while (0)

struct Float32Array {
  float* data = nullptr;
  size_t length = 0;
};

bool getFloat32Array(napi_env env, napi_value value, const char* name, Float32Array* out) {
  bool isTypedArray = false;
  napi_typedarray_type type;
  void* data = nullptr;
  if (napi_is_typedarray(env, value, &isTypedArray) != napi_ok || !isTypedArray ||
      napi_get_typedarray_info(env, value, &type, &out->length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float32_array) {
    napi_throw_type_error(env, nullptr, name);
    return false;
  }
  out->data = static_cast<float*>(data);
  return true;
}

bool getInt(napi_env env, napi_value value, int64_t* out) {
  if (napi_get_value_int64(env, value, out) != napi_ok || *out < 0) {
    napi_throw_range_error(env, nullptr, "nabla native: expected a non-negative integer");
    return false;
  }
  return true;
}

// Elements a strided batch of `rows × cols` matrices spans: the last one ends there.
int64_t span(int64_t batch, int64_t stride, int64_t rows, int64_t cols) {
  if (batch == 0 || rows == 0 || cols == 0) return 0;
  return (batch - 1) * stride + rows * cols;
}

// matmul(a, b, out, batch, m, n, k, transA, transB, strideA, strideB, accumulate): see GemmShape
// in src/backends/types.ts.
napi_value Matmul(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 12) {
    napi_throw_type_error(env, nullptr, "nabla native: matmul takes 12 arguments");
    return nullptr;
  }
  Float32Array a, b, c;
  if (!getFloat32Array(env, argv[0], "nabla native: matmul a must be a Float32Array", &a) ||
      !getFloat32Array(env, argv[1], "nabla native: matmul b must be a Float32Array", &b) ||
      !getFloat32Array(env, argv[2], "nabla native: matmul out must be a Float32Array", &c)) {
    return nullptr;
  }
  int64_t batch, m, n, k, strideA, strideB;
  bool transA, transB, accumulate;
  if (!getInt(env, argv[3], &batch) || !getInt(env, argv[4], &m) || !getInt(env, argv[5], &n) ||
      !getInt(env, argv[6], &k) || !getInt(env, argv[9], &strideA) || !getInt(env, argv[10], &strideB)) {
    return nullptr;
  }
  NABLA_CALL(env, napi_get_value_bool(env, argv[7], &transA));
  NABLA_CALL(env, napi_get_value_bool(env, argv[8], &transB));
  NABLA_CALL(env, napi_get_value_bool(env, argv[11], &accumulate));
  if (span(batch, strideA, m, k) > static_cast<int64_t>(a.length) ||
      span(batch, strideB, k, n) > static_cast<int64_t>(b.length) ||
      span(batch, m * n, m, n) > static_cast<int64_t>(c.length)) {
    napi_throw_range_error(env, nullptr, "nabla native: matmul operand shorter than its shape");
    return nullptr;
  }
  BatchedGemm g;
  g.problem.a = a.data;
  g.problem.b = b.data;
  g.problem.c = c.data;
  g.problem.m = m;
  g.problem.n = n;
  g.problem.k = k;
  // A is [m, k] or, transposed, [k, m]; B is [k, n] or [n, k]. A transpose only swaps strides.
  g.problem.rsa = transA ? 1 : k;
  g.problem.csa = transA ? m : 1;
  g.problem.rsb = transB ? 1 : n;
  g.problem.csb = transB ? k : 1;
  g.problem.ldc = n;
  g.problem.accumulate = accumulate;
  g.batch = batch;
  g.strideA = strideA;
  g.strideB = strideB;
  g.strideC = m * n;
  sgemm(g);
  return nullptr;
}

// The packed panels are read with aligned vector loads, but a JavaScript buffer is only 8- or
// 16-byte aligned: gemmPackB writes from the first 64-byte boundary inside `out`, which is 16
// floats longer than the panels for that, and matmulPacked finds the same boundary again (a
// buffer over 64 bytes lives outside V8's heap, so it never moves).
constexpr int64_t kPackSlack = 16;

float* aligned64(float* p) {
  const uintptr_t address = reinterpret_cast<uintptr_t>(p);
  return reinterpret_cast<float*>((address + 63) / 64 * 64);
}

// Whether `packed` holds the panels of a k × n op(B) from its 64-byte boundary on.
bool packedFits(const Float32Array& packed, int64_t k, int64_t n) {
  const int64_t skip = aligned64(packed.data) - packed.data;
  return skip + sgemmPackedFloats(k, n) <= static_cast<int64_t>(packed.length);
}

// gemmPackedSize(k, n): the floats gemmPackB needs for a k × n op(B) with the active kernel.
napi_value GemmPackedSize(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int64_t k, n;
  if (argc != 2 || !getInt(env, argv[0], &k) || !getInt(env, argv[1], &n)) return nullptr;
  napi_value result;
  NABLA_CALL(env, napi_create_int64(env, sgemmPackedFloats(k, n) + kPackSlack, &result));
  return result;
}

// gemmPackB(b, k, n, transB, out): packs op(B) (k × n; b is [k, n], or [n, k] when transB) into
// out for matmulPacked.
napi_value GemmPackB(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 5) {
    napi_throw_type_error(env, nullptr, "nabla native: gemmPackB takes 5 arguments");
    return nullptr;
  }
  Float32Array b, out;
  int64_t k, n;
  bool transB;
  if (!getFloat32Array(env, argv[0], "nabla native: gemmPackB b must be a Float32Array", &b) ||
      !getInt(env, argv[1], &k) || !getInt(env, argv[2], &n) ||
      !getFloat32Array(env, argv[4], "nabla native: gemmPackB out must be a Float32Array", &out)) {
    return nullptr;
  }
  NABLA_CALL(env, napi_get_value_bool(env, argv[3], &transB));
  if (k * n > static_cast<int64_t>(b.length) || !packedFits(out, k, n)) {
    napi_throw_range_error(env, nullptr, "nabla native: gemmPackB operand shorter than its shape");
    return nullptr;
  }
  GemmProblem p{};
  p.b = b.data;
  p.n = n;
  p.k = k;
  p.rsb = transB ? 1 : n;
  p.csb = transB ? k : 1;
  sgemmPackB(p, aligned64(out.data));
  return nullptr;
}

// matmulPacked(a, packed, out, m, n, k, accumulate): out (+)= a · op(B) for a row-major [m, k]
// and op(B) packed by gemmPackB with the same kernel.
napi_value MatmulPacked(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 7) {
    napi_throw_type_error(env, nullptr, "nabla native: matmulPacked takes 7 arguments");
    return nullptr;
  }
  Float32Array a, packed, c;
  int64_t m, n, k;
  bool accumulate;
  if (!getFloat32Array(env, argv[0], "nabla native: matmulPacked a must be a Float32Array", &a) ||
      !getFloat32Array(env, argv[1], "nabla native: matmulPacked packed must be a Float32Array", &packed) ||
      !getFloat32Array(env, argv[2], "nabla native: matmulPacked out must be a Float32Array", &c) ||
      !getInt(env, argv[3], &m) || !getInt(env, argv[4], &n) || !getInt(env, argv[5], &k)) {
    return nullptr;
  }
  NABLA_CALL(env, napi_get_value_bool(env, argv[6], &accumulate));
  if (m * k > static_cast<int64_t>(a.length) || m * n > static_cast<int64_t>(c.length) ||
      !packedFits(packed, k, n)) {
    napi_throw_range_error(env, nullptr, "nabla native: matmulPacked operand shorter than its shape");
    return nullptr;
  }
  BatchedGemm g;
  g.problem.a = a.data;
  g.problem.b = nullptr;
  g.problem.c = c.data;
  g.problem.m = m;
  g.problem.n = n;
  g.problem.k = k;
  g.problem.rsa = k;
  g.problem.csa = 1;
  g.problem.rsb = 0;
  g.problem.csb = 0;
  g.problem.ldc = n;
  g.problem.accumulate = accumulate;
  g.problem.packedB = aligned64(packed.data);
  g.batch = 1;
  g.strideA = 0;
  g.strideB = 0;
  g.strideC = m * n;
  sgemm(g);
  return nullptr;
}

// unary(code, x, out): see UnaryCode in elementwise.h.
napi_value Unary(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int64_t code;
  Float32Array x, out;
  if (argc != 3 || !getInt(env, argv[0], &code) ||
      !getFloat32Array(env, argv[1], "nabla native: unary x must be a Float32Array", &x) ||
      !getFloat32Array(env, argv[2], "nabla native: unary out must be a Float32Array", &out)) {
    return nullptr;
  }
  if (code >= static_cast<int64_t>(UnaryCode::Count) || x.length < out.length) {
    napi_throw_range_error(env, nullptr, "nabla native: unary op code or length out of range");
    return nullptr;
  }
  unaryF32(static_cast<UnaryCode>(code), x.data, out.data, out.length);
  return nullptr;
}

// binary(code, a, aOffset, aPeriod, b, bOffset, bPeriod, out): see binaryF32 in elementwise.h.
napi_value Binary(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int64_t code, aOffset, aPeriod, bOffset, bPeriod;
  Float32Array a, b, out;
  if (argc != 8 || !getInt(env, argv[0], &code) ||
      !getFloat32Array(env, argv[1], "nabla native: binary a must be a Float32Array", &a) ||
      !getInt(env, argv[2], &aOffset) || !getInt(env, argv[3], &aPeriod) ||
      !getFloat32Array(env, argv[4], "nabla native: binary b must be a Float32Array", &b) ||
      !getInt(env, argv[5], &bOffset) || !getInt(env, argv[6], &bPeriod) ||
      !getFloat32Array(env, argv[7], "nabla native: binary out must be a Float32Array", &out)) {
    return nullptr;
  }
  const int64_t n = static_cast<int64_t>(out.length);
  if (n == 0) return nullptr;
  const bool valid = code < static_cast<int64_t>(BinaryCode::Count) && aPeriod > 0 && bPeriod > 0 &&
                     n % aPeriod == 0 && n % bPeriod == 0 && (aPeriod == n || bPeriod == n) &&
                     aOffset + aPeriod <= static_cast<int64_t>(a.length) &&
                     bOffset + bPeriod <= static_cast<int64_t>(b.length);
  if (!valid) {
    napi_throw_range_error(env, nullptr, "nabla native: binary op code, period or length out of range");
    return nullptr;
  }
  binaryF32(static_cast<BinaryCode>(code), a.data + aOffset, aPeriod, b.data + bOffset, bPeriod, out.data, n);
  return nullptr;
}

bool getInt32Array(napi_env env, napi_value value, const char* name, int32_t** data, size_t* length) {
  bool isTypedArray = false;
  napi_typedarray_type type;
  void* raw = nullptr;
  if (napi_is_typedarray(env, value, &isTypedArray) != napi_ok || !isTypedArray ||
      napi_get_typedarray_info(env, value, &type, length, &raw, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array) {
    napi_throw_type_error(env, nullptr, name);
    return false;
  }
  *data = static_cast<int32_t*>(raw);
  return true;
}

// The 18 integers of a Window3 (window.h); sizes and paddings ≥ 0, strides and dilations ≥ 1.
bool getWindow(napi_env env, napi_value value, Window3* w) {
  int32_t* g = nullptr;
  size_t length = 0;
  if (!getInt32Array(env, value, "nabla native: window geometry must be an Int32Array", &g, &length)) return false;
  if (length != 18) {
    napi_throw_range_error(env, nullptr, "nabla native: window geometry must have 18 entries");
    return false;
  }
  int64_t* fields[18] = {&w->id, &w->ih, &w->iw, &w->kd, &w->kh, &w->kw, &w->od, &w->oh, &w->ow,
                         &w->sd, &w->sh, &w->sw, &w->pd, &w->ph, &w->pw, &w->dd, &w->dh, &w->dw};
  for (int i = 0; i < 18; ++i) {
    *fields[i] = g[i];
    const bool positive = (i >= 9 && i < 12) || i >= 15;  // strides and dilations
    if (g[i] < (positive ? 1 : 0)) {
      napi_throw_range_error(env, nullptr, "nabla native: invalid window geometry");
      return false;
    }
  }
  return true;
}

bool fits(napi_env env, int64_t needed, size_t length, const char* what) {
  if (needed <= static_cast<int64_t>(length)) return true;
  napi_throw_range_error(env, nullptr, what);
  return false;
}

// im2col(x, channels, window, cols) and col2im(cols, channels, window, x): see window.h.
template <bool Adjoint>
napi_value Unfold(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array first, last;
  int64_t channels;
  Window3 w;
  if (argc != 4 || !getFloat32Array(env, argv[0], "nabla native: im2col/col2im arrays must be Float32Arrays", &first) ||
      !getInt(env, argv[1], &channels) || !getWindow(env, argv[2], &w) ||
      !getFloat32Array(env, argv[3], "nabla native: im2col/col2im arrays must be Float32Arrays", &last)) {
    return nullptr;
  }
  const Float32Array& image = Adjoint ? last : first;
  const Float32Array& columns = Adjoint ? first : last;
  if (!fits(env, channels * w.inPlane(), image.length, "nabla native: image shorter than its shape") ||
      !fits(env, channels * w.kernel() * w.outPlane(), columns.length, "nabla native: columns shorter than their shape")) {
    return nullptr;
  }
  if (Adjoint) {
    col2imF32(columns.data, channels, w, image.data);
  } else {
    im2colF32(image.data, channels, w, columns.data);
  }
  return nullptr;
}

// The arguments every batched conv entry point shares: batch, cIn, cOut, groups (argv[at..at+3])
// and the window (argv[at+4]), checked so that the kernels stay inside the arrays.
bool getConvShape(napi_env env, const napi_value* argv, ConvShape* s, Window3* w) {
  if (!getInt(env, argv[0], &s->batch) || !getInt(env, argv[1], &s->cIn) || !getInt(env, argv[2], &s->cOut) ||
      !getInt(env, argv[3], &s->groups) || !getWindow(env, argv[4], w)) {
    return false;
  }
  if (s->groups < 1 || s->cIn % s->groups != 0 || s->cOut % s->groups != 0) {
    napi_throw_range_error(env, nullptr, "nabla native: conv channels must be divisible by groups");
    return false;
  }
  return true;
}

// convForward(x, w, bias | null, batch, cIn, cOut, groups, window, y): see conv.h.
napi_value ConvForward(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array x, w, bias, y;
  ConvShape s;
  Window3 win;
  napi_valuetype biasType;
  if (argc != 9 || !getFloat32Array(env, argv[0], "nabla native: convForward x must be a Float32Array", &x) ||
      !getFloat32Array(env, argv[1], "nabla native: convForward w must be a Float32Array", &w) ||
      napi_typeof(env, argv[2], &biasType) != napi_ok ||
      (biasType != napi_null &&
       !getFloat32Array(env, argv[2], "nabla native: convForward bias must be a Float32Array or null", &bias)) ||
      !getConvShape(env, argv + 3, &s, &win) ||
      !getFloat32Array(env, argv[8], "nabla native: convForward y must be a Float32Array", &y)) {
    return nullptr;
  }
  if (!fits(env, s.batch * s.cIn * win.inPlane(), x.length, "nabla native: convForward x shorter than its shape") ||
      !fits(env, s.cIn / s.groups * s.cOut * win.kernel(), w.length, "nabla native: convForward w shorter than its shape") ||
      (biasType != napi_null && !fits(env, s.cOut, bias.length, "nabla native: convForward bias shorter than cOut")) ||
      !fits(env, s.batch * s.cOut * win.outPlane(), y.length, "nabla native: convForward y shorter than its shape")) {
    return nullptr;
  }
  convForwardF32(x.data, w.data, biasType == napi_null ? nullptr : bias.data, s, win, y.data);
  return nullptr;
}

// convInputGrad(dy, w, batch, cIn, cOut, groups, window, dx) and
// convWeightGrad(x, dy, batch, cIn, cOut, groups, window, dw): see conv.h.
template <bool Weight>
napi_value ConvGrad(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array first, second, out;
  ConvShape s;
  Window3 win;
  if (argc != 8 || !getFloat32Array(env, argv[0], "nabla native: conv gradient arrays must be Float32Arrays", &first) ||
      !getFloat32Array(env, argv[1], "nabla native: conv gradient arrays must be Float32Arrays", &second) ||
      !getConvShape(env, argv + 2, &s, &win) ||
      !getFloat32Array(env, argv[7], "nabla native: conv gradient arrays must be Float32Arrays", &out)) {
    return nullptr;
  }
  const int64_t image = s.batch * s.cIn * win.inPlane();
  const int64_t grads = s.batch * s.cOut * win.outPlane();
  const int64_t weights = s.cIn / s.groups * s.cOut * win.kernel();
  const Float32Array& dy = Weight ? second : first;
  if (!fits(env, grads, dy.length, "nabla native: conv gradient dy shorter than its shape") ||
      !fits(env, Weight ? image : weights, Weight ? first.length : second.length,
            "nabla native: conv gradient x or w shorter than its shape") ||
      !fits(env, Weight ? weights : image, out.length, "nabla native: conv gradient output shorter than its shape")) {
    return nullptr;
  }
  if (Weight) {
    convWeightGradF32(first.data, second.data, s, win, out.data);
  } else {
    convInputGradF32(first.data, second.data, s, win, out.data);
  }
  return nullptr;
}

// maxPoolForward(x, planes, window, out, indices): see window.h.
napi_value MaxPoolForward(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array x, out;
  int64_t planes;
  Window3 w;
  int32_t* indices = nullptr;
  size_t indicesLength = 0;
  if (argc != 5 || !getFloat32Array(env, argv[0], "nabla native: maxPoolForward x must be a Float32Array", &x) ||
      !getInt(env, argv[1], &planes) || !getWindow(env, argv[2], &w) ||
      !getFloat32Array(env, argv[3], "nabla native: maxPoolForward out must be a Float32Array", &out) ||
      !getInt32Array(env, argv[4], "nabla native: maxPoolForward indices must be an Int32Array", &indices, &indicesLength)) {
    return nullptr;
  }
  if (!fits(env, planes * w.inPlane(), x.length, "nabla native: maxPoolForward x shorter than its shape") ||
      !fits(env, planes * w.outPlane(), out.length, "nabla native: maxPoolForward out shorter than its shape") ||
      !fits(env, planes * w.outPlane(), indicesLength, "nabla native: maxPoolForward indices shorter than out")) {
    return nullptr;
  }
  maxPoolForwardF32(x.data, planes, w, out.data, indices);
  return nullptr;
}

// maxPoolBackward(dy, indices, planes, inPlane, outPlane, dx): see window.h.
napi_value MaxPoolBackward(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array dy, dx;
  int32_t* indices = nullptr;
  size_t indicesLength = 0;
  int64_t planes, inPlane, outPlane;
  if (argc != 6 || !getFloat32Array(env, argv[0], "nabla native: maxPoolBackward dy must be a Float32Array", &dy) ||
      !getInt32Array(env, argv[1], "nabla native: maxPoolBackward indices must be an Int32Array", &indices, &indicesLength) ||
      !getInt(env, argv[2], &planes) || !getInt(env, argv[3], &inPlane) || !getInt(env, argv[4], &outPlane) ||
      !getFloat32Array(env, argv[5], "nabla native: maxPoolBackward dx must be a Float32Array", &dx)) {
    return nullptr;
  }
  if (!fits(env, planes * outPlane, dy.length, "nabla native: maxPoolBackward dy shorter than its shape") ||
      !fits(env, planes * outPlane, indicesLength, "nabla native: maxPoolBackward indices shorter than dy") ||
      !fits(env, planes * inPlane, dx.length, "nabla native: maxPoolBackward dx shorter than its shape")) {
    return nullptr;
  }
  maxPoolBackwardF32(dy.data, indices, planes, inPlane, outPlane, dx.data);
  return nullptr;
}

bool getDoubles(napi_env env, const napi_value* argv, size_t count, double* out) {
  for (size_t i = 0; i < count; ++i) {
    if (napi_get_value_double(env, argv[i], &out[i]) != napi_ok) {
      napi_throw_type_error(env, nullptr, "nabla native: optimizer hyperparameters must be numbers");
      return false;
    }
  }
  return true;
}

// A Float32Array of at least `n` elements, or null (→ data stays nullptr).
bool getOptionalState(napi_env env, napi_value value, size_t n, float** data) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) return false;
  if (type == napi_null) return true;
  Float32Array state;
  if (!getFloat32Array(env, value, "nabla native: optimizer state must be a Float32Array or null", &state) ||
      !fits(env, n, state.length, "nabla native: optimizer state shorter than the parameter")) {
    return false;
  }
  *data = state.data;
  return true;
}

bool getSignedInt(napi_env env, napi_value value, int64_t* out) {
  if (napi_get_value_int64(env, value, out) != napi_ok) {
    napi_throw_type_error(env, nullptr, "nabla native: expected an integer");
    return false;
  }
  return true;
}

// softmaxCrossEntropy(logits, targets, rows, classes, ignoreIndex, losses, lse): see
// cross-entropy.h. Targets must be in range (the op checks them): only lengths are checked here.
napi_value SoftmaxCrossEntropy(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array logits, losses, lse;
  int32_t* targets = nullptr;
  size_t targetsLength = 0;
  int64_t rows, classes, ignoreIndex;
  if (argc != 7 || !getFloat32Array(env, argv[0], "nabla native: softmaxCrossEntropy logits must be a Float32Array", &logits) ||
      !getInt32Array(env, argv[1], "nabla native: softmaxCrossEntropy targets must be an Int32Array", &targets, &targetsLength) ||
      !getInt(env, argv[2], &rows) || !getInt(env, argv[3], &classes) || !getSignedInt(env, argv[4], &ignoreIndex) ||
      !getFloat32Array(env, argv[5], "nabla native: softmaxCrossEntropy losses must be a Float32Array", &losses) ||
      !getFloat32Array(env, argv[6], "nabla native: softmaxCrossEntropy lse must be a Float32Array", &lse) ||
      !fits(env, rows * classes, logits.length, "nabla native: softmaxCrossEntropy logits shorter than rows·classes") ||
      !fits(env, rows, targetsLength, "nabla native: softmaxCrossEntropy targets shorter than rows") ||
      !fits(env, rows, losses.length, "nabla native: softmaxCrossEntropy losses shorter than rows") ||
      !fits(env, rows, lse.length, "nabla native: softmaxCrossEntropy lse shorter than rows")) {
    return nullptr;
  }
  softmaxCrossEntropyF32(logits.data, targets, rows, classes, ignoreIndex, losses.data, lse.data);
  return nullptr;
}

// softmaxCrossEntropyBackward(logits, targets, lse, dLosses, rows, classes, ignoreIndex, dLogits).
napi_value SoftmaxCrossEntropyBackward(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array logits, lse, dLosses, dLogits;
  int32_t* targets = nullptr;
  size_t targetsLength = 0;
  int64_t rows, classes, ignoreIndex;
  const char* what = "nabla native: softmaxCrossEntropyBackward arrays must be Float32Arrays";
  if (argc != 8 || !getFloat32Array(env, argv[0], what, &logits) ||
      !getInt32Array(env, argv[1], "nabla native: softmaxCrossEntropyBackward targets must be an Int32Array", &targets, &targetsLength) ||
      !getFloat32Array(env, argv[2], what, &lse) || !getFloat32Array(env, argv[3], what, &dLosses) ||
      !getInt(env, argv[4], &rows) || !getInt(env, argv[5], &classes) || !getSignedInt(env, argv[6], &ignoreIndex) ||
      !getFloat32Array(env, argv[7], what, &dLogits) ||
      !fits(env, rows * classes, logits.length, "nabla native: softmaxCrossEntropyBackward logits shorter than rows·classes") ||
      !fits(env, rows * classes, dLogits.length, "nabla native: softmaxCrossEntropyBackward dLogits shorter than rows·classes") ||
      !fits(env, rows, targetsLength, "nabla native: softmaxCrossEntropyBackward targets shorter than rows") ||
      !fits(env, rows, lse.length, "nabla native: softmaxCrossEntropyBackward lse shorter than rows") ||
      !fits(env, rows, dLosses.length, "nabla native: softmaxCrossEntropyBackward dLosses shorter than rows")) {
    return nullptr;
  }
  softmaxCrossEntropyBackwardF32(logits.data, targets, lse.data, dLosses.data, rows, classes, ignoreIndex, dLogits.data);
  return nullptr;
}

// sgdUpdate(param, grad, velocity | null, lr, momentum, weightDecay, gradScale, nesterovScale,
// nesterov, startAtGradient): see SgdStep in optim.h.
napi_value SgdUpdate(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array param, grad;
  float* velocity = nullptr;
  double h[5];
  SgdStep s;
  if (argc != 10 || !getFloat32Array(env, argv[0], "nabla native: sgdUpdate param must be a Float32Array", &param) ||
      !getFloat32Array(env, argv[1], "nabla native: sgdUpdate grad must be a Float32Array", &grad) ||
      !fits(env, param.length, grad.length, "nabla native: sgdUpdate grad shorter than param") ||
      !getOptionalState(env, argv[2], param.length, &velocity) || !getDoubles(env, argv + 3, 5, h)) {
    return nullptr;
  }
  NABLA_CALL(env, napi_get_value_bool(env, argv[8], &s.nesterov));
  NABLA_CALL(env, napi_get_value_bool(env, argv[9], &s.startAtGradient));
  s.lr = h[0];
  s.momentum = h[1];
  s.weightDecay = h[2];
  s.gradScale = h[3];
  s.nesterovScale = h[4];
  sgdUpdateF32(param.data, grad.data, velocity, param.length, s);
  return nullptr;
}

// adamUpdate(param, grad, m, v, vMax | null, beta1, beta2, eps, stepSize, sqrtCorrection2,
// shrink, l2): see AdamStep in optim.h.
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array param, grad;
  float* m = nullptr;
  float* v = nullptr;
  float* vMax = nullptr;
  double h[7];
  if (argc != 12 || !getFloat32Array(env, argv[0], "nabla native: adamUpdate param must be a Float32Array", &param) ||
      !getFloat32Array(env, argv[1], "nabla native: adamUpdate grad must be a Float32Array", &grad) ||
      !fits(env, param.length, grad.length, "nabla native: adamUpdate grad shorter than param") ||
      !getOptionalState(env, argv[2], param.length, &m) || !getOptionalState(env, argv[3], param.length, &v) ||
      !getOptionalState(env, argv[4], param.length, &vMax) || !getDoubles(env, argv + 5, 7, h)) {
    return nullptr;
  }
  if (m == nullptr || v == nullptr) {
    napi_throw_type_error(env, nullptr, "nabla native: adamUpdate m and v must be Float32Arrays");
    return nullptr;
  }
  const AdamStep s{h[0], h[1], h[2], h[3], h[4], h[5], h[6]};
  adamUpdateF32(param.data, grad.data, m, v, vMax, param.length, s);
  return nullptr;
}

// reduceSum(x, outer, size, inner, out): see reduce.h.
napi_value ReduceSum(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array x, out;
  int64_t outer, size, inner;
  if (argc != 5 || !getFloat32Array(env, argv[0], "nabla native: reduceSum x must be a Float32Array", &x) ||
      !getInt(env, argv[1], &outer) || !getInt(env, argv[2], &size) || !getInt(env, argv[3], &inner) ||
      !getFloat32Array(env, argv[4], "nabla native: reduceSum out must be a Float32Array", &out)) {
    return nullptr;
  }
  if (!fits(env, outer * size * inner, x.length, "nabla native: reduceSum x shorter than its shape") ||
      !fits(env, outer * inner, out.length, "nabla native: reduceSum out shorter than its shape")) {
    return nullptr;
  }
  reduceSumF32(x.data, outer, size, inner, out.data);
  return nullptr;
}

// lstmCellForward(gates, c, batch, hidden, out, saved): see lstm.h.
napi_value LstmCellForward(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array gates, c, out, saved;
  int64_t batch, hidden;
  if (argc != 6 || !getFloat32Array(env, argv[0], "nabla native: lstmCellForward gates must be a Float32Array", &gates) ||
      !getFloat32Array(env, argv[1], "nabla native: lstmCellForward c must be a Float32Array", &c) ||
      !getInt(env, argv[2], &batch) || !getInt(env, argv[3], &hidden) ||
      !getFloat32Array(env, argv[4], "nabla native: lstmCellForward out must be a Float32Array", &out) ||
      !getFloat32Array(env, argv[5], "nabla native: lstmCellForward saved must be a Float32Array", &saved)) {
    return nullptr;
  }
  if (!fits(env, batch * 4 * hidden, gates.length, "nabla native: lstmCellForward gates shorter than its shape") ||
      !fits(env, batch * hidden, c.length, "nabla native: lstmCellForward c shorter than its shape") ||
      !fits(env, batch * 2 * hidden, out.length, "nabla native: lstmCellForward out shorter than its shape") ||
      !fits(env, batch * 5 * hidden, saved.length, "nabla native: lstmCellForward saved shorter than its shape")) {
    return nullptr;
  }
  lstmCellForwardF32(gates.data, c.data, batch, hidden, out.data, saved.data);
  return nullptr;
}

// lstmCellBackward(dOut, c, saved, batch, hidden, dGates, dC): see lstm.h.
napi_value LstmCellBackward(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Float32Array dOut, c, saved, dGates, dC;
  int64_t batch, hidden;
  if (argc != 7 || !getFloat32Array(env, argv[0], "nabla native: lstmCellBackward dOut must be a Float32Array", &dOut) ||
      !getFloat32Array(env, argv[1], "nabla native: lstmCellBackward c must be a Float32Array", &c) ||
      !getFloat32Array(env, argv[2], "nabla native: lstmCellBackward saved must be a Float32Array", &saved) ||
      !getInt(env, argv[3], &batch) || !getInt(env, argv[4], &hidden) ||
      !getFloat32Array(env, argv[5], "nabla native: lstmCellBackward dGates must be a Float32Array", &dGates) ||
      !getFloat32Array(env, argv[6], "nabla native: lstmCellBackward dC must be a Float32Array", &dC)) {
    return nullptr;
  }
  if (!fits(env, batch * 2 * hidden, dOut.length, "nabla native: lstmCellBackward dOut shorter than its shape") ||
      !fits(env, batch * hidden, c.length, "nabla native: lstmCellBackward c shorter than its shape") ||
      !fits(env, batch * 5 * hidden, saved.length, "nabla native: lstmCellBackward saved shorter than its shape") ||
      !fits(env, batch * 4 * hidden, dGates.length, "nabla native: lstmCellBackward dGates shorter than its shape") ||
      !fits(env, batch * hidden, dC.length, "nabla native: lstmCellBackward dC shorter than its shape")) {
    return nullptr;
  }
  lstmCellBackwardF32(dOut.data, c.data, saved.data, batch, hidden, dGates.data, dC.data);
  return nullptr;
}

napi_value NumThreads(napi_env env, napi_callback_info) {
  napi_value result;
  NABLA_CALL(env, napi_create_int32(env, ThreadPool::instance().size(), &result));
  return result;
}

napi_value SetNumThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int64_t n = 0;
  if (argc != 1 || !getInt(env, argv[0], &n) || n < 1 || n > 256) {
    napi_throw_range_error(env, nullptr, "nabla native: setNumThreads expects an integer in [1, 256]");
    return nullptr;
  }
  ThreadPool::instance().resize(static_cast<int>(n));
  return nullptr;
}

napi_value Isa(napi_env env, napi_callback_info) {
  napi_value result;
  NABLA_CALL(env, napi_create_string_utf8(env, activeGemm().name, NAPI_AUTO_LENGTH, &result));
  return result;
}

// setIsa(name): switches the sgemm implementation; returns false when the CPU lacks it.
napi_value SetIsa(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  char name[32] = {0};
  size_t length = 0;
  if (argc != 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &length) != napi_ok) {
    napi_throw_type_error(env, nullptr, "nabla native: setIsa expects a string");
    return nullptr;
  }
  napi_value result;
  NABLA_CALL(env, napi_get_boolean(env, setActiveGemm(name), &result));
  return result;
}

}  // namespace
}  // namespace nabla

NAPI_MODULE_INIT() {
  nabla::keepFreedMemory();
  const napi_property_descriptor properties[] = {
      {"matmul", nullptr, nabla::Matmul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, nabla::Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, nabla::Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"im2col", nullptr, nabla::Unfold<false>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"col2im", nullptr, nabla::Unfold<true>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"convForward", nullptr, nabla::ConvForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"convInputGrad", nullptr, nabla::ConvGrad<false>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"convWeightGrad", nullptr, nabla::ConvGrad<true>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolForward", nullptr, nabla::MaxPoolForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolBackward", nullptr, nabla::MaxPoolBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sgdUpdate", nullptr, nabla::SgdUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamUpdate", nullptr, nabla::AdamUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reduceSum", nullptr, nabla::ReduceSum, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmaxCrossEntropy", nullptr, nabla::SoftmaxCrossEntropy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmaxCrossEntropyBackward", nullptr, nabla::SoftmaxCrossEntropyBackward, nullptr, nullptr, nullptr, napi_default,
       nullptr},
      {"lstmCellForward", nullptr, nabla::LstmCellForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmCellBackward", nullptr, nabla::LstmCellBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"numThreads", nullptr, nabla::NumThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setNumThreads", nullptr, nabla::SetNumThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"isa", nullptr, nabla::Isa, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemmPackedSize", nullptr, nabla::GemmPackedSize, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemmPackB", nullptr, nabla::GemmPackB, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"matmulPacked", nullptr, nabla::MatmulPacked, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setIsa", nullptr, nabla::SetIsa, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok) {
    return nullptr;
  }
  return exports;
}

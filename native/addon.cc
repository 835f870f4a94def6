// N-API entry points of nabla's native backend. The kernels work in place on the caller's
// typed arrays (napi_get_typedarray_info gives their memory; nothing is copied).
//
// Kernels do not validate their arguments (the ops do, once), but a wrong length here would
// write outside a JavaScript buffer and corrupt the heap, so every entry point still checks
// array types and bounds: a cheap TypeError/RangeError instead of a crash.

#include <node_api.h>

#include <cstdint>

#include "elementwise.h"
#include "sgemm.h"
#include "thread-pool.h"

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

// matmul(a, b, out, batch, m, n, k, transA, transB, strideA, strideB): see GemmShape in
// src/backends/types.ts.
napi_value Matmul(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  NABLA_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 11) {
    napi_throw_type_error(env, nullptr, "nabla native: matmul takes 11 arguments");
    return nullptr;
  }
  Float32Array a, b, c;
  if (!getFloat32Array(env, argv[0], "nabla native: matmul a must be a Float32Array", &a) ||
      !getFloat32Array(env, argv[1], "nabla native: matmul b must be a Float32Array", &b) ||
      !getFloat32Array(env, argv[2], "nabla native: matmul out must be a Float32Array", &c)) {
    return nullptr;
  }
  int64_t batch, m, n, k, strideA, strideB;
  bool transA, transB;
  if (!getInt(env, argv[3], &batch) || !getInt(env, argv[4], &m) || !getInt(env, argv[5], &n) ||
      !getInt(env, argv[6], &k) || !getInt(env, argv[9], &strideA) || !getInt(env, argv[10], &strideB)) {
    return nullptr;
  }
  NABLA_CALL(env, napi_get_value_bool(env, argv[7], &transA));
  NABLA_CALL(env, napi_get_value_bool(env, argv[8], &transB));
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
  g.batch = batch;
  g.strideA = strideA;
  g.strideB = strideB;
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
  const napi_property_descriptor properties[] = {
      {"matmul", nullptr, nabla::Matmul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, nabla::Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, nabla::Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"numThreads", nullptr, nabla::NumThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setNumThreads", nullptr, nabla::SetNumThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"isa", nullptr, nabla::Isa, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setIsa", nullptr, nabla::SetIsa, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok) {
    return nullptr;
  }
  return exports;
}

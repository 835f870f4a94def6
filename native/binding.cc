// The conversions of binding.h and the addon's module: every NABLA_EXPORT, plus `signatures()`.
#include "binding.h"

#include <v8.h>

#include <cstring>
#include <string>

namespace nabla {
namespace {

// Entries run on the JavaScript thread; the message waits here until the entry returns.
thread_local std::string pendingError;
// The function being called, named in its errors.
thread_local const char* currentFunction = "";

// NOTE(on-heap-args): V8 keeps a typed array of at most 64 bytes inside its JavaScript object
// and gives it an ArrayBuffer only when asked for its memory, as napi_get_typedarray_info does.
// That allocation goes through V8's check for young ArrayBuffers: once they hold ≥ 32 MB (a
// training step's activations always do), every such allocation starts a scavenge, which was
// ~4 collections a step on ResNet-20 from its 10-element bias and its scalar loss alone. So such
// an argument is read by copy into a slot here, and copied back after the call if the kernel
// changed it (element by element, which keeps it on the heap). Kernels run while the entry waits,
// so a slot lives exactly as long as the call.
constexpr size_t kSlotBytes = 64;
constexpr size_t kSlots = 16;
struct Copy {
  napi_value array;
  size_t bytes;
  napi_typedarray_type type;
  alignas(64) unsigned char data[kSlotBytes];
  unsigned char before[kSlotBytes];
};
thread_local Copy copies[kSlots];
thread_local size_t copyCount = 0;

v8::Local<v8::TypedArray> asTypedArray(napi_value v) {
  v8::Local<v8::TypedArray> array;
  static_assert(sizeof(array) == sizeof(v), "an N-API value is a V8 handle");
  std::memcpy(static_cast<void*>(&array), static_cast<const void*>(&v), sizeof(v));
  return array;
}

template <typename T>
bool readTypedArray(napi_env env, napi_value v, napi_typedarray_type expected, ArrayArg<T>* out) {
  bool isTypedArray = false;
  if (napi_is_typedarray(env, v, &isTypedArray) != napi_ok || !isTypedArray) return false;
  const v8::Local<v8::TypedArray> array = asTypedArray(v);
  // Asking for `data` would give an on-heap array its ArrayBuffer: only arrays that have one.
  const bool onHeap = !array->HasBuffer() && array->ByteLength() <= kSlotBytes && copyCount < kSlots;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, v, &type, &length, onHeap ? nullptr : &data, nullptr, nullptr) != napi_ok ||
      type != expected) {
    return false;
  }
  out->length = static_cast<int64_t>(length);
  if (!onHeap) {
    out->data = static_cast<T*>(data);
    return true;
  }
  Copy& copy = copies[copyCount++];
  copy.array = v;
  copy.bytes = length * sizeof(T);
  copy.type = type;
  array->CopyContents(copy.data, copy.bytes);
  std::memcpy(copy.before, copy.data, copy.bytes);
  out->data = reinterpret_cast<T*>(copy.data);
  return true;
}

double element(const Copy& copy, size_t i) {
  switch (copy.type) {
    case napi_float32_array:
      return reinterpret_cast<const float*>(copy.data)[i];
    case napi_int32_array:
      return reinterpret_cast<const int32_t*>(copy.data)[i];
    default:
      return copy.data[i];
  }
}

size_t elementBytes(napi_typedarray_type type) { return type == napi_uint8_array ? 1 : 4; }

}  // namespace

bool check(bool ok, const char* message) {
  if (!ok && pendingError.empty()) pendingError = std::string(currentFunction) + " " + message;
  return ok;
}

bool fits(int64_t needed, int64_t length, const char* what) {
  return check(needed <= length, (std::string(what) + " shorter than its shape").c_str());
}

namespace binding {

bool read(napi_env env, napi_value v, F32* out) { return readTypedArray(env, v, napi_float32_array, out); }

bool read(napi_env env, napi_value v, OptionalF32* out) {
  napi_valuetype type;
  if (napi_typeof(env, v, &type) != napi_ok) return false;
  if (type == napi_null) return true;
  return readTypedArray<float>(env, v, napi_float32_array, out);
}

bool read(napi_env env, napi_value v, I32* out) { return readTypedArray(env, v, napi_int32_array, out); }

bool read(napi_env env, napi_value v, U8* out) { return readTypedArray(env, v, napi_uint8_array, out); }

bool read(napi_env env, napi_value v, Size* out) {
  return napi_get_value_int64(env, v, &out->value) == napi_ok && out->value >= 0;
}

bool read(napi_env env, napi_value v, int64_t* out) { return napi_get_value_int64(env, v, out) == napi_ok; }

bool read(napi_env env, napi_value v, double* out) { return napi_get_value_double(env, v, out) == napi_ok; }

bool read(napi_env env, napi_value v, bool* out) { return napi_get_value_bool(env, v, out) == napi_ok; }

bool read(napi_env env, napi_value v, std::string* out) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, v, nullptr, 0, &length) != napi_ok) return false;
  out->resize(length);
  return napi_get_value_string_utf8(env, v, out->data(), length + 1, &length) == napi_ok;
}

napi_value write(napi_env env, int64_t value) {
  napi_value result = nullptr;
  napi_create_int64(env, value, &result);
  return result;
}

napi_value write(napi_env env, bool value) {
  napi_value result = nullptr;
  napi_get_boolean(env, value, &result);
  return result;
}

napi_value write(napi_env env, double value) {
  napi_value result = nullptr;
  napi_create_double(env, value, &result);
  return result;
}

napi_value write(napi_env env, const std::string& value) {
  napi_value result = nullptr;
  napi_create_string_utf8(env, value.data(), value.size(), &result);
  return result;
}

void enter(const char* function) { currentFunction = function; }

void finishCall() {
  for (size_t c = 0; c < copyCount; c++) {
    const Copy& copy = copies[c];
    if (std::memcmp(copy.before, copy.data, copy.bytes) == 0) continue;
    const v8::Local<v8::TypedArray> array = asTypedArray(copy.array);
    v8::Isolate* isolate = v8::Isolate::GetCurrent();
    const v8::Local<v8::Context> context = isolate->GetCurrentContext();
    const size_t size = elementBytes(copy.type);
    for (size_t i = 0; i < copy.bytes / size; i++) {
      if (std::memcmp(copy.before + i * size, copy.data + i * size, size) == 0) continue;
      (void)array->Set(context, static_cast<uint32_t>(i), v8::Number::New(isolate, element(copy, i)));
    }
  }
  copyCount = 0;
}

bool takeError(napi_env env) {
  if (pendingError.empty()) return false;
  const std::string message = "nabla native: " + pendingError;
  pendingError.clear();
  napi_throw_range_error(env, nullptr, message.c_str());
  return true;
}

void argumentError(napi_env env, const char* function, size_t index, const char* kind) {
  const std::string message = std::string("nabla native: ") + function + " argument " + std::to_string(index) +
                              " must be " + kind;
  napi_throw_type_error(env, nullptr, message.c_str());
}

void countError(napi_env env, const char* function, size_t expected) {
  const std::string message =
      std::string("nabla native: ") + function + " takes " + std::to_string(expected) + " arguments";
  napi_throw_type_error(env, nullptr, message.c_str());
}

std::vector<Export>& exports() {
  static std::vector<Export> all;
  return all;
}

namespace {

// signatures(): { name: "kind,kind,...->kind" } for every export, checked against
// src/backends/native/signatures.ts.
napi_value Signatures(napi_env env, napi_callback_info) {
  napi_value result;
  if (napi_create_object(env, &result) != napi_ok) return nullptr;
  for (const Export& e : exports()) {
    if (napi_set_named_property(env, result, e.name, write(env, e.signature)) != napi_ok) return nullptr;
  }
  return result;
}

}  // namespace
}  // namespace binding
}  // namespace nabla

NAPI_MODULE_INIT() {
  std::vector<napi_property_descriptor> properties;
  for (const nabla::binding::Export& e : nabla::binding::exports()) {
    properties.push_back({e.name, nullptr, e.call, nullptr, nullptr, nullptr, napi_default,
                          const_cast<char*>(e.name)});
  }
  properties.push_back(
      {"signatures", nullptr, nabla::binding::Signatures, nullptr, nullptr, nullptr, napi_default, nullptr});
  if (napi_define_properties(env, exports, properties.size(), properties.data()) != napi_ok) return nullptr;
  return exports;
}

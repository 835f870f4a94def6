// How a C++ kernel becomes a JavaScript function: NABLA_EXPORT(name, entry) beside the kernel.
// The entry's own C++ signature is the whole binding: each parameter type says how its argument
// is read (the table below), the return type how the result is returned, and the addon reports
// every signature to JavaScript (`signatures()`), where src/backends/native/signatures.ts declares
// the same list once and a test checks the two agree. Nothing is unpacked by hand.
//
//   C++ parameter       JavaScript argument                     kind
//   F32                 Float32Array                            f32
//   OptionalF32         Float32Array or null (data = nullptr)   f32?
//   I32                 Int32Array                              i32
//   U8                  Uint8Array (bool tensors)               u8
//   Size                integer ≥ 0                             size
//   int64_t             integer                                 int
//   double              number                                  number
//   bool                boolean                                 bool
//   std::string         string                                  string
//   Block (returned)    ArrayBuffer on an addon-owned block     buffer
//
// Entries check that their arrays are long enough for the shapes they are given (a short array
// would be written out of bounds): `check(condition, message)` makes the call throw a RangeError.
#pragma once

#if !defined(__wasm__)
#include <node_api.h>
#endif

#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace nabla {

template <typename T>
struct ArrayArg {
  T* data = nullptr;
  int64_t length = 0;
};
using F32 = ArrayArg<float>;
using I32 = ArrayArg<int32_t>;
using U8 = ArrayArg<uint8_t>;
struct OptionalF32 : ArrayArg<float> {};
// A non-negative integer: a size, a count, an offset.
struct Size {
  int64_t value = 0;
  operator int64_t() const { return value; }
};
// Memory the addon owns, returned to JavaScript as an ArrayBuffer whose collection hands the
// block back to the addon (native/memory.cc).
struct Block {
  void* data = nullptr;
  size_t bytes = 0;
  size_t capacity = 0;
  bool recycled = false;  // it came from the addon's free list, not fresh from the allocator
};

// Makes the current call throw a RangeError "nabla native: <function> <message>" (after the entry
// returns) unless ok. Returns ok.
bool check(bool ok, const char* message);
// check(needed <= length, "<what> shorter than its shape").
bool fits(int64_t needed, int64_t length, const char* what);

namespace binding {

template <typename T>
constexpr const char* kind() {
  if constexpr (std::is_same_v<T, F32>) return "f32";
  else if constexpr (std::is_same_v<T, OptionalF32>) return "f32?";
  else if constexpr (std::is_same_v<T, I32>) return "i32";
  else if constexpr (std::is_same_v<T, U8>) return "u8";
  else if constexpr (std::is_same_v<T, Size>) return "size";
  else if constexpr (std::is_same_v<T, int64_t>) return "int";
  else if constexpr (std::is_same_v<T, double>) return "number";
  else if constexpr (std::is_same_v<T, bool>) return "bool";
  else if constexpr (std::is_same_v<T, std::string>) return "string";
  else if constexpr (std::is_same_v<T, Block>) return "buffer";
  else if constexpr (std::is_same_v<T, void>) return "void";
  else static_assert(sizeof(T) == 0, "a kernel entry takes or returns a type the binding cannot convert");
}

// Names the function that check() messages are about.
void enter(const char* function);

#if defined(__wasm__)
// NOTE(wasm-binding): in the WebAssembly build (scripts/build-wasm.mjs) every NABLA_EXPORT is a
// function `int name(double* slots)` of the module: JavaScript writes the arguments into
// consecutive float64 slots of linear memory — an array as two (its byte address and its
// length), every other kind as one (a string as its address and byte length) — and reads the
// result back from slots[0] (a string: address and length in slots[0..1]). It returns 0, or 1
// when check() failed (the message: the module's `lastError`). `signatures` reports the same
// strings as the addon's, so src/backends/wasm/ checks them against native/signatures.ts too.
// Reading a double into a pointer or length is exact: both are below 2^32.

inline void readSlots(const double*& s, F32* out) {
  out->data = reinterpret_cast<float*>(static_cast<uintptr_t>(s[0]));
  out->length = static_cast<int64_t>(s[1]);
  s += 2;
}
inline void readSlots(const double*& s, OptionalF32* out) { readSlots(s, static_cast<F32*>(out)); }
inline void readSlots(const double*& s, I32* out) {
  out->data = reinterpret_cast<int32_t*>(static_cast<uintptr_t>(s[0]));
  out->length = static_cast<int64_t>(s[1]);
  s += 2;
}
inline void readSlots(const double*& s, U8* out) {
  out->data = reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(s[0]));
  out->length = static_cast<int64_t>(s[1]);
  s += 2;
}
inline void readSlots(const double*& s, Size* out) { out->value = static_cast<int64_t>(*s++); }
inline void readSlots(const double*& s, int64_t* out) { *out = static_cast<int64_t>(*s++); }
inline void readSlots(const double*& s, double* out) { *out = *s++; }
inline void readSlots(const double*& s, bool* out) { *out = *s++ != 0; }
inline void readSlots(const double*& s, std::string* out) {
  out->assign(reinterpret_cast<const char*>(static_cast<uintptr_t>(s[0])), static_cast<size_t>(s[1]));
  s += 2;
}

inline void writeSlots(double* s, int64_t value) { s[0] = static_cast<double>(value); }
inline void writeSlots(double* s, bool value) { s[0] = value ? 1 : 0; }
inline void writeSlots(double* s, double value) { s[0] = value; }
// The string stays in a static buffer until the next string result.
void writeSlots(double* s, const std::string& value);

// Whether check() failed during the call that enter() began.
bool failed();

template <auto F>
struct Entry;

template <typename R, typename... Args, R (*F)(Args...)>
struct Entry<F> {
  static std::string signature() {
    std::string s;
    ((s += s.empty() ? "" : ",", s += kind<std::decay_t<Args>>()), ...);
    return s + "->" + kind<R>();
  }

  static int call(const char* name, double* slots) {
    std::tuple<std::decay_t<Args>...> values;
    const double* s = slots;
    // A comma fold runs left to right: the arguments are read in order.
    std::apply([&s](auto&... v) { (readSlots(s, &v), ...); }, values);
    enter(name);
    if constexpr (std::is_void_v<R>) {
      std::apply(F, values);
    } else {
      writeSlots(slots, std::apply(F, values));
    }
    return failed() ? 1 : 0;
  }
};

struct Registrar {
  Registrar(const char* name, std::string signature);
};

}  // namespace binding
}  // namespace nabla

// Makes `entry` (a plain function in namespace nabla) the module's function `name`.
#define NABLA_EXPORT(name, entry)                                                                       \
  extern "C" __attribute__((export_name(#name))) int nablaWasm_##name(double* slots) {                 \
    return ::nabla::binding::Entry<&entry>::call(#name, slots);                                         \
  }                                                                                                     \
  static const ::nabla::binding::Registrar nablaExport_##name(#name, ::nabla::binding::Entry<&entry>::signature())

#else  // the N-API addon

bool read(napi_env env, napi_value v, F32* out);
bool read(napi_env env, napi_value v, OptionalF32* out);
bool read(napi_env env, napi_value v, I32* out);
bool read(napi_env env, napi_value v, U8* out);
bool read(napi_env env, napi_value v, Size* out);
bool read(napi_env env, napi_value v, int64_t* out);
bool read(napi_env env, napi_value v, double* out);
bool read(napi_env env, napi_value v, bool* out);
bool read(napi_env env, napi_value v, std::string* out);

napi_value write(napi_env env, int64_t value);
napi_value write(napi_env env, bool value);
napi_value write(napi_env env, double value);
napi_value write(napi_env env, const std::string& value);
napi_value write(napi_env env, const Block& value);

// Copies back the small arguments read by copy that the call changed (NOTE(on-heap-args) in
// binding.cc); every call ends with it, also one whose arguments did not convert.
void finishCall();
// The pending RangeError of this call (check() sets it), thrown once the entry returns.
bool takeError(napi_env env);
// Throws a TypeError naming the function and the argument that did not convert.
void argumentError(napi_env env, const char* function, size_t index, const char* kind);
void countError(napi_env env, const char* function, size_t expected);

template <auto F>
struct Entry;

template <typename R, typename... Args, R (*F)(Args...)>
struct Entry<F> {
  static std::string signature() {
    std::string s;
    ((s += s.empty() ? "" : ",", s += kind<std::decay_t<Args>>()), ...);
    return s + "->" + kind<R>();
  }

  // napi's `data` slot carries the function's name, for error messages.
  static napi_value call(napi_env env, napi_callback_info info) {
    constexpr size_t count = sizeof...(Args);
    size_t argc = count;
    napi_value argv[count > 0 ? count : 1];
    void* data = nullptr;
    if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return nullptr;
    const char* name = static_cast<const char*>(data);
    if (argc != count) {
      countError(env, name, count);
      return nullptr;
    }
    std::tuple<std::decay_t<Args>...> values;
    if (!readAll(env, argv, name, values, std::index_sequence_for<Args...>{})) {
      finishCall();
      return nullptr;
    }
    enter(name);
    if constexpr (std::is_void_v<R>) {
      std::apply(F, values);
      finishCall();
      takeError(env);
      return nullptr;
    } else {
      R result = std::apply(F, values);
      finishCall();
      if (takeError(env)) return nullptr;
      return write(env, result);
    }
  }

 private:
  template <typename Tuple, size_t... I>
  static bool readAll(napi_env env, napi_value* argv, const char* name, Tuple& values, std::index_sequence<I...>) {
    bool ok = true;
    ((ok = ok && readOne(env, argv[I], name, I, &std::get<I>(values))), ...);
    return ok;
  }

  template <typename T>
  static bool readOne(napi_env env, napi_value v, const char* name, size_t index, T* out) {
    if (read(env, v, out)) return true;
    argumentError(env, name, index, kind<T>());
    return false;
  }
};

struct Export {
  const char* name;
  napi_callback call;
  std::string signature;
};

std::vector<Export>& exports();

struct Registrar {
  Registrar(const char* name, napi_callback call, std::string signature) {
    exports().push_back({name, call, std::move(signature)});
  }
};

}  // namespace binding
}  // namespace nabla

// Makes `entry` (a plain function in namespace nabla) the addon's function `name`.
#define NABLA_EXPORT(name, entry)                                                                \
  static const ::nabla::binding::Registrar nablaExport_##name(#name, &::nabla::binding::Entry<&entry>::call, \
                                                              ::nabla::binding::Entry<&entry>::signature())

#endif  // __wasm__

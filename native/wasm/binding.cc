// The WebAssembly module's side of binding.h (see NOTE(wasm-binding) there): check() and its
// message, the string results, and the module's own exports `signatures` and `lastError`. It
// takes the place of native/binding.cc, which speaks N-API, in scripts/build-wasm.mjs.
#include "../binding.h"

#include <string>
#include <vector>

namespace nabla {
namespace {

// Entries are called by one JavaScript thread, and check() in the entries, before they split
// their work over the workers (NOTE(wasm-threads) in ../thread-pool.h): the message waits here
// until JavaScript reads it.
std::string pendingError;
const char* currentFunction = "";
std::string stringResult;

struct Signature {
  const char* name;
  std::string signature;
};

std::vector<Signature>& registered() {
  static std::vector<Signature> all;
  return all;
}

void returnString(double* slots, const std::string& value) {
  stringResult = value;
  slots[0] = static_cast<double>(reinterpret_cast<uintptr_t>(stringResult.data()));
  slots[1] = static_cast<double>(stringResult.size());
}

}  // namespace

bool check(bool ok, const char* message) {
  if (!ok && pendingError.empty()) pendingError = std::string(currentFunction) + " " + message;
  return ok;
}

bool fits(int64_t needed, int64_t length, const char* what) {
  return check(needed <= length, (std::string(what) + " shorter than its shape").c_str());
}

namespace binding {

void enter(const char* function) {
  currentFunction = function;
  pendingError.clear();
}

bool failed() { return !pendingError.empty(); }

void writeSlots(double* s, const std::string& value) { returnString(s, value); }

Registrar::Registrar(const char* name, std::string signature) {
  registered().push_back({name, std::move(signature)});
}

}  // namespace binding
}  // namespace nabla

// "name=signature" per line, for every NABLA_EXPORT in the module.
extern "C" __attribute__((export_name("signatures"))) void nablaWasmSignatures(double* slots) {
  std::string all;
  for (const auto& s : nabla::registered()) all += std::string(s.name) + "=" + s.signature + "\n";
  nabla::returnString(slots, all);
}

// The message of the last call that returned 1.
extern "C" __attribute__((export_name("lastError"))) void nablaWasmLastError(double* slots) {
  nabla::returnString(slots, nabla::pendingError);
}

/**
 * The memory the module imports (NOTE(wasm-threads) in native/thread-pool.h): its limits, read
 * from the binary's import section, since the JavaScript API does not report them; and the same
 * module made to import an unshared memory, for a page that cannot share one (SharedArrayBuffer
 * needs cross-origin isolation). The atomic instructions of a module stay valid on an unshared
 * memory, and with one thread the module never waits on it.
 */
import { PlatformError } from '../../errors.js';

/** The limits of the module's `env.memory` import, in 64 KiB pages. */
export interface MemoryImport {
  readonly initial: number;
  readonly maximum: number | undefined;
  readonly shared: boolean;
  /** Where the limits' flags byte is in the binary. */
  readonly flagsAt: number;
}

const IMPORT_SECTION = 2;

/**
 * Reads the module's memory import, or throws a PlatformError when it imports none.
 * @example
 * import { builtFileBytes } from '../../platform/node.js';
 * const bytes = builtFileBytes('nabla.wasm', 'the example');
 * bytes && memoryImport(bytes).shared; // true: nabla.wasm is built for threads
 */
export function memoryImport(bytes: Uint8Array): MemoryImport {
  let at = 8; // magic and version
  const leb = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  const skipName = (): void => {
    const length = leb();
    at += length;
  };
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = leb();
    if (id !== IMPORT_SECTION) {
      at += size;
      continue;
    }
    const count = leb();
    for (let i = 0; i < count; i++) {
      skipName();
      skipName();
      const kind = bytes[at++]!;
      if (kind === 0) leb();
      else if (kind === 1) {
        at++; // element type
        const flags = bytes[at++]!;
        leb();
        if (flags & 1) leb();
      } else if (kind === 2) {
        const flagsAt = at;
        const flags = bytes[at++]!;
        const initial = leb();
        const maximum = flags & 1 ? leb() : undefined;
        return { initial, maximum, shared: (flags & 2) !== 0, flagsAt };
      } else if (kind === 3) at += 2;
      else {
        at++; // a tag: its attribute, then its type
        leb();
      }
    }
    break;
  }
  throw new PlatformError('wasm backend: the module imports no memory (a nabla.wasm from before threads?)');
}

/**
 * The module's bytes, changed to import an unshared memory.
 * @example
 * import { builtFileBytes } from '../../platform/node.js';
 * const bytes = builtFileBytes('nabla.wasm', 'the example');
 * bytes && memoryImport(unsharedMemoryModule(bytes)).shared; // false
 */
export function unsharedMemoryModule(bytes: Uint8Array): Uint8Array {
  const { flagsAt } = memoryImport(bytes);
  const copy = bytes.slice();
  copy[flagsAt] = copy[flagsAt]! & ~2;
  return copy;
}

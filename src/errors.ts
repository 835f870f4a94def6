/**
 * The typed errors nabla throws. Every message names the operation, the argument, what was
 * expected and what came, e.g. `matmul: a.shape[1] (3) must equal b.shape[0] (4)`.
 * @example
 * let caught: unknown;
 * try {
 *   matmul(zeros([2, 3]), zeros([4, 5]));
 * } catch (error) {
 *   caught = error;
 * }
 * caught instanceof ShapeError && caught instanceof NablaError; // => true
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

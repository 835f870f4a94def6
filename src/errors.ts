/**
 * The typed errors nabla throws. Every message names the operation, the argument, what was
 * expected and what came, e.g. `matmul: a.shape[1] (3) must equal b.shape[0] (4)`.
 */
export class NablaError extends Error {
  override name = 'NablaError';
}

/** A shape that does not fit: wrong rank, mismatched sizes, impossible reshape or broadcast. */
export class ShapeError extends NablaError {
  override name = 'ShapeError';
}

/** A dtype that an operation does not accept (e.g. gradients for int32 tensors). */
export class DTypeError extends NablaError {
  override name = 'DTypeError';
}

/** A value out of its allowed range: a negative learning rate, a non-finite step, an axis. */
export class ValueError extends NablaError {
  override name = 'ValueError';
}

/** A file that is missing, truncated or corrupt. The message names the file. */
export class FileFormatError extends NablaError {
  override name = 'FileFormatError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** A dataset that cannot be loaded: a missing package, or a truncated or corrupt data file. */
export class DatasetError extends FileFormatError {
  override name = 'DatasetError';
}

/** A feature the host cannot provide: file access or a native addon outside Node.js, say. */
export class PlatformError extends NablaError {
  override name = 'PlatformError';
}

/** A tensor on a device the active backend cannot reach (move it with `to(device)`). */
export class DeviceError extends NablaError {
  override name = 'DeviceError';
}

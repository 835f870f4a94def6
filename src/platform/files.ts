/**
 * File access for Node. Every write in nabla goes through {@link writeFileAtomic}, so a crash or a
 * full disk never leaves a half-written checkpoint where a good one used to be.
 */
import { FileFormatError } from '../errors.js';
import { nodeFs, nodePath, processId } from './node.js';

/**
 * Writes `bytes` to `path` so that readers see either the old file or the new one, never a mix.
 *
 * The bytes go to a uniquely named temporary file in the same folder (a rename is only atomic
 * within one file system), which is flushed to disk and then renamed over the target; the folder
 * is flushed too where the platform allows it, so the rename itself survives a power cut. If any
 * step fails the temporary file is removed and the error is rethrown.
 *
 * @example
 * writeFileAtomic('/tmp/weights.safetensors', new Uint8Array([1, 2, 3]));
 * writeFileAtomic('/tmp/notes.txt', 'hello');
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const { closeSync, fsyncSync, openSync, renameSync, writeSync } = nodeFs('writing files');
  const { basename, dirname, join } = nodePath('writing files');
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) =>
    b.toString(16).padStart(2, '0'),
  );
  const temp = join(dirname(path), `.${basename(path)}.${processId()}.${suffix.join('')}.tmp`);
  // 'wx' fails if the name exists, so two writers can never share a temporary file.
  const fd = openSync(temp, 'wx', 0o644);
  try {
    try {
      const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
      let written = 0;
      while (written < data.byteLength) {
        written += writeSync(fd, data, written, data.byteLength - written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
  fsyncFolder(dirname(path));
}

/**
 * Reads a whole file. A missing or unreadable file throws `errorClass` (a {@link FileFormatError}
 * by default; dataset loaders pass `DatasetError`) naming the file.
 *
 * @example
 * const bytes = readFileBytes('/tmp/weights.safetensors'); // Uint8Array
 */
export function readFileBytes(
  path: string,
  errorClass: typeof FileFormatError = FileFormatError,
): Uint8Array {
  const { readFileSync } = nodeFs('reading files');
  let buffer: Uint8Array;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : String(error);
    throw new errorClass(path, `cannot be read: ${reason}`);
  }
  // A plain Uint8Array, so callers never depend on Buffer's extra methods (absent in browsers).
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function removeQuietly(path: string): void {
  try {
    nodeFs('removing files').unlinkSync(path);
  } catch {
    // Already gone, or never created: nothing to clean up.
  }
}

// Flushing a folder makes a rename durable on POSIX; Windows cannot open folders for it, and some
// file systems refuse, and in all those cases the write itself has already succeeded.
function fsyncFolder(folder: string): void {
  const { closeSync, fsyncSync, openSync } = nodeFs('writing files');
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort, see above.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

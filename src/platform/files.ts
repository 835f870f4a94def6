/**
 * File access for Node. Every write in nabla goes through {@link writeFileAtomic}, so a crash or a
 * full disk never leaves a half-written checkpoint where a good one used to be.
 */
import { FileFormatError, FileWriteError } from '../errors.js';
import { nodeFs, nodePath, processId } from './node.js';

/**
 * Writes `bytes` to `path` so that readers see either the old file or the new one, never a mix.
 *
 * The bytes go to a uniquely named temporary file in the same folder as the real target (a rename
 * is only atomic within one file system), which is flushed to disk and then renamed over it; the
 * folder is flushed too where the platform allows it, so the rename itself survives a power cut.
 * - A symbolic link is written through: its target file is replaced and the link stays.
 * - An existing file keeps its permission bits (a 0600 checkpoint stays private).
 * - Temporary files that a killed earlier save of the same target left are removed.
 * - If any step fails the temporary file is removed and a {@link FileWriteError} names the target.
 *
 * @example
 * writeFileAtomic('weights.safetensors', new Uint8Array([1, 2, 3]));
 * writeFileAtomic('notes.txt', 'hello');
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const fs = nodeFs('writing files');
  const { basename, dirname, join } = nodePath('writing files');
  const target = realTarget(path);
  const folder = dirname(target);
  const prefix = `.${basename(target)}.`;
  removeStaleTemporaries(folder, prefix);
  const mode = existingMode(target) ?? 0o644;
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) =>
    b.toString(16).padStart(2, '0'),
  );
  const temp = join(folder, `${prefix}${processId()}.${suffix.join('')}.tmp`);
  try {
    // 'wx' fails if the name exists, so two writers can never share a temporary file.
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      // The mode given to open is masked by the umask; the file's own bits are restored exactly.
      fs.fchmodSync(fd, mode);
      const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
      let written = 0;
      while (written < data.byteLength) {
        written += fs.writeSync(fd, data, written, data.byteLength - written);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    removeQuietly(temp);
    throw new FileWriteError(path, `cannot be written: ${describeError(error)}`);
  }
  fsyncFolder(folder);
}

/** The file a path names, following symbolic links (the path itself when it does not exist yet). */
function realTarget(path: string): string {
  const fs = nodeFs('writing files');
  const { dirname, resolve } = nodePath('writing files');
  let current = path;
  // A chain of links ends within a few hops; a loop is reported by the write that follows.
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!fs.lstatSync(current).isSymbolicLink()) return current;
      link = fs.readlinkSync(current);
    } catch {
      return current;
    }
    current = resolve(dirname(current), link);
  }
  return current;
}

function existingMode(path: string): number | undefined {
  try {
    return nodeFs('writing files').statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

// Temporary files are named .<target>.<pid>.<random>.tmp: one whose process is gone is debris of
// a killed save. Files of live processes (a concurrent save) are left alone.
function removeStaleTemporaries(folder: string, prefix: string): void {
  const fs = nodeFs('writing files');
  const { join } = nodePath('writing files');
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return; // the write itself will report a missing folder
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isSafeInteger(pid) && pid > 0 && !processAlive(pid)) removeQuietly(join(folder, name));
  }
}

function processAlive(pid: number): boolean {
  const proc = (globalThis as { process?: { kill(pid: number, signal: number): void } }).process;
  try {
    proc?.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

function describeError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const reasons: Record<string, string> = {
    ENOENT: 'its folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOSPC: 'no space left on the device',
    EISDIR: 'it is a folder',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of its path is not a folder',
    EEXIST: 'it is a non-empty folder',
    ENOTEMPTY: 'it is a non-empty folder',
  };
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Reads a whole file. A missing or unreadable file throws `errorClass` (a {@link FileFormatError}
 * by default; dataset loaders pass `DatasetError`) naming the file.
 *
 * @example
 * writeFileAtomic('weights.safetensors', new Uint8Array([1, 2, 3]));
 * readFileBytes('weights.safetensors'); // => [1, 2, 3]
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

/** Reads an environment variable in Node; undefined in the browser or when unset. */
export function getEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === '' ? undefined : value;
}

/** Prints a one-line notice on stderr (the console in a browser). */
export function notice(message: string): void {
  console.warn(message);
}

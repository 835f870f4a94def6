import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';

/** Runs the `nabla` CLI in this process and returns its exit code and what it printed. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  const write = process.stdout.write;
  console.log = (...xs: unknown[]) => out.push(xs.join(' '));
  console.error = (...xs: unknown[]) => err.push(xs.map((x) => (x instanceof Error ? x.stack : x)).join(' '));
  // Text is the CLI's; bytes go through: node:test's child reports each result to the runner as
  // serialized bytes on stdout, and swallowing them loses the results of the tests before this one.
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string') return out.push(chunk) > 0;
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stdout.write;
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = write;
  }
}

/** The arguments for `spawn(process.execPath, …)` that run the `nabla` CLI from source with `argv`. */
export function cliProcessArgs(...argv: string[]): string[] {
  const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
  return [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    `const { main } = await import(${JSON.stringify(cli)}); process.exitCode = await main(process.argv.slice(1));`,
    ...argv,
  ];
}

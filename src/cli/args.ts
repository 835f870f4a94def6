import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { suggestKey } from '../index.js';

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedCommand {
  values: Record<string, string | undefined>;
  positionals: string[];
  /** The boolean flags given (`--invert`, `--no-sda`, ...). */
  flags: ReadonlySet<string>;
}

export interface CommandSyntax {
  /** Whether the command takes positional arguments (a model file, an image, a model name). */
  positionals?: boolean;
  /** Options that take no value. */
  flags?: readonly string[];
}

// -1, -0.5, -.5, -1e-3, -Infinity: values, not options.
const NEGATIVE_NUMBER = /^-(\d|\.\d|Infinity$)/;

/**
 * Parses a subcommand's `--name value` options (all strings; `flags` take no value) and its
 * positionals. Every mistake is a one-line {@link UsageError}: an unknown option names the known
 * one it most likely meant, an option missing its value says so, and a negative number is a value
 * (`--lr -1` reaches the command's range check instead of being taken for an option).
 * @example
 * const { values, flags } = parseCommand('train', ['--lr', '-1', '--invert'], ['lr'], { flags: ['invert'] });
 * values.lr; // => '-1'
 * flags.has('invert'); // => true
 * parseCommand('train', ['--epoch', '3'], ['epochs']); // => throws UsageError
 */
export function parseCommand(
  command: string,
  args: readonly string[],
  names: readonly string[],
  { positionals = false, flags = [] }: CommandSyntax = {},
): ParsedCommand {
  const tokens: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') {
      tokens.push(...args.slice(i));
      break;
    }
    tokens.push(token);
    if (!isOption(token)) continue;
    const [option, value] = splitOption(token);
    const name = option.replace(/^--?/, '');
    if (flags.includes(name)) continue;
    if (!names.includes(name)) throw unknownOption(command, option, [...names, ...flags]);
    if (value !== undefined) continue;
    const next = args[i + 1];
    if (next === undefined || isOption(next))
      throw new UsageError(
        `nabla ${command}: ${option} needs a value (write ${option}=<value> for one starting with '-')`,
      );
    // parseArgs takes a value that starts with '-' for an option; the joined form is unambiguous.
    tokens[tokens.length - 1] = `${option}=${next}`;
    i++;
  }
  const options = {
    ...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
    ...Object.fromEntries(flags.map((name) => [name, { type: 'boolean' as const }])),
  };
  try {
    const parsed = parseArgs({ args: tokens, options, allowPositionals: positionals, strict: true });
    const values: Record<string, string | undefined> = {};
    const given = new Set<string>();
    for (const [name, value] of Object.entries(parsed.values)) {
      if (typeof value === 'string') values[name] = value;
      else if (value === true) given.add(name);
    }
    return { values, positionals: parsed.positionals, flags: given };
  } catch (error) {
    throw new UsageError(`nabla ${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

// A lone '-' (standard input) and negative numbers are values.
function isOption(token: string): boolean {
  return token.startsWith('-') && token !== '-' && !NEGATIVE_NUMBER.test(token);
}

function splitOption(token: string): [string, string | undefined] {
  const equals = token.indexOf('=');
  return equals < 0 ? [token, undefined] : [token.slice(0, equals), token.slice(equals + 1)];
}

function unknownOption(command: string, option: string, known: readonly string[]): UsageError {
  const guess = suggestKey(option.replace(/^--?/, ''), known);
  const hint = guess === undefined ? '' : `; did you mean --${guess}?`;
  return new UsageError(`nabla ${command}: unknown option '${option}'${hint} (--help lists the options)`);
}

/**
 * A positive number option, or a usage error naming it.
 * @example
 * numberOption('train', 'lr', '0.01', 1e-3); // => 0.01
 * numberOption('train', 'lr', undefined, 1e-3); // => 0.001
 * numberOption('train', 'epochs', '2.5', 10, { integer: true }); // => throws UsageError
 */
export function numberOption(
  command: string,
  name: string,
  value: string | undefined,
  fallback: number,
  { integer = false } = {},
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `nabla ${command}: --${name} must be a positive ${integer ? 'integer' : 'number'}, got '${value}'`,
    );
  }
  return n;
}

/**
 * The `--seed` option: any safe integer, 0 when it is not given.
 * @example
 * seedOption('train', '7'); // => 7
 * seedOption('train', undefined); // => 0
 */
export function seedOption(command: string, value: string | undefined): number {
  const seed = value === undefined ? 0 : Number(value);
  if (!Number.isSafeInteger(seed))
    throw new UsageError(`nabla ${command}: --seed must be an integer, got '${value}'`);
  return seed;
}

/**
 * The path an output option names (`fallback` when it is not given), checked to be writable
 * before any work starts, so that a long training run never ends unable to save: a missing or
 * read-only folder, or a path that is a folder, is a usage error naming the option and the path.
 * Files written under a derived name (`<out>-codes.png`) are checked with {@link checkOutput}.
 * @example
 * outputOption('train', 'out', undefined, 'model.safetensors'); // => 'model.safetensors'
 * outputOption('train', 'out', 'no-such-folder/model.safetensors', 'x'); // => throws UsageError
 */
export function outputOption(
  command: string,
  name: string,
  value: string | undefined,
  fallback: string,
): string {
  const path = value ?? fallback;
  checkOutput(command, name, path);
  return path;
}

/**
 * Throws a usage error naming `--name` when a file cannot be written at `path`.
 * @example
 * checkOutput('train gan', 'out', 'gan-epoch-1.png'); // fine: the working folder is writable
 * checkOutput('train gan', 'out', '.'); // => throws UsageError
 */
export function checkOutput(command: string, name: string, path: string): void {
  const reason = whyNotWritable(path);
  if (reason) throw new UsageError(`nabla ${command}: --${name} '${path}' cannot be written: ${reason}`);
}

// Saves write a temporary file beside the real target (a symlink's target) and rename it over, so
// the folder must be writable, and an existing target must not be a folder.
function whyNotWritable(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  let target = path;
  try {
    target = realpathSync(path);
    if (statSync(target).isDirectory()) return 'it is a folder';
  } catch {
    // Not there yet (or a dangling link): its folder is what must exist.
  }
  const folder = dirname(target);
  try {
    if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' ? `a part of ${folder} is not a folder` : `the folder ${folder} does not exist`;
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EROFS'
      ? `the folder ${folder} is on a read-only file system`
      : `no permission to write in ${folder}`;
  }
  return undefined;
}

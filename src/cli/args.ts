import { parseArgs } from 'node:util';

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedCommand {
  values: Record<string, string | undefined>;
  positionals: string[];
}

/**
 * Parses a subcommand's `--name value` options (all strings) and positionals, turning
 * parseArgs' errors into one-line usage errors.
 */
export function parseCommand(
  command: string,
  args: string[],
  names: readonly string[],
  allowPositionals = false,
): ParsedCommand {
  const options = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: values as Record<string, string | undefined>, positionals };
  } catch (error) {
    throw new UsageError(`nabla ${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** A positive number option, or a usage error naming it. */
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

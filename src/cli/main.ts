import { readFileSync } from 'node:fs';
import { suggestKey } from '../index.js';
import { UsageError } from './args.js';
import { demoCommand, demoUsage } from './commands/demo.js';
import { diagnoseCommand, diagnoseUsage } from './commands/diagnose.js';
import { dreamCommand, dreamUsage } from './commands/dream.js';
import { errorsCommand, errorsUsage } from './commands/errors.js';
import { evalCommand, evalUsage } from './commands/evaluate-model.js';
import { gradcheckCommand, gradcheckUsage } from './commands/gradcheck.js';
import { infoCommand, infoUsage } from './commands/info.js';
import { inspectCommand, inspectUsage } from './commands/inspect.js';
import { predictCommand, predictUsage } from './commands/predict.js';
import { styleTransferCommand, styleTransferUsage } from './commands/style-transfer.js';
import { train, trainHelp } from './commands/train.js';
import { tuneCommand, tuneUsage } from './commands/tune.js';

interface Command {
  /** The usage text for `nabla <command> [args] --help` (args may name a subcommand). */
  help(args: readonly string[]): string;
  run(args: string[]): number | Promise<number>;
}

/** Every `nabla` command: the usage text, `--help` and the "did you mean" hints are built from this table. */
export const commands: Readonly<Record<string, Command>> = {
  train: {
    help: (args) => trainHelp(args[0]),
    run: train,
  },
  eval: { help: () => evalUsage, run: evalCommand },
  predict: { help: () => predictUsage, run: predictCommand },
  gradcheck: { help: () => gradcheckUsage, run: gradcheckCommand },
  info: { help: () => infoUsage, run: (args) => infoCommand(args, version()) },
  tune: { help: () => tuneUsage, run: tuneCommand },
  diagnose: { help: () => diagnoseUsage, run: diagnoseCommand },
  errors: { help: () => errorsUsage, run: errorsCommand },
  dream: { help: () => dreamUsage, run: dreamCommand },
  'style-transfer': { help: () => styleTransferUsage, run: styleTransferCommand },
  inspect: { help: () => inspectUsage, run: inspectCommand },
  demo: { help: () => demoUsage, run: demoCommand },
};

const usage = `usage:
  ${Object.values(commands)
    .map((c) => c.help([]))
    .join('\n  ')}
  nabla <command> --help | nabla --version
Set NABLA_DEBUG=1 to see the stack of an error.`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Whether `--help` or `-h` is among the options (not after a `--`). */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function commandOf(name: string): Command {
  if (Object.hasOwn(commands, name)) return commands[name]!;
  const names = Object.keys(commands);
  const guess = suggestKey(name, names);
  throw new UsageError(
    `nabla: unknown command '${name}'${guess ? `; did you mean ${guess}?` : ''} (commands: ${names.join(', ')})`,
  );
}

/**
 * The `nabla` command. Returns the exit code: 0 done, 1 failed, 2 a usage error. An error prints
 * its message without a stack (a usage error as one line), unless the environment sets
 * NABLA_DEBUG=1: then the whole error with its stack.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  try {
    switch (name) {
      case undefined:
        console.log(usage);
        return 2;
      case 'help':
      case '--help':
      case '-h':
        console.log(args[0] === undefined ? usage : `usage: ${commandOf(args[0]).help(args.slice(1))}`);
        return 0;
      case '--version':
      case '-v':
        console.log(version());
        return 0;
    }
    const command = commandOf(name);
    if (wantsHelp(args)) {
      console.log(`usage: ${command.help(args)}`);
      return 0;
    }
    // awaited here, so that its errors reach the handler below
    return await command.run(args);
  } catch (error) {
    if (process.env.NABLA_DEBUG === '1') console.error(error);
    else if (error instanceof UsageError) console.error(error.message);
    else console.error(`nabla ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

import { readFileSync } from 'node:fs';
import { NablaError, tuneMalloc } from '../index.js';
import { UsageError } from './args.js';
import { diagnoseCommand, diagnoseUsage } from './commands/diagnose.js';
import { dreamCommand, dreamUsage } from './commands/dream.js';
import { errorsCommand, errorsUsage } from './commands/errors.js';
import { evalCommand, evalUsage } from './commands/evaluate-model.js';
import { gradcheckCommand, gradcheckUsage } from './commands/gradcheck.js';
import { infoCommand, infoUsage } from './commands/info.js';
import { predictCommand, predictUsage } from './commands/predict.js';
import { train, trainUsage } from './commands/train.js';
import { tuneCommand, tuneUsage } from './commands/tune.js';

const usage = `usage:
  ${trainUsage}
  ${evalUsage}
  ${predictUsage}
  ${gradcheckUsage}
  ${infoUsage}
  ${tuneUsage}
  ${diagnoseUsage}
  ${errorsUsage}
  ${dreamUsage}`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * The `nabla` command. Returns the exit code: 0 done, 1 failed, 2 a usage error (printed as one
 * line). Library errors (a corrupt file, bad data) print their message without a stack.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'train':
        // The CLI owns its process: training keeps freed memory for reuse (see tuneMalloc).
        tuneMalloc();
        // awaited here, so that its errors reach the handler below
        return await train(args);
      case 'eval':
        return evalCommand(args);
      case 'predict':
        return predictCommand(args);
      case 'gradcheck':
        return gradcheckCommand(args);
      case 'errors':
        return errorsCommand(args);
      case 'diagnose':
        return diagnoseCommand(args);
      case 'dream':
        return dreamCommand(args);
      case 'tune':
        return await tuneCommand(args);
      case 'info':
        return infoCommand(args, version());
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(
          `nabla: unknown command '${command}' (commands: train, eval, predict, gradcheck, info, tune, diagnose, errors, dream)`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof NablaError) {
      console.error(`nabla ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

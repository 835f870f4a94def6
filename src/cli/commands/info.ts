import { availableBackends, getBackend, getNumThreads, nativeStatus } from '../../index.js';
import { parseCommand } from '../args.js';

export const infoUsage = 'nabla info';

/** Prints the version, the active backend, the available ones and the thread count. */
export function infoCommand(args: string[], version: string): number {
  parseCommand('info', args, []);
  console.log(`nabla ${version}`);
  console.log(`node ${process.version} (${process.platform}-${process.arch})`);
  console.log(`backend ${getBackend().name} (available: ${availableBackends().join(', ')})`);
  const native = nativeStatus();
  console.log(`native ${native.loaded ? `loaded, sgemm ${native.isa}` : `not available: ${native.reason}`}`);
  console.log(`threads ${getNumThreads()}`);
  return 0;
}

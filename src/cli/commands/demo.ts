import { numberOption, parseCommand, UsageError } from '../args.js';
import { browserBuildPresent, startDemoServer } from '../demo-server.js';

export const demoUsage =
  'nabla demo [--port 8080] [--host 127.0.0.1] [--train-digits 20000] [--test-digits 1000]';

/**
 * Serves the in-browser demo: a page that trains an MLP on MNIST with the wasm backend (live loss
 * and accuracy, steps/s), then classifies digits drawn on a canvas; its weights download as a
 * safetensors model file that `nabla eval` and `nabla predict` load. Runs until Ctrl-C.
 */
export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseCommand('demo', args, ['port', 'host', 'train-digits', 'test-digits']);
  const port = numberOption('demo', 'port', values.port, 8080, { integer: true });
  if (port > 65535) throw new UsageError(`nabla demo: --port must be at most 65535, got ${port}`);
  const trainDigits = numberOption('demo', 'train-digits', values['train-digits'], 20000, { integer: true });
  const testDigits = numberOption('demo', 'test-digits', values['test-digits'], 1000, { integer: true });
  if (!browserBuildPresent()) {
    console.error('nabla demo: dist/browser.js is missing; run `npm run build` in the nabla folder first');
    return 1;
  }
  const server = await startDemoServer({ port, host: values.host ?? '127.0.0.1', trainDigits, testDigits });
  console.log(`nabla demo: open ${server.url} (Ctrl-C stops it)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

#!/usr/bin/env node
// The `nabla` command: runs the compiled CLI (built into dist/ by `npm install`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('nabla: dist/ is missing; run `npm install` (or `npm run build`) in the nabla folder first');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));

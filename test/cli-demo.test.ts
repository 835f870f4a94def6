// `nabla demo`'s server and options, without a browser (test/demo-browser.test.ts drives the page).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserBuildPresent, mnistBlock, startDemoServer } from '../src/cli/demo-server.js';
import { runCli } from './cli-capture.js';

test('mnistBlock: the images, then the labels, of the first digits', () => {
  const block = mnistBlock('test', 3);
  assert.equal(block.length, 3 * 785);
  assert.deepEqual([...block.subarray(3 * 784)], [7, 2, 1]); // the first three test labels
  assert.equal(block[0], 0); // the corner of the first digit is background
  assert.equal(mnistBlock('test', 20000).length, 10000 * 785); // no more than the split holds
});

test('the server serves the page, its script, the browser build and MNIST; nothing else', async () => {
  const server = await startDemoServer({ port: 0, host: '127.0.0.1', trainDigits: 5, testDigits: 4 });
  try {
    const get = (path: string, init?: RequestInit) => fetch(new URL(path, server.url), init);
    const page = await get('/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    assert.match(await page.text(), /<script type="module" src="\.\/demo\.js">/);
    const script = await get('/demo.js');
    assert.match(await script.text(), /from '\/nabla\/browser\.js'/);
    const train = new Uint8Array(await (await get('/mnist/train.bin')).arrayBuffer());
    assert.equal(train.length, 5 * 785);
    assert.deepEqual([...train.subarray(5 * 784)], [5, 0, 4, 1, 9]); // the first five training labels
    assert.equal((await (await get('/mnist/test.bin')).arrayBuffer()).byteLength, 4 * 785);
    const wasm = await get('/nabla/nabla.wasm');
    assert.equal(wasm.status, browserBuildPresent() ? 200 : 500);
    if (wasm.status === 200) assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal((await get('/favicon.ico')).status, 204);
    assert.equal((await get('/../package.json')).status, 404);
    assert.equal((await get('/mnist/train.bin', { method: 'POST' })).status, 405);
  } finally {
    await server.close();
  }
});

test('nabla demo checks its options before serving', async () => {
  const port = await runCli('demo', '--port', '70000');
  assert.equal(port.code, 2);
  assert.equal(port.err, 'nabla demo: --port must be at most 65535, got 70000');
  const digits = await runCli('demo', '--train-digits', '0');
  assert.equal(digits.code, 2);
  assert.match(digits.err, /--train-digits must be a positive integer, got '0'/);
  const help = await runCli('demo', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /^usage: nabla demo \[--port 8080\]/);
});

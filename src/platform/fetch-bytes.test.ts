import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { PlatformError } from '../errors.js';
import { fetchBytes } from './fetch-bytes.js';

test('fetchBytes reads data: URLs, file: URLs and HTTP', async () => {
  assert.deepEqual([...(await fetchBytes('data:application/octet-stream;base64,AQID', 't'))], [1, 2, 3]);
  const self = await fetchBytes(new URL(import.meta.url), 't');
  assert.equal(new TextDecoder().decode(self.subarray(0, 6)), 'import');
  const server = createServer((request, response) => {
    if (request.url === '/x.bin') response.end(new Uint8Array([7, 8]));
    else response.writeHead(404).end();
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.deepEqual([...(await fetchBytes(`${base}/x.bin`, 't'))], [7, 8]);
    await assert.rejects(
      fetchBytes(`${base}/missing.bin`, 'the test'),
      (e) =>
        e instanceof PlatformError && e.message === `the test: fetching ${base}/missing.bin gave HTTP 404`,
    );
  } finally {
    server.close();
  }
});

test('fetchBytes names the file: URL it cannot read', async () => {
  await assert.rejects(
    fetchBytes('file:///no/such/file.wasm', 'the test'),
    (e) =>
      e instanceof PlatformError && /^the test: cannot read file:\/\/\/no\/such\/file\.wasm/.test(e.message),
  );
});

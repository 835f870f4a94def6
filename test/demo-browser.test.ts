// `nabla demo` in a real browser: Debian's Chromium, headless, driven by playwright-core (which
// downloads no browser of its own). The page trains its MLP on the wasm backend for a fixed number
// of steps, its held-out accuracy is read off the page, test-set digits are drawn on the pad with
// the mouse and must be recognised, the weights it offers load in Node with `nabla eval`, and no
// console error may appear. A screenshot of the page is kept (its path is printed).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { browserBuildPresent, type DemoServer, mnistBlock, startDemoServer } from '../src/cli/demo-server.js';
import { runCli } from './cli-capture.js';

// Where .ci/run's `apt-get install chromium` puts it; NABLA_CHROMIUM overrides.
const chromiumPath = process.env.NABLA_CHROMIUM ?? '/usr/bin/chromium';
const STEPS = 400;
const work = mkdtempSync(join(tmpdir(), 'nabla-demo-'));

let server: DemoServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

before(async () => {
  assert.ok(
    existsSync(chromiumPath),
    `Chromium is not at ${chromiumPath}: install Debian's (apt-get install chromium, as .ci/run does) or set NABLA_CHROMIUM`,
  );
  assert.ok(browserBuildPresent(), 'dist/browser.js is missing: run `npm run build` first');
  server = await startDemoServer({ port: 0, host: '127.0.0.1', trainDigits: 10000, testDigits: 1000 });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    // As root there is no sandbox; the rest keeps Chromium off the (closed) network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1040, height: 960 }, acceptDownloads: true });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page runs on the wasm backend, on every core: it is cross-origin isolated', async () => {
  assert.equal(await page.textContent('#backend'), 'wasm');
  type PageScope = { crossOriginIsolated: boolean; navigator: { hardwareConcurrency: number } };
  assert.equal(await page.evaluate(() => (globalThis as unknown as PageScope).crossOriginIsolated), true);
  const cores = await page.evaluate(() => (globalThis as unknown as PageScope).navigator.hardwareConcurrency);
  assert.equal(await page.textContent('#threads'), String(Math.min(cores, 64)));
  assert.equal(await page.textContent('#test-count'), '1,000');
});

test(`the MLP trains for ${STEPS} steps in the page and reaches ≥ 90% on the held-out digits`, async () => {
  await page.fill('#steps', String(STEPS));
  await page.click('#train');
  await page.waitForSelector('body[data-state="trained"]', { timeout: 60000 });
  assert.equal(await page.textContent('#step'), `${STEPS} / ${STEPS}`);
  assert.equal(await page.getAttribute('#progress', 'value'), '1');
  const accuracy = Number((await page.textContent('#accuracy'))!.replace('%', ''));
  assert.ok(accuracy >= 90, `held-out accuracy ${accuracy}%`);
  assert.ok(Number(await page.textContent('#speed')) > 0);
});

test('test-set digits drawn on the pad with the mouse are recognised', async () => {
  const box = (await page.locator('#pad').boundingBox())!;
  const digits = mnistBlock('test', 3); // 7, 2, 1
  const seen: number[] = [];
  for (let d = 0; d < 3; d++) {
    await page.click('#clear');
    // One stroke per run of inked pixels in a row, 10 screen pixels to a digit pixel.
    for (let row = 0; row < 28; row++) {
      for (let col = 0; col < 28; col++) {
        if (digits[d * 784 + row * 28 + col]! < 128) continue;
        const start = col;
        while (col < 27 && digits[d * 784 + row * 28 + col + 1]! >= 128) col++;
        await page.mouse.move(box.x + start * 10 + 5, box.y + row * 10 + 5);
        await page.mouse.down();
        await page.mouse.move(box.x + col * 10 + 5, box.y + row * 10 + 5, { steps: 2 });
        await page.mouse.up();
      }
    }
    const prediction = await page.evaluate(
      () =>
        (globalThis as unknown as { demo: { prediction: { digit: number; probabilities: number[] } } }).demo
          .prediction,
    );
    seen.push(prediction.digit);
    assert.equal(Number(await page.textContent('#prediction')), prediction.digit);
    assert.ok(Math.abs(prediction.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  }
  assert.deepEqual(seen, [...digits.subarray(3 * 784, 3 * 785)]);
  const screenshot = join(work, 'demo.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`# screenshot of the demo: ${screenshot}`);
});

test('the downloaded weights load in Node: nabla eval scores them like the page did', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'mnist-mlp.safetensors');
  const file = join(work, 'mnist-mlp.safetensors');
  await download.saveAs(file);
  const { code, out } = await runCli('eval', file, '--limit', '1000');
  assert.equal(code, 0);
  const match = /^mlp: test accuracy ([\d.]+)% \(loss [\d.]+\) on 1,000 digits$/m.exec(out);
  assert.ok(match, out);
  const pageAccuracy = Number((await page.textContent('#accuracy'))!.replace('%', ''));
  // The same weights on the same 1,000 digits; float32 sums may differ in order between backends.
  assert.ok(
    Math.abs(Number(match[1]) - pageAccuracy) <= 0.2,
    `${match[1]}% in Node, ${pageAccuracy}% in the page`,
  );
});

test('no console errors in the page', () => {
  assert.deepEqual(consoleErrors, []);
});

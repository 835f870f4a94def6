// The page of `nabla demo`: trains an MLP on MNIST in the browser with nabla's browser build, plots
// its loss and held-out accuracy as it goes, then classifies the digits drawn on the pad. The
// trained weights download as a nabla model file (`nabla eval mnist-mlp.safetensors` in Node).
import * as nabla from '/nabla/browser.js';

const { nn, optim, tensor, crossEntropy, softmax, noGrad, manualSeed, encodeSafetensors, modelToRaw } = nabla;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
if (params.has('backend')) nabla.setBackend(params.get('backend'));

// The same network as `mlp({ hidden: [128] })` of nabla/models, so the file loads with loadModel.
const CONFIG = { inFeatures: 784, hidden: [128], numClasses: 10, dropout: 0 };
const BATCH = 64;
const EVAL_EVERY = 100;

/** Status the page shows, also read by the browser test. */
const demo = { state: 'loading', step: 0, loss: Number.NaN, accuracy: Number.NaN, prediction: null };
window.demo = demo;
const setState = (state) => {
  demo.state = state;
  document.body.dataset.state = state;
};

async function loadDigits(split) {
  const response = await fetch(`/mnist/${split}.bin`);
  if (!response.ok) throw new Error(`/mnist/${split}.bin: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const count = bytes.length / 785;
  const images = new Float32Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = bytes[i] / 255;
  return { images, labels: Int32Array.from(bytes.subarray(count * 784)), count };
}

function buildModel() {
  manualSeed(0);
  const layers = [];
  let width = CONFIG.inFeatures;
  for (const h of CONFIG.hidden) {
    layers.push(new nn.Linear(width, h), new nn.ReLU());
    width = h;
  }
  layers.push(new nn.Linear(width, CONFIG.numClasses));
  return new nn.Sequential(...layers);
}

function accuracyOn(model, data) {
  const logits = noGrad(() => model.forward(tensor(data.images, { shape: [data.count, 784] })));
  const predicted = logits.argmax(1).data();
  let right = 0;
  for (let i = 0; i < data.count; i++) right += predicted[i] === data.labels[i] ? 1 : 0;
  return right / data.count;
}

// A seeded shuffle (an LCG), so a run of the page is repeatable.
function shuffled(n, seed) {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function plot(canvas, points, { label, color, min, max, maxX, format = String }) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  const pad = 36;
  ctx.clearRect(0, 0, width, height);
  ctx.strokeStyle = '#ccc';
  ctx.strokeRect(pad, 8, width - pad - 8, height - pad - 8);
  ctx.fillStyle = '#444';
  ctx.font = '12px system-ui';
  ctx.fillText(label, pad + 6, 22);
  ctx.fillText(format(max), 2, 16);
  ctx.fillText(format(min), 2, height - pad);
  ctx.fillText(`step ${maxX}`, width - 80, height - 8);
  if (points.length === 0) return;
  const x = (step) => pad + ((width - pad - 8) * step) / maxX;
  const y = (v) => 8 + (height - pad - 8) * (1 - (Math.min(Math.max(v, min), max) - min) / (max - min));
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const [s, v] of points) ctx.lineTo(x(s), y(v));
  ctx.stroke();
}

let model = buildModel();
let train;
let test;

async function run(steps) {
  setState('training');
  $('train').disabled = true;
  $('download').setAttribute('aria-disabled', 'true');
  model = buildModel();
  const opt = new optim.Adam(model.parameters(), { lr: 2e-3 });
  const losses = [];
  const accuracies = [];
  const x = new Float32Array(BATCH * 784);
  const y = new Int32Array(BATCH);
  let order = shuffled(train.count, 1);
  let cursor = 0;
  let smoothed = Number.NaN;
  const start = performance.now();
  let last = start;
  for (let step = 1; step <= steps; step++) {
    for (let b = 0; b < BATCH; b++, cursor++) {
      if (cursor === train.count) [order, cursor] = [shuffled(train.count, step), 0];
      const i = order[cursor];
      x.set(train.images.subarray(i * 784, i * 784 + 784), b * 784);
      y[b] = train.labels[i];
    }
    const loss = crossEntropy(model.forward(tensor(x, { shape: [BATCH, 784] })), tensor(y));
    opt.zeroGrad();
    loss.backward();
    opt.step();
    const value = loss.item();
    smoothed = Number.isNaN(smoothed) ? value : 0.95 * smoothed + 0.05 * value;
    losses.push([step, smoothed]);
    Object.assign(demo, { step, loss: smoothed });
    if (step % EVAL_EVERY === 0 || step === steps) {
      demo.accuracy = accuracyOn(model, test);
      accuracies.push([step, demo.accuracy]);
      $('accuracy').textContent = `${(100 * demo.accuracy).toFixed(2)}%`;
    }
    const now = performance.now();
    if (now - last > 100 || step === steps) {
      $('step').textContent = `${step} / ${steps}`;
      $('speed').textContent = ((1000 * step) / (now - start)).toFixed(0);
      $('loss').textContent = smoothed.toFixed(4);
      $('progress').value = step / steps;
      plot($('loss-chart'), losses, {
        label: 'training loss (smoothed)',
        color: '#3a7bd5',
        min: 0,
        max: 2.5,
        maxX: steps,
      });
      plot($('accuracy-chart'), accuracies, {
        label: 'held-out accuracy',
        color: '#e8590c',
        min: 0.8,
        max: 1,
        maxX: steps,
        format: (v) => `${100 * v}%`,
      });
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 0)); // lets the page repaint
    }
  }
  offerDownload();
  $('train').disabled = false;
  setState('trained');
}

function offerDownload() {
  const metadata = { format: 'nabla-model', architecture: 'mlp', config: JSON.stringify(CONFIG) };
  const bytes = encodeSafetensors(modelToRaw(model), metadata);
  const link = $('download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  link.download = 'mnist-mlp.safetensors';
  link.setAttribute('aria-disabled', 'false');
}

// The pad: white strokes on black, like MNIST's digits.
const pad = $('pad');
const ink = pad.getContext('2d', { willReadFrequently: true });
function clearPad() {
  ink.fillStyle = '#000';
  ink.fillRect(0, 0, pad.width, pad.height);
  $('prediction').textContent = '';
  $('probs').replaceChildren();
  $('preview').getContext('2d').clearRect(0, 0, 28, 28);
  demo.prediction = null;
}
let drawing = false;
pad.addEventListener('pointerdown', (e) => {
  drawing = true;
  pad.setPointerCapture(e.pointerId);
  Object.assign(ink, { strokeStyle: '#fff', lineWidth: 20, lineCap: 'round', lineJoin: 'round' });
  ink.beginPath();
  ink.moveTo(e.offsetX, e.offsetY);
  ink.lineTo(e.offsetX, e.offsetY);
  ink.stroke();
});
pad.addEventListener('pointermove', (e) => {
  if (!drawing) return;
  ink.lineTo(e.offsetX, e.offsetY);
  ink.stroke();
});
pad.addEventListener('pointerup', () => {
  drawing = false;
  predictDrawing();
});

/**
 * The drawing as MNIST prepared its digits: the ink's bounding box scaled to fit 20×20 (area
 * averaging), placed in 28×28 with its centre of mass in the middle. Null for an empty pad.
 */
function drawingAsMnist() {
  const { data } = ink.getImageData(0, 0, pad.width, pad.height);
  const n = pad.width;
  let [x0, y0, x1, y1] = [n, n, -1, -1];
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      if (data[4 * (y * n + x)] > 0)
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  if (x1 < 0) return null;
  const scale = 20 / Math.max(x1 - x0 + 1, y1 - y0 + 1);
  const sum = new Float32Array(28 * 28);
  const count = new Float32Array(28 * 28);
  const offX = (28 - (x1 - x0 + 1) * scale) / 2;
  const offY = (28 - (y1 - y0 + 1) * scale) / 2;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const k = Math.floor(offY + (y - y0) * scale) * 28 + Math.floor(offX + (x - x0) * scale);
      sum[k] += data[4 * (y * n + x)] / 255;
      count[k] += 1;
    }
  const boxed = sum.map((s, k) => (count[k] > 0 ? s / count[k] : 0));
  let [mass, cx, cy] = [0, 0, 0];
  boxed.forEach((v, k) => {
    mass += v;
    cx += v * (k % 28);
    cy += v * Math.floor(k / 28);
  });
  const dx = Math.round(13.5 - cx / mass);
  const dy = Math.round(13.5 - cy / mass);
  const pixels = new Float32Array(28 * 28);
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      const [sx, sy] = [x - dx, y - dy];
      if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) pixels[y * 28 + x] = boxed[sy * 28 + sx];
    }
  return pixels;
}

function predictDrawing() {
  const pixels = drawingAsMnist();
  if (!pixels) return;
  const preview = $('preview').getContext('2d');
  const image = preview.createImageData(28, 28);
  for (let k = 0; k < pixels.length; k++)
    image.data.set([255 * pixels[k], 255 * pixels[k], 255 * pixels[k], 255], 4 * k);
  preview.putImageData(image, 0, 0);
  const probs = noGrad(() => softmax(model.forward(tensor(pixels, { shape: [1, 784] })), 1)).data();
  const best = probs.indexOf(Math.max(...probs));
  demo.prediction = { digit: best, probabilities: [...probs] };
  $('prediction').textContent = String(best);
  $('probs').replaceChildren(
    ...[...probs].map((p, digit) => {
      const row = document.createElement('li');
      row.className = digit === best ? 'top' : '';
      row.innerHTML = `<b>${digit}</b><span class="bar" style="width: ${(200 * p).toFixed(1)}px"></span>${(100 * p).toFixed(1)}%`;
      return row;
    }),
  );
}

$('clear').addEventListener('click', clearPad);
$('train').addEventListener('click', () => run(Math.max(1, Math.floor(Number($('steps').value)) || 1)));
clearPad();
$('backend').textContent = nabla.getBackend().name;
// More than one where the page is cross-origin isolated (the demo server sends the headers).
$('threads').textContent = String(nabla.getNumThreads());
[train, test] = await Promise.all([loadDigits('train'), loadDigits('test')]);
$('train-count').textContent = train.count.toLocaleString('en-US');
$('test-count').textContent = test.count.toLocaleString('en-US');
$('train').disabled = false;
setState('ready');

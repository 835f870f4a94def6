import { getBackend } from './src/backends/registry.js';
import type { ConvShape } from './src/backends/types.js';
const k = getBackend().kernels;
const rand = (n: number) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
function c(batch: number, cIn: number, cOut: number, n: number, kk: number, st = 1, p = (kk - 1) / 2): [string, ConvShape] {
  const o = Math.floor((n + 2 * p - kk) / st) + 1;
  return [`b${batch} ${cIn}→${cOut} ${kk}×${kk}/${st} ${n}²`, { batch, inChannels: cIn, outChannels: cOut, groups: 1,
    window: { inSize: [n, n], kernelSize: [kk, kk], outSize: [o, o], stride: [st, st], padding: [p, p], dilation: [1, 1] } }];
}
const sets: Record<string, [string, ConvShape][]> = {
  r20: [c(64, 3, 16, 32, 3), c(64, 16, 16, 32, 3), c(64, 32, 32, 16, 3), c(64, 64, 64, 8, 3), c(64, 16, 32, 32, 3, 2), c(64, 32, 64, 16, 3, 2), c(64, 16, 32, 32, 1, 2, 0), c(64, 32, 64, 16, 1, 2, 0)],
  lenet: [c(64, 1, 6, 28, 5, 1, 2), c(64, 6, 16, 14, 5, 1, 0)],
  r18: [c(8, 64, 64, 56, 3), c(8, 128, 128, 28, 3), c(8, 256, 256, 14, 3), c(8, 512, 512, 7, 3), c(8, 64, 128, 56, 3, 2), c(8, 3, 64, 224, 7, 2, 3)],
  mb: [c(8, 32, 16, 112, 1, 1, 0), c(8, 96, 24, 56, 1, 1, 0), c(8, 144, 24, 56, 1, 1, 0), c(8, 960, 160, 7, 1, 1, 0), c(8, 320, 1280, 7, 1, 1, 0)],
};
for (const set of process.argv.slice(2)) for (const [name, s] of sets[set]!) {
  const w = s.window;
  const x = rand(s.batch * s.inChannels * w.inSize[0]! * w.inSize[1]!);
  const dy = rand(s.batch * s.outChannels * w.outSize[0]! * w.outSize[1]!);
  const dw = new Float32Array(s.outChannels * s.inChannels * w.kernelSize[0]! * w.kernelSize[1]!);
  const flops = 2 * dy.length * s.inChannels * w.kernelSize[0]! * w.kernelSize[1]!;
  const mode = process.env.MODE ?? "wg";
  const dx = new Float32Array(x.length);
  const f = mode === "fwd" ? () => k.convForward(x, dw, undefined, s, dy) : mode === "in" ? () => k.convInputGrad(dy, dw, s, dx) : () => k.convWeightGrad(x, dy, s, dw);
  for (let i = 0; i < 5; i++) f();
  const reps = Math.max(3, Math.min(50, Math.round(2e9 / flops)));
  let best = Infinity;
  for (let r = 0; r < 7; r++) { const t0 = performance.now(); for (let i = 0; i < reps; i++) f(); best = Math.min(best, (performance.now() - t0) / reps); }
  console.log(`${best.toFixed(3).padStart(8)} ms ${(flops / best / 1e6).toFixed(1).padStart(6)} GF  ${name}`);
}

/**
 * Times LeNet's convolution and pooling kernels alone (buffers allocated once), per shape:
 *
 *   NABLA_NUM_THREADS=1 npx tsx bench/conv-kernels.ts [more | resnet | resnet18 | wide | winograd] [forward]
 *
 * `forward` times only the forward convolutions.
 */
import { getBackend } from '../src/backends/registry.js';
import type { ConvShape, WindowGeometry } from '../src/backends/types.js';

const k = getBackend().kernels;
const rand = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.random() - 0.5);

function time(label: string, f: () => void, flops = 0): void {
  for (let i = 0; i < 20; i++) f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < 20; i++) f();
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / 20);
    cpu.push((c.user + c.system) / 1000 / 20);
  }
  // The minimum: other engineers share the machine, and interference only ever adds time. The
  // process's CPU time per call (on one thread, what the kernel itself took even while the OS
  // let other processes run) is steadier than wall time on a loaded machine.
  const best = Math.min(...wall);
  const bestCpu = Math.min(...cpu);
  const rate = flops > 0 ? ` ${(flops / best / 1e6).toFixed(1).padStart(6)} GFLOP/s` : '';
  console.log(
    `${best.toFixed(3).padStart(7)} ms (cpu ${bestCpu.toFixed(3).padStart(7)} ms)${rate}  ${label}`,
  );
}

const layers: { name: string; s: ConvShape }[] = [
  {
    name: 'conv1 1→6 5×5 pad 2, 28×28',
    s: {
      batch: 64,
      inChannels: 1,
      outChannels: 6,
      groups: 1,
      window: {
        inSize: [28, 28],
        kernelSize: [5, 5],
        outSize: [28, 28],
        stride: [1, 1],
        padding: [2, 2],
        dilation: [1, 1],
      },
    },
  },
  {
    name: 'conv2 6→16 5×5, 14×14',
    s: {
      batch: 64,
      inChannels: 6,
      outChannels: 16,
      groups: 1,
      window: {
        inSize: [14, 14],
        kernelSize: [5, 5],
        outSize: [10, 10],
        stride: [1, 1],
        padding: [0, 0],
        dilation: [1, 1],
      },
    },
  },
];
/**
 * A 'same' 2-d conv (n × n outputs, stride 1 unless given), for the direct-vs-GEMM choice beyond
 * LeNet (`more` on the command line).
 */
function same(
  batch: number,
  cIn: number,
  cOut: number,
  n: number,
  k: number,
  stride = 1,
): { name: string; s: ConvShape } {
  const p = (k - 1) / 2;
  const stridden = stride === 1 ? '' : `/${stride}`;
  return {
    name: `${cIn}→${cOut} ${k}×${k}${stridden} pad ${p}, ${n * stride}×${n * stride}, batch ${batch}`,
    s: {
      batch,
      inChannels: cIn,
      outChannels: cOut,
      groups: 1,
      window: {
        inSize: [n * stride, n * stride],
        kernelSize: [k, k],
        outSize: [n, n],
        stride: [stride, stride],
        padding: [p, p],
        dilation: [1, 1],
      },
    },
  };
}
// The named sets of the command line, in place of LeNet's layers.
const sets: Record<string, { name: string; s: ConvShape }[]> = {
  more: [
    same(16, 3, 32, 32, 3),
    same(16, 16, 32, 16, 3),
    same(8, 32, 32, 16, 3),
    same(8, 64, 64, 8, 3),
    same(16, 8, 16, 16, 5),
  ],
  // ResNet-20's 3×3 convolutions at batch 64 (bench/conv-kernels.py times PyTorch's on the same).
  resnet: [same(64, 16, 16, 32, 3), same(64, 32, 32, 16, 3), same(64, 64, 64, 8, 3)],
  // Wide sums (1,152–2,304 terms) at batches 2–32: the direct-vs-GEMM choice on 8 lanes.
  wide: [
    same(8, 128, 128, 28, 3),
    same(8, 256, 256, 14, 3),
    same(2, 128, 128, 28, 3),
    same(32, 64, 128, 16, 3),
  ],
  // Where Winograd pays on 16 lanes (NOTE(winograd-takes)): ≥ 64 channels and ≥ 128 tiles taken,
  // 32 channels and ≤ 49 tiles not.
  winograd: [
    same(8, 128, 128, 28, 3),
    same(8, 256, 256, 10, 3),
    same(1, 64, 64, 112, 3),
    same(4, 64, 64, 32, 3),
    same(32, 64, 128, 16, 3),
    same(64, 32, 32, 16, 3),
    same(4, 32, 32, 24, 3),
    same(16, 32, 32, 10, 3),
    same(1, 256, 256, 14, 3),
  ],
  // ResNet-18's 3×3 convolutions and its 7×7 stem at batch 1 (inference): one sample, split inside
  // it on 2 threads.
  resnet18: [
    same(1, 64, 64, 56, 3),
    same(1, 128, 128, 28, 3),
    same(1, 256, 256, 14, 3),
    same(1, 512, 512, 7, 3),
    same(1, 3, 64, 112, 7, 2),
    same(1, 64, 128, 28, 3, 2),
    same(1, 128, 256, 14, 3, 2),
    same(1, 256, 512, 7, 3, 2),
  ],
};
const chosen = sets[process.argv[2] ?? ''];
if (chosen !== undefined) layers.splice(0, layers.length, ...chosen);

for (const { name, s } of layers) {
  const w = s.window;
  const inPlane = w.inSize[0]! * w.inSize[1]!;
  const outPlane = w.outSize[0]! * w.outSize[1]!;
  const x = rand(s.batch * s.inChannels * inPlane);
  const wt = rand(s.outChannels * s.inChannels * w.kernelSize[0]! * w.kernelSize[1]!);
  const bias = rand(s.outChannels);
  const y = new Float32Array(s.batch * s.outChannels * outPlane);
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(wt.length);
  const flops =
    (2 * s.batch * s.outChannels * outPlane * s.inChannels * wt.length) / (s.outChannels * s.inChannels);
  time(`${name} forward`, () => k.convForward(x, wt, bias, s, y), flops);
  if (process.argv[3] === 'forward') continue;
  time(`${name} input grad`, () => k.convInputGrad(y, wt, s, dx), flops);
  time(`${name} weight grad`, () => k.convWeightGrad(x, y, s, dw), flops);
  if (process.argv[2] !== undefined) continue;
  const o = w.outSize;
  const pool: WindowGeometry = {
    inSize: o,
    kernelSize: [2, 2],
    outSize: [o[0]! / 2, o[1]! / 2],
    stride: [2, 2],
    padding: [0, 0],
    dilation: [1, 1],
  };
  const pooled = new Float32Array(y.length / 4);
  const indices = new Int32Array(y.length / 4);
  const planes = s.batch * s.outChannels;
  time(`${name} maxpool 2×2 forward`, () => k.maxPoolForward(y, planes, pool, pooled, indices));
  time(`${name} maxpool 2×2 backward`, () =>
    k.maxPoolBackward(pooled, indices, planes, outPlane, outPlane / 4, y),
  );
}

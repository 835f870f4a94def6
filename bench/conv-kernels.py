"""PyTorch's time for the convolutions of `bench/conv-kernels.ts resnet`: forward, input gradient and
weight gradient of ResNet-20's 3×3 layers at batch 64, best of 15 rounds of 20 calls (wall
and process CPU time).

    /usr/bin/python3 bench/conv-kernels.py [threads]
"""
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)


def best(f):
    for _ in range(20):
        f()
    wall, cpu = [], []
    for _ in range(15):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(20):
            f()
        wall.append((time.perf_counter() - t0) / 20)
        cpu.append((time.process_time() - c0) / 20)
    return min(wall) * 1000, min(cpu) * 1000


for batch, c, n in [(64, 16, 32), (64, 32, 16), (64, 64, 8)]:
    x = torch.rand(batch, c, n, n) - 0.5
    w = torch.rand(c, c, 3, 3) - 0.5
    b = torch.rand(c) - 0.5
    dy = torch.rand(batch, c, n, n) - 0.5
    flops = 2 * batch * c * n * n * c * 9
    name = f"{c}→{c} 3×3 pad 1, {n}×{n}, batch {batch}"
    mask = (True, False, False)
    calls = {
        "forward": lambda: torch.convolution(x, w, b, (1, 1), (1, 1), (1, 1), False, (0, 0), 1),
        "input grad": lambda: torch.ops.aten.convolution_backward(
            dy, x, w, [c], (1, 1), (1, 1), (1, 1), False, (0, 0), 1, (True, False, False)),
        "weight grad": lambda: torch.ops.aten.convolution_backward(
            dy, x, w, [c], (1, 1), (1, 1), (1, 1), False, (0, 0), 1, (False, True, False)),
    }
    for label, f in calls.items():
        ms, cpu = best(f)
        print(f"{ms:7.3f} ms (cpu {cpu:7.3f} ms) {flops / ms / 1e6:6.1f} GFLOP/s  {name} {label}")

#!/usr/bin/env python3
"""PyTorch CPU peer for nabla's benchmark suite.

Runs the workloads of bench/workloads.md (mlp, cnn, lstm, sgemm, resnet20, transformer,
infer-resnet18, infer-mobilenetv2) with the timing protocol of bench/timing.ts (copied below, same
numbers) and prints one JSON line per result on stdout:

    {"peer": "pytorch", "workload": "mlp", "threads": 1, "samples_per_s": ..., "median_ms": ...,
     "p25_ms": ..., "p75_ms": ..., "steps": ..., "peak_rss_mb": ..., "rss_before_mb": ...}

sgemm prints one line per shape, with "gflops" and "shape" ("512x512x512"). Inference workloads
time one batch-1 forward pass: median_ms is the latency, samples_per_s images/s. peak_rss_mb is
the process's peak resident memory during one more step after the timed ones (as bench/memory.ts).

Usage (Debian's python3-torch; OPENBLAS_CORETYPE=SkylakeX matters on AVX-512 CPUs that
Debian's OpenBLAS does not recognise, such as Zen 4/5, or it runs its Haswell kernels):

    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/peers/torch_bench.py --threads 1 \
        --workloads mlp,cnn,lstm,sgemm

PyTorch is never a dependency of nabla; when it is missing this prints one error line per
workload and exits 0, so `npm run bench -- --compare` reports it as not available.
"""

import argparse
import json
import math
import os
import sys
import time

PEER = "pytorch"
BATCH = {"mlp": 128, "cnn": 64, "lstm": 32, "resnet20": 64, "transformer": 32}
SGEMM_SHAPES = [(128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (128, 784, 512)]

# The protocol of bench/timing.ts (TRAIN_STEP_PROTOCOL and CALL_PROTOCOL).
WARMUP_MIN_STEPS, WARMUP_MIN_S, MIN_STEPS, TARGET_S, MAX_STEPS = 3, 1.0, 7, 3.0, 200
CALL_MIN_SAMPLE_S, CALL_SAMPLES, CALL_WARMUP_MIN_S = 0.030, 7, 0.3


def emit(line):
    print(json.dumps(line), flush=True)


def quantile(sorted_values, q):
    pos = (len(sorted_values) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def summarize(times_s):
    s = sorted(times_s)
    return {
        "median_ms": quantile(s, 0.5) * 1e3,
        "p25_ms": quantile(s, 0.25) * 1e3,
        "p75_ms": quantile(s, 0.75) * 1e3,
        "steps": len(s),
    }


def time_train_steps(step):
    """Warm-up >= 3 steps and >= 1 s; then >= 7 timed steps, until 3 s, at most 200."""
    warmup, start = 0, time.perf_counter()
    while warmup < WARMUP_MIN_STEPS or time.perf_counter() - start < WARMUP_MIN_S:
        check_loss(step())
        warmup += 1
    times, start = [], time.perf_counter()
    while len(times) < MIN_STEPS or (len(times) < MAX_STEPS and time.perf_counter() - start < TARGET_S):
        t0 = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - t0)
        check_loss(loss)
    return summarize(times)


def time_call(call):
    """sgemm protocol: each sample repeats the call to last >= 30 ms; median of 7 samples."""
    reps, start = 1, time.perf_counter()
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            call()
        elapsed = time.perf_counter() - t0
        warmed_up = time.perf_counter() - start >= CALL_WARMUP_MIN_S
        if elapsed >= CALL_MIN_SAMPLE_S and warmed_up:
            break
        if elapsed < CALL_MIN_SAMPLE_S:
            scale = 1.2 * CALL_MIN_SAMPLE_S / elapsed if elapsed > 0 else 2
            reps = max(reps + 1, min(reps * 8, math.ceil(reps * scale)))
    per_call = []
    for _ in range(CALL_SAMPLES):
        t0 = time.perf_counter()
        for _ in range(reps):
            call()
        per_call.append((time.perf_counter() - t0) / reps)
    return summarize(per_call)


def status_kb(field):
    """A field of /proc/self/status in kB (VmRSS, VmHWM), or None."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def step_memory(step):
    """Peak RSS during one step (MB): reset the peak (Linux clear_refs "5"), step, read VmHWM."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        resettable = True
    except OSError:
        resettable = False
    before = status_kb("VmRSS")
    step()
    peak = status_kb("VmHWM")
    if not resettable or before is None or peak is None:
        return {}
    return {"peak_rss_mb": round(peak * 1.024e-3, 1), "rss_before_mb": round(before * 1.024e-3, 1)}


def check_loss(loss):
    if not math.isfinite(loss):
        raise RuntimeError(f"the step returned loss {loss}")


def round4(x):
    return float(f"{x:.4g}")


def result(workload, threads, timing, batch):
    return {
        "peer": PEER,
        "workload": workload,
        "threads": threads,
        "samples_per_s": round4(batch * 1e3 / timing["median_ms"]),
        "median_ms": round4(timing["median_ms"]),
        "p25_ms": round4(timing["p25_ms"]),
        "p75_ms": round4(timing["p75_ms"]),
        "steps": timing["steps"],
    }


def train_step_fn(torch, model, optimizer, x, y, loss_of):
    def step():
        optimizer.zero_grad()
        loss = loss_of(model, x, y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def cross_entropy(torch):
    return lambda model, x, y: torch.nn.functional.cross_entropy(model(x), y)


def mlp(torch):
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    x = torch.rand(128, 784)
    y = torch.randint(0, 10, (128,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    return train_step_fn(torch, model, opt, x, y, cross_entropy(torch))


def cnn(torch):
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    )
    x = torch.rand(64, 1, 28, 28)
    y = torch.randint(0, 10, (64,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    return train_step_fn(torch, model, opt, x, y, cross_entropy(torch))


def lstm(torch):
    nn = torch.nn

    class CharLSTM(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(65, 64)
            self.lstm = nn.LSTM(64, 256, batch_first=True)
            self.out = nn.Linear(256, 65)

        def forward(self, tokens):
            h, _ = self.lstm(self.embed(tokens))  # h0 = c0 = 0 every step
            return self.out(h)  # [32, 64, 65]

    model = CharLSTM()
    tokens = torch.randint(0, 65, (32, 65))
    x, y = tokens[:, :64].contiguous(), tokens[:, 1:].contiguous()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)

    def loss_of(m, x, y):
        return torch.nn.functional.cross_entropy(m(x).reshape(-1, 65), y.reshape(-1))

    return train_step_fn(torch, model, opt, x, y, loss_of)


def expect_parameters(workload, model, expected):
    """A model that differs from workloads.md would measure something else: refuse to time it."""
    got = sum(p.numel() for p in model.parameters())
    if got != expected:
        raise RuntimeError(f"{workload}: workloads.md defines {expected:,} parameters, the model has {got:,}")


def resnet20(torch):
    nn = torch.nn

    def conv_bn(cin, cout, k, stride):
        return [nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False),
                nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)]

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.body = nn.Sequential(*conv_bn(cin, cout, 3, stride), nn.ReLU(), *conv_bn(cout, cout, 3, 1))
            self.shortcut = nn.Sequential(*conv_bn(cin, cout, 1, stride)) if stride != 1 or cin != cout else None

        def forward(self, x):
            return torch.relu(self.body(x) + (self.shortcut(x) if self.shortcut is not None else x))

    blocks, channels = [], 16
    for stage, width in enumerate([16, 32, 64]):
        for i in range(3):
            blocks.append(BasicBlock(channels, width, 2 if stage > 0 and i == 0 else 1))
            channels = width
    model = nn.Sequential(
        *conv_bn(3, 16, 3, 1), nn.ReLU(), *blocks,
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10),
    )
    expect_parameters("resnet20", model, 272_474)
    x = torch.rand(64, 3, 32, 32)
    y = torch.randint(0, 10, (64,))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    return train_step_fn(torch, model, opt, x, y, cross_entropy(torch))


def transformer(torch):
    nn = torch.nn

    class CharTransformer(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(65, 128)
            self.positions = nn.Parameter(torch.randn(64, 128) * 0.02)  # learned, added
            layer = nn.TransformerEncoderLayer(
                128, 4, dim_feedforward=512, dropout=0.0, activation="gelu",  # erf GELU
                layer_norm_eps=1e-5, batch_first=True, norm_first=True,
            )
            self.encoder = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(128, eps=1e-5))
            self.head = nn.Linear(128, 65)
            # float mask, -inf above the diagonal: position t attends to 0..t
            self.register_buffer("mask", torch.triu(torch.full((64, 64), float("-inf")), diagonal=1))

        def forward(self, tokens):
            h = self.encoder(self.embed(tokens) + self.positions[: tokens.shape[1]], mask=self.mask)
            return self.head(h)  # [32, 64, 65]

    model = CharTransformer()
    expect_parameters("transformer", model, 421_697)
    tokens = torch.randint(0, 65, (32, 65))
    x, y = tokens[:, :64].contiguous(), tokens[:, 1:].contiguous()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)

    def loss_of(m, x, y):
        return torch.nn.functional.cross_entropy(m(x).reshape(-1, 65), y.reshape(-1))

    return train_step_fn(torch, model, opt, x, y, loss_of)


def inference(torch, workload, arch, expected):
    """A torchvision model in eval mode; one [1, 3, 224, 224] forward pass without autograd."""
    import torchvision

    model = getattr(torchvision.models, arch)(num_classes=1000)
    expect_parameters(workload, model, expected)
    model.eval()
    x = torch.rand(1, 3, 224, 224)

    def forward():
        with torch.no_grad():
            return model(x)[0, 0].item()  # read on the host, as the train steps read the loss

    return forward


def sgemm(torch, threads):
    for m, k, n in SGEMM_SHAPES:
        a = torch.rand(m, k) * 2 - 1
        b = torch.rand(k, n) * 2 - 1
        c = torch.empty(m, n)
        # C overwritten in place (beta = 0), as a BLAS sgemm call would.
        timing = time_call(lambda: torch.matmul(a, b, out=c))
        line = result("sgemm", threads, timing, 1)
        line["gflops"] = round4(2 * m * k * n / (timing["median_ms"] * 1e6))
        line["shape"] = f"{m}x{k}x{n}"
        emit(line)


TRAIN = {"mlp": mlp, "cnn": cnn, "lstm": lstm, "resnet20": resnet20, "transformer": transformer}
# workload: (torchvision architecture, parameters)
INFER = {"infer-resnet18": ("resnet18", 11_689_512), "infer-mobilenetv2": ("mobilenet_v2", 3_504_872)}


def timed(w, threads, step, batch):
    """The result line of a training or inference workload, with the memory of one more step."""
    line = result(w, threads, time_train_steps(step), batch)
    line.update(step_memory(step))
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workloads", default=",".join([*TRAIN, "sgemm", *INFER]))
    args = parser.parse_args()
    workloads = [w for w in args.workloads.split(",") if w]

    # The BLAS under Debian's torch (OpenBLAS, pthread or OpenMP build) reads these once, when it
    # loads: set them before importing torch so that every kernel uses the requested thread count.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    try:
        import torch
    except ImportError as e:
        for w in workloads:
            emit({"peer": PEER, "workload": w, "threads": args.threads, "error": f"PyTorch not available: {e}"})
        return

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for w in workloads:
        try:
            if w == "sgemm":
                sgemm(torch, args.threads)
            elif w in TRAIN or w in INFER:
                step = TRAIN[w](torch) if w in TRAIN else inference(torch, w, *INFER[w])
                line = timed(w, args.threads, step, BATCH.get(w, 1))
                line["torch"] = torch.__version__
                emit(line)
            else:
                emit({"peer": PEER, "workload": w, "threads": args.threads, "error": "unknown workload"})
        except Exception as e:  # report and go on with the next workload
            emit({"peer": PEER, "workload": w, "threads": args.threads, "error": f"{type(e).__name__}: {e}"})


if __name__ == "__main__":
    sys.exit(main())

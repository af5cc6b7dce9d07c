"""PyTorch CPU baseline for `npm run bench:throughput`: training throughput of the reference MLP
(64 -> 128 relu -> 10 softmax, cross-entropy, Adam lr 1e-3, batch 128), one model and K models trained at
once with stacked weights [K, in, out] and torch.bmm (no vmap), with 1 and 2 torch threads.

Prints one JSON object per configuration on stdout:
  {"threads": 1, "models": 8, "samples_per_second": [...]}   (aggregate: K x batch x steps / time)
Usage: python3 scripts/torch_throughput.py [--threads 1,2] [--models 1,8,32] [--repeats 5] [--seconds 0.5] [--device cpu]
--device cuda runs the same models on the GPU (scripts/device/gpu_bench.py); each repeat then ends with a
torch.cuda.synchronize(), so queued steps are counted only once they have run. Each line also names the device.
"""
import argparse
import json
import statistics
import time

import torch

IN, HIDDEN, OUT, BATCH = 64, 128, 10, 128


def glorot(k, fan_in, fan_out, generator):
    limit = (6.0 / (fan_in + fan_out)) ** 0.5
    return (torch.rand(k, fan_in, fan_out, generator=generator) * 2 - 1) * limit


class StackedMlp(torch.nn.Module):
    """K independent MLPs; row k of every parameter is model k (as src/ml/batched/stackedMlp.ts)."""

    def __init__(self, k, generator):
        super().__init__()
        self.w1 = torch.nn.Parameter(glorot(k, IN, HIDDEN, generator))
        self.b1 = torch.nn.Parameter(torch.zeros(k, 1, HIDDEN))
        self.w2 = torch.nn.Parameter(glorot(k, HIDDEN, OUT, generator))
        self.b2 = torch.nn.Parameter(torch.zeros(k, 1, OUT))

    def forward(self, x):  # x: [K, B, IN] -> logits [K, B, OUT]
        return torch.baddbmm(self.b2, torch.relu(torch.baddbmm(self.b1, x, self.w1)), self.w2)


def measure(threads, models, repeats, seconds, device="cpu"):
    torch.set_num_threads(threads)
    generator = torch.Generator().manual_seed(7)
    x = torch.randn(models, BATCH, IN, generator=generator).to(device)
    y = torch.randint(0, OUT, (models, BATCH), generator=generator).to(device)

    def sync():
        if device != "cpu":
            torch.cuda.synchronize()

    if models == 1:
        # One model: the ordinary nn.Linear path, as a PyTorch user would write it.
        net = torch.nn.Sequential(torch.nn.Linear(IN, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, OUT)).to(device)
        xs, ys = x[0], y[0]

        def loss_fn():
            return torch.nn.functional.cross_entropy(net(xs), ys)
    else:
        net = StackedMlp(models, generator).to(device)

        def loss_fn():
            logits = net(x)
            # Sum over models of each model's mean loss: each model's gradient is its own.
            per_model = torch.nn.functional.cross_entropy(logits.reshape(-1, OUT), y.reshape(-1), reduction="none")
            return per_model.reshape(models, BATCH).mean(dim=1).sum()

    # Adam is elementwise, so one Adam over stacked parameters is K Adams (same lr here).
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn()
        loss.backward()
        optimizer.step()

    warm_until = time.perf_counter() + 1.0
    while time.perf_counter() < warm_until:
        step()
    sync()
    results = []
    for _ in range(repeats):
        steps = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            step()
            steps += 1
        sync()
        results.append(models * BATCH * steps / (time.perf_counter() - start))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--models", default="1,8,32")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5)
    parser.add_argument("--device", default="cpu", help="cpu, or cuda for the GPU")
    args = parser.parse_args()
    for threads in [int(t) for t in args.threads.split(",")]:
        for models in [int(m) for m in args.models.split(",")]:
            speeds = measure(threads, models, args.repeats, args.seconds, args.device)
            print(json.dumps({"threads": threads, "models": models, "torch": torch.__version__, "device": args.device,
                              "median": statistics.median(speeds), "samples_per_second": speeds}), flush=True)


if __name__ == "__main__":
    main()

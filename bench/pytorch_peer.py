#!/usr/bin/python3
"""The PyTorch peer of `rnnscope bench`: the same model, sizes and update.

torch.nn.RNN (tanh) / LSTM / GRU, a linear readout at the last step, MSE, plain
SGD — on the adding problem (input 2, output 1), float64, one thread. One step is
what rnnscope's step is: a fresh batch, forward, backward, update. Run it with
Debian's python3-torch:

    /usr/bin/python3 bench/pytorch_peer.py --case rnn-128 [--json] [--seconds S]
    /usr/bin/python3 bench/pytorch_peer.py            # every case, a table

Timing as `rnnscope bench`: 3 warm-up steps, then whole steps for at least
--seconds (default 1) and at least 10 steps; ms per step is their mean, by the
wall clock (ms) and by the process's CPU time (cpu_ms, every thread).
"""
import argparse
import json
import os
import sys
import time

# One thread everywhere: torch's own pool (set_num_threads below) and
# OpenBLAS's, which torch does not control.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import torch  # noqa: E402

# name: (cell, hidden, length, batch) — the same table as src/cli/bench.c
CASES = {
    "rnn-32": ("rnn", 32, 50, 16),
    "rnn-128": ("rnn", 128, 100, 32),
    "rnn-512": ("rnn", 512, 100, 32),
    "lstm-128": ("lstm", 128, 100, 32),
    "gru-128": ("gru", 128, 100, 32),
    "rnn-64-t1000": ("rnn", 64, 1000, 16),
}


class Net(torch.nn.Module):
    def __init__(self, cell, hidden):
        super().__init__()
        kind = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
        kwargs = {"nonlinearity": "tanh"} if cell == "rnn" else {}
        self.rnn = kind(input_size=2, hidden_size=hidden, **kwargs)
        self.readout = torch.nn.Linear(hidden, 1)

    def forward(self, x):               # x: (T, B, 2)
        out, _ = self.rnn(x)
        return self.readout(out[-1])    # readout at the last step: (B, 1)


def adding_batch(T, B, gen):
    """Le, Jaitly & Hinton 2015's adding problem: u ~ U[0,1], two markers, one
    in each half; the target is the sum of the two marked u."""
    u = torch.rand(T, B, generator=gen, dtype=torch.float64)
    first = torch.randint(0, T // 2, (B,), generator=gen)
    second = torch.randint(T // 2, T, (B,), generator=gen)
    m = torch.zeros(T, B, dtype=torch.float64)
    cols = torch.arange(B)
    m[first, cols] = 1.0
    m[second, cols] = 1.0
    x = torch.stack([u, m], dim=2)
    target = (u * m).sum(dim=0).unsqueeze(1)
    return x, target


def measure(case, seconds):
    cell, hidden, length, batch = CASES[case]
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    net = Net(cell, hidden).double()
    opt = torch.optim.SGD(net.parameters(), lr=0.001)     # as rnnscope bench: 0.01 diverges at H = 512
    loss_fn = torch.nn.MSELoss()

    def step():
        x, target = adding_batch(length, batch, gen)
        opt.zero_grad()
        loss = loss_fn(net(x), target)
        loss.backward()
        opt.step()

    for _ in range(3):                  # warm caches and allocator
        step()
    steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
    elapsed = 0.0
    while elapsed < seconds or steps < 10:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return {"case": case, "cell": cell, "hidden": hidden, "length": length, "batch": batch,
            "steps": steps, "ms": 1e3 * elapsed / steps, "cpu_ms": 1e3 * cpu / steps}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", choices=sorted(CASES), help="one case (default: all)")
    ap.add_argument("--json", action="store_true", help="one JSON object per case")
    ap.add_argument("--seconds", type=float, default=1.0)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    cases = [args.case] if args.case else list(CASES)
    if not args.json:
        print(f"torch {torch.__version__}, float64, {torch.get_num_threads()} thread")
        print(f"{'case':14s} {'ms/step':>10s} {'steps/s':>9s}")
    for case in cases:
        r = measure(case, args.seconds)
        r["torch"] = torch.__version__
        if args.json:
            print(json.dumps(r), flush=True)
        else:
            print(f"{case:14s} {r['ms']:10.3f} {1e3 / r['ms']:9.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

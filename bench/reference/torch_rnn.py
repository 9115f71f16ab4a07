#!/usr/bin/env python3
"""PyTorch reference benchmark for gyrus: one RNN training iteration.

Workload (float32, CPU):
  n_u = 53 inputs, n_h = 400 hidden (20x20 grid), n_o = 17 outputs, ReLU,
  window T = 100, batch B.
  h_0 = 0; h_t = relu(W h_{t-1} + W_in u_t + b_h + noise_t),
  noise ~ N(0, 0.0707^2) drawn fresh every iteration; o_t = W_out h_t + b_o.
  loss = mean softmax cross-entropy over all T*B steps
         + lambda * l_cc,  lambda = 1e-5, A = 1,
  l_cc = sum|W| + sum|W_in| + sum|W_out| + sum|b_h| + sum|b_o| + A * sum(D * |W|)
  with D the 400x400 L1 distance matrix of the 20x20 grid (unit = 1/20).
  Then backward (autograd), clip_grad_norm_(params, 1.0), Adam(lr=1e-3).step(),
  zero_grad.

Implementations (timed):
  nn.RNN        torch.nn.RNN(53, 400, nonlinearity='relu'), NO per-step noise
                (nn.RNN has no hook for a pre-activation term); see notes.
  loop          hand-written Python time loop with per-step noise.
  nn.RNN+noise  (opt-in via --impl) exact workload on nn.RNN: the input is
                [u_t, noise_t] (53+400 wide) and weight_ih = [W_in | I] with the
                identity block frozen (its gradient is zeroed before clipping).

Usage:
  torch_rnn.py [--batch 16 64] [--threads 1 2] [--iters 20] [--warmup 3]
               [--impl nn.RNN loop] [--json]
  torch_rnn.py --check      # nn.RNN(+noise) vs loop: same loss and grads

Exit codes: 0 ok, 1 --check failed, 2 torch not importable / bad arguments.
Only the training iteration is timed (noise generation included); building the
model, the inputs and the labels is not.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

N_U, N_H, N_O = 53, 400, 17
GRID = 20
T = 100
NOISE_STD = 0.0707
LAMBDA = 1e-5
A_DIST = 1.0
LR = 1e-3
CLIP = 1.0
INPUT_DENSITY = 0.2  # fraction of non-zero input entries (uniform 0..1)

IMPLS = ("nn.RNN", "loop", "nn.RNN+noise")


def parse_args(argv):
    p = argparse.ArgumentParser(description="PyTorch RNN training-iteration reference benchmark for gyrus")
    p.add_argument("--batch", type=int, nargs="+", default=[16, 64])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--iters", type=int, default=20, help="timed iterations per configuration")
    p.add_argument("--warmup", type=int, default=3, help="untimed iterations per configuration")
    p.add_argument("--impl", nargs="+", default=["nn.RNN", "loop"], choices=IMPLS)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--json", action="store_true", help="print one JSON object to stdout")
    p.add_argument("--check", action="store_true",
                   help="check nn.RNN and loop give the same loss and gradients; prints OK/FAIL")
    a = p.parse_args(argv)
    if any(b < 1 for b in a.batch) or any(n < 1 for n in a.threads) or a.iters < 1 or a.warmup < 0:
        p.error("--batch/--threads/--iters must be >= 1, --warmup >= 0")
    return a


args = parse_args(sys.argv[1:])

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # one line on stderr, exit 2
    print("torch_rnn.py: PyTorch is not importable by %s (%s); install python3-torch "
          "or run with an interpreter that has torch" % (sys.executable, e), file=sys.stderr)
    sys.exit(2)

# Must happen before any parallel work; can only be called once per process.
_interop_note = None
try:
    torch.set_num_interop_threads(1)
except RuntimeError as e:
    _interop_note = "set_num_interop_threads(1) failed: %s" % e


# --------------------------------------------------------------------------- #
# model pieces


def grid_distance():
    """D_ij = |row_i - row_j|/20 + |col_i - col_j|/20, neuron i at (i // 20, i % 20)."""
    idx = torch.arange(N_H)
    r = (idx // GRID).to(torch.float32) / GRID
    c = (idx % GRID).to(torch.float32) / GRID
    return (r[:, None] - r[None, :]).abs() + (c[:, None] - c[None, :]).abs()


def init_params():
    """W = 0.5 I; W_in, b_h, W_out, b_o with nn.Linear's default init."""
    lin_in = nn.Linear(N_U, N_H)
    lin_out = nn.Linear(N_H, N_O)
    return {
        "W": 0.5 * torch.eye(N_H),
        "W_in": lin_in.weight.detach().clone(),
        "b_h": lin_in.bias.detach().clone(),
        "W_out": lin_out.weight.detach().clone(),
        "b_o": lin_out.bias.detach().clone(),
    }


def make_data(batch, gen):
    """Inputs u (T, B, 53): uniform 0..1 with ~80% zeros; labels (T, B) in 0..16."""
    u = torch.rand(T, batch, N_U, generator=gen)
    mask = torch.rand(T, batch, N_U, generator=gen) < INPUT_DENSITY
    u = u * mask
    labels = torch.randint(0, N_O, (T, batch), generator=gen)
    return u, labels


class LoopRNN:
    """Hand-written time loop; input projection for all t at once, readout at once."""

    name = "loop"

    def __init__(self, p0, D):
        self.W = p0["W"].clone().requires_grad_()
        self.W_in = p0["W_in"].clone().requires_grad_()
        self.b_h = p0["b_h"].clone().requires_grad_()
        self.W_out = p0["W_out"].clone().requires_grad_()
        self.b_o = p0["b_o"].clone().requires_grad_()
        self.D = D
        self.params = [self.W, self.W_in, self.b_h, self.W_out, self.b_o]

    def loss(self, u, labels, noise):
        batch = u.shape[1]
        xin = u @ self.W_in.T + self.b_h  # (T, B, H)
        h = torch.zeros(batch, N_H)
        hs = []
        for t in range(T):
            h = torch.relu(h @ self.W.T + xin[t] + noise[t])
            hs.append(h)
        H = torch.stack(hs)  # (T, B, H)
        logits = H @ self.W_out.T + self.b_o  # (T, B, O)
        ce = F.cross_entropy(logits.reshape(-1, N_O), labels.reshape(-1))
        absW = self.W.abs()
        l_cc = (absW.sum() + self.W_in.abs().sum() + self.W_out.abs().sum()
                + self.b_h.abs().sum() + self.b_o.abs().sum() + A_DIST * (self.D * absW).sum())
        return ce + LAMBDA * l_cc

    def grads(self):
        return {"W": self.W.grad, "W_in": self.W_in.grad, "b_h": self.b_h.grad,
                "W_out": self.W_out.grad, "b_o": self.b_o.grad}


class TorchRNN(nn.Module):
    """nn.RNN + nn.Linear readout.

    with_noise=False: nn.RNN(53, 400) on u, no per-step noise.
    with_noise=True:  nn.RNN(453, 400) on [u, noise] with weight_ih = [W_in | I];
                      the identity block is held fixed (its grad is zeroed).
    nn.RNN has two bias vectors (b_ih, b_hh); b_ih starts as b_h, b_hh as 0, and
    both are in the L1 term.
    """

    def __init__(self, p0, D, with_noise):
        super().__init__()
        self.name = "nn.RNN+noise" if with_noise else "nn.RNN"
        self.with_noise = with_noise
        n_in = N_U + N_H if with_noise else N_U
        self.rnn = nn.RNN(n_in, N_H, num_layers=1, nonlinearity="relu", bias=True, batch_first=False)
        self.out = nn.Linear(N_H, N_O)
        with torch.no_grad():
            self.rnn.weight_hh_l0.copy_(p0["W"])
            self.rnn.weight_ih_l0.zero_()
            self.rnn.weight_ih_l0[:, :N_U].copy_(p0["W_in"])
            if with_noise:
                self.rnn.weight_ih_l0[:, N_U:].copy_(torch.eye(N_H))
            self.rnn.bias_ih_l0.copy_(p0["b_h"])
            self.rnn.bias_hh_l0.zero_()
            self.out.weight.copy_(p0["W_out"])
            self.out.bias.copy_(p0["b_o"])
        self.register_buffer("D", D)
        self.params = list(self.parameters())

    def loss(self, u, labels, noise):
        x = torch.cat([u, noise], dim=2) if self.with_noise else u
        H, _ = self.rnn(x)  # (T, B, H), h_0 = 0
        logits = self.out(H)
        ce = F.cross_entropy(logits.reshape(-1, N_O), labels.reshape(-1))
        W = self.rnn.weight_hh_l0
        W_in = self.rnn.weight_ih_l0[:, :N_U] if self.with_noise else self.rnn.weight_ih_l0
        absW = W.abs()
        l_cc = (absW.sum() + W_in.abs().sum() + self.out.weight.abs().sum()
                + self.rnn.bias_ih_l0.abs().sum() + self.rnn.bias_hh_l0.abs().sum()
                + self.out.bias.abs().sum() + A_DIST * (self.D * absW).sum())
        return ce + LAMBDA * l_cc

    def fix_grads(self):
        if self.with_noise:
            self.rnn.weight_ih_l0.grad[:, N_U:] = 0.0

    def grads(self):
        g_ih = self.rnn.weight_ih_l0.grad
        return {"W": self.rnn.weight_hh_l0.grad, "W_in": g_ih[:, :N_U], "b_h": self.rnn.bias_ih_l0.grad,
                "b_hh": self.rnn.bias_hh_l0.grad, "W_out": self.out.weight.grad, "b_o": self.out.bias.grad,
                "W_ih_noise_block": g_ih[:, N_U:] if self.with_noise else None}


def build(impl, p0, D):
    if impl == "loop":
        return LoopRNN(p0, D)
    return TorchRNN(p0, D, with_noise=(impl == "nn.RNN+noise"))


def make_step(model, u, labels):
    """Returns a closure doing one full training iteration (the timed unit)."""
    opt = torch.optim.Adam(model.params, lr=LR)
    needs_noise = model.name != "nn.RNN"
    batch = u.shape[1]
    fix = getattr(model, "fix_grads", None)

    def step():
        noise = torch.randn(T, batch, N_H) * NOISE_STD if needs_noise else None
        loss = model.loss(u, labels, noise)
        loss.backward()
        if fix is not None:
            fix()
        torch.nn.utils.clip_grad_norm_(model.params, CLIP)
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss

    return step


# --------------------------------------------------------------------------- #
# environment description


def blas_libraries():
    """Shared BLAS/oneDNN libraries actually mapped into this process."""
    keys = ("blas", "mkl", "dnnl", "blis", "atlas", "lapack")
    found = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and any(k in os.path.basename(parts[-1]).lower() for k in keys):
                    found.add(os.path.realpath(parts[-1]))
    except OSError:
        pass
    return sorted(found)


def blas_kind(libs):
    """Best guess at which BLAS the GEMMs go to (torch here may use the system libblas.so.3)."""
    for key, kind in (("mkl", "mkl"), ("openblas", "openblas"), ("blis", "blis"), ("atlas", "atlas")):
        if any(key in os.path.basename(p).lower() or "/%s" % key in p.lower() for p in libs):
            return kind
    # Debian's netlib libblas3 installs into .../blas/libblas.so.3.x
    if any(os.path.basename(os.path.dirname(p)) == "blas" and os.path.basename(p).startswith("libblas.so")
           for p in libs):
        return "netlib-reference"
    return "unknown"


def build_info():
    cfg = torch.__config__.show()
    info = {}
    for key in ("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN", "USE_OPENMP"):
        i = cfg.find(key + "=")
        if i >= 0:
            info[key] = cfg[i + len(key) + 1:].split(",")[0].strip()
    return info


# --------------------------------------------------------------------------- #
# modes


def run_bench(a):
    D = grid_distance()
    results = []
    for n_threads in a.threads:
        torch.set_num_threads(n_threads)
        for batch in a.batch:
            gen = torch.Generator().manual_seed(a.seed + batch)
            u, labels = make_data(batch, gen)
            for impl in a.impl:
                torch.manual_seed(a.seed)
                p0 = init_params()
                model = build(impl, p0, D)
                step = make_step(model, u, labels)
                for _ in range(a.warmup):
                    step()
                times = []
                for _ in range(a.iters):
                    t0 = time.perf_counter()
                    step()
                    times.append((time.perf_counter() - t0) * 1e3)
                results.append({"impl": impl, "batch": batch, "threads": n_threads,
                                "ms_median": statistics.median(times), "ms_all": times})
                if not a.json:
                    print("%-13s B=%-4d threads=%-2d median %9.2f ms  (min %.2f, max %.2f, n=%d)"
                          % (impl, batch, n_threads, statistics.median(times), min(times), max(times),
                             len(times)), flush=True)

    blas = blas_libraries()
    notes = [
        "workload: n_u=%d n_h=%d n_o=%d T=%d relu float32; loss = mean CE over T*B + %g*l_cc (A=%g); "
        "clip_grad_norm_(1.0); Adam lr=%g; zero_grad(set_to_none=True)" % (N_U, N_H, N_O, T, LAMBDA, A_DIST, LR),
        "timed per iteration with time.perf_counter: noise generation (where used), forward, loss, backward, "
        "clip, Adam step, zero_grad; model/input/label construction is not timed; %d warmup iterations "
        "per configuration" % a.warmup,
        "inputs u: uniform 0..1 with ~%d%% non-zeros, fixed per (batch) run; labels uniform in 0..%d"
        % (round(INPUT_DENSITY * 100), N_O - 1),
        "init: W = 0.5*I; W_in, b_h, W_out, b_o nn.Linear default init (same values for every impl)",
        "nn.RNN: torch.nn.RNN(53, 400, nonlinearity='relu') WITHOUT the per-step N(0, 0.0707^2) noise "
        "(nn.RNN offers no way to add a pre-activation term without extra work), so it does slightly less "
        "work than the workload: a lower bound on its cost. It has two bias vectors (b_ih = b_h, b_hh "
        "starting at 0), both trained and in the L1 term",
        "loop: for t in range(T): h = relu(h @ W.T + xin[t] + noise[t]) with xin = u @ W_in.T + b_h for all "
        "t at once, readout on the stacked hidden states; exact workload including noise",
        "nn.RNN+noise (opt-in, --impl): exact workload on nn.RNN by feeding [u_t, noise_t] with "
        "weight_ih = [W_in | I] (identity block frozen); this costs extra input-projection and weight-grad "
        "GEMMs of size T*B x 400 x 400, so it over-states nn.RNN's cost",
        "torch.set_num_interop_threads(1) at start; torch.set_num_threads(threads) per configuration",
    ]
    if _interop_note:
        notes.append(_interop_note)
    bi = build_info()
    kind = blas_kind(blas)
    if kind in ("netlib-reference", "unknown") and bi.get("BLAS_INFO") != "mkl":
        notes.append("WARNING: float32 GEMMs go to BLAS '%s' (%s). The netlib reference BLAS (Debian "
                     "libblas3) is unoptimised and single-threaded, many times slower than the MKL in "
                     "pip wheels or OpenBLAS; for a representative reference install an optimised "
                     "libblas.so.3 alternative, e.g. apt-get install libopenblas0-pthread"
                     % (kind, ", ".join(p for p in blas if "dnnl" not in p) or "no BLAS library mapped"))

    out = {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "executable": sys.executable,
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
        "build": bi,
        "blas": kind,
        "blas_libraries": blas,
        "config": {"n_u": N_U, "n_h": N_H, "n_o": N_O, "T": T, "noise_std": NOISE_STD, "lambda": LAMBDA,
                   "A": A_DIST, "lr": LR, "clip": CLIP, "iters": a.iters, "warmup": a.warmup, "seed": a.seed},
        "results": results,
        "notes": notes,
    }
    if a.json:
        print(json.dumps(out))
    else:
        print("torch %s, python %s (%s)" % (out["torch"], out["python"], sys.executable))
        for n in notes:
            print("- " + n)


def run_check(a):
    """Same params, same noise, same inputs: nn.RNN(+noise) vs loop loss and grads."""
    torch.set_num_threads(a.threads[0])
    D = grid_distance()
    batch = a.batch[0]
    gen = torch.Generator().manual_seed(a.seed)
    u, labels = make_data(batch, gen)
    torch.manual_seed(a.seed)
    p0 = init_params()
    noise = torch.randn(T, batch, N_H, generator=gen) * NOISE_STD
    tol = 1e-5
    ok = True

    def compare(label, ref, other, noise_used):
        nonlocal ok
        l_ref = ref.loss(u, labels, noise_used)
        l_ref.backward()
        l_oth = other.loss(u, labels, noise_used)
        l_oth.backward()
        other.fix_grads()
        gr, go = ref.grads(), other.grads()
        diffs = {"loss": abs(l_ref.item() - l_oth.item())}
        for k in ("W", "W_in", "b_h", "W_out", "b_o"):
            diffs[k] = (gr[k] - go[k]).abs().max().item()
        # b_hh (starts at 0, so |.|' = 0 there): CE part only = loop grad b_h - lambda*sign(b_h)
        diffs["b_hh"] = (gr["b_h"] - LAMBDA * torch.sign(ref.b_h.detach()) - go["b_hh"]).abs().max().item()
        if go["W_ih_noise_block"] is not None:
            diffs["W_ih_noise_block(zeroed)"] = go["W_ih_noise_block"].abs().max().item()
        gmax = max(g.abs().max().item() for g in gr.values())
        bad = [k for k, d in diffs.items() if not d <= tol]
        ok = ok and not bad
        print("%s: loss %.7f vs %.7f; max|grad| %.3g; max abs diffs %s -> %s"
              % (label, l_ref.item(), l_oth.item(), gmax,
                 ", ".join("%s %.2e" % kv for kv in diffs.items()), "FAIL " + ",".join(bad) if bad else "ok"))

    compare("nn.RNN+noise vs loop (same noise)", LoopRNN(p0, D), TorchRNN(p0, D, with_noise=True), noise)
    compare("nn.RNN vs loop (noise = 0)", LoopRNN(p0, D), TorchRNN(p0, D, with_noise=False),
            torch.zeros(T, batch, N_H))
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    if args.check:
        sys.exit(run_check(args))
    run_bench(args)

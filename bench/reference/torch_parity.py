#!/usr/bin/env python3
"""Step parity with gyrus: the same BIMT recipe written independently in PyTorch, fed gyrus's batches and noise.

Run by bench/parity.ts (npm run parity), which starts gyrus's Trainer and this script from the same initial
parameters and streams every step's window and recurrent noise to it. Everything else is this file's own:
the forward pass and loss (autograd), the connection cost of docs/spec.md §1.5 (computed here from the grid),
torch.nn.utils.clip_grad_norm_, torch.optim.Adam, and the swap rounds of docs/spec.md §6.9 with Δ from the
pairwise formula of §1.5 in float64 (gyrus uses an all-pairs GEMM form in float32).

Protocol (little-endian, on stdin): u32 length + JSON header; the initial parameters (float32, in the order
W_in, W, b_h, W_out, b_o, row-major); then per step a frame: u8 flag, inputs [T, B, n_u] float32,
labels [T, B] int32, noise [T, B, n_h] float32. Flag 0: step; 1: step and report; 2: first take gyrus's state
(u32 step number, parameters, Adam's two moments in the same order, u32 Adam step count, the permutation as n_h
int32, all before the inputs), then step and report — a one-step comparison from identical states. After a step whose flag is 1 it writes to stdout: the
parameters (float32, same order), the cell -> neuron permutation (int32, n_h), loss and gradient norm (float64)
and the swap pairs since the previous report (u32 count, then count pairs of u32).
"""
import json
import struct
import sys

import torch


def read_exact(f, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = f.read(n - len(buf))
        if not chunk:
            raise EOFError("gyrus closed the stream")
        buf.extend(chunk)
    return bytes(buf)


def tensor(f, count, dtype, shape):
    size = 4 * count
    t = torch.frombuffer(bytearray(read_exact(f, size)), dtype=dtype).clone()
    return t.reshape(shape)


def grid_distances(rows, cols, dtype):
    i = torch.arange(rows * cols, dtype=torch.float64)
    r, c = torch.div(i, cols, rounding_mode="floor"), i % cols
    D = (r[:, None] - r[None, :]).abs() / rows + (c[:, None] - c[None, :]).abs() / cols
    return D.to(dtype)


def main():
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    (hlen,) = struct.unpack("<I", read_exact(inp, 4))
    h = json.loads(read_exact(inp, hlen))
    torch.set_num_threads(int(h.get("threads", 1)))
    dtype = torch.float64 if h.get("dtype") == "float64" else torch.float32
    nu, nh, no, T, B = h["nInput"], h["nHidden"], h["nOutput"], h["T"], h["B"]
    A, lam = h["A"], h["lambda"]
    D = grid_distances(h["rows"], h["cols"], dtype)
    D64 = grid_distances(h["rows"], h["cols"], torch.float64)
    shapes = {"W_in": (nh, nu), "W": (nh, nh), "b_h": (nh,), "W_out": (no, nh), "b_o": (no,)}
    names = ["W_in", "W", "b_h", "W_out", "b_o"]
    P = {}
    for name in names:
        count = 1
        for s in shapes[name]:
            count *= s
        P[name] = tensor(inp, count, torch.float32, shapes[name]).to(dtype).requires_grad_(True)
    params = [P[n] for n in names]
    opt = torch.optim.Adam(params, lr=h["lr"], betas=(0.9, 0.999), eps=1e-8)
    perm = list(range(nh))

    def swap(j, k):
        idx = torch.arange(nh)
        idx[j], idx[k] = k, j
        with torch.no_grad():
            for name in ["W", "W_in", "b_h", "W_out"]:
                tensors = [P[name]] + [opt.state[P[name]][s] for s in ("exp_avg", "exp_avg_sq") if P[name] in opt.state]
                for x in tensors:
                    if name == "W":
                        x.copy_(x[idx][:, idx])
                    elif name == "W_out":
                        x.copy_(x[:, idx])
                    else:
                        x.copy_(x[idx])
        perm[j], perm[k] = perm[k], perm[j]

    def deltas_of(j):
        # Δ(j↔k) = A · Σ_{d ∉ {j,k}} (D_kd − D_jd) · (|W_jd| + |W_dj| − |W_kd| − |W_dk|), for every k (docs/spec.md §1.5).
        M = P["W"].detach().to(torch.float64).abs()
        S = M + M.T
        diff = D64 - D64[j][None, :]
        term = diff * (S[j][None, :] - S)
        term[:, j] = 0
        term.fill_diagonal_(0)
        d = A * term.sum(1)
        d[j] = 0
        return d

    def swap_round():
        with torch.no_grad():
            W = P["W"].detach().to(torch.float64).abs()
            imp = W.sum(1) + W.sum(0) + P["W_in"].detach().to(torch.float64).abs().sum(1)
            imp = imp + P["W_out"].detach().to(torch.float64).abs().sum(0)
        order = sorted(range(nh), key=lambda c: (-imp[c].item(), c))[: h["topK"]]
        ids = [perm[c] for c in order]
        pairs = []
        for nid in ids:
            j = perm.index(nid)
            d = deltas_of(j)
            best = int(torch.argmin(d).item())  # first minimum on ties
            if best != j and d[best].item() < -h.get("threshold", 0.0):
                swap(j, best)
                pairs.append((j, best))
        return pairs

    step = 0
    pairs = []  # swap pairs since the last report
    while True:
        flag = inp.read(1)
        if not flag:
            break
        report = flag[0] in (1, 2)
        if flag[0] == 2:
            (step,) = struct.unpack("<I", read_exact(inp, 4))
            step -= 1
            state = {}
            for part in ("params", "m", "v"):
                for name in names:
                    state[(part, name)] = tensor(inp, P[name].numel(), torch.float32, P[name].shape).to(dtype)
            (adam_steps,) = struct.unpack("<I", read_exact(inp, 4))
            perm[:] = list(struct.unpack(f"<{nh}i", read_exact(inp, 4 * nh)))
            with torch.no_grad():
                for name in names:
                    P[name].copy_(state[("params", name)])
                    opt.state[P[name]] = {
                        "step": torch.tensor(float(adam_steps)),
                        "exp_avg": state[("m", name)].clone(),
                        "exp_avg_sq": state[("v", name)].clone(),
                    }
            pairs = []
        u = tensor(inp, T * B * nu, torch.float32, (T, B, nu)).to(dtype)
        y = tensor(inp, T * B, torch.int32, (T, B)).long()
        noise = tensor(inp, T * B * nh, torch.float32, (T, B, nh)).to(dtype)
        step += 1
        opt.zero_grad()
        hs = torch.zeros(B, nh, dtype=dtype)
        logits = []
        for t in range(T):
            hs = torch.relu(u[t] @ P["W_in"].T + hs @ P["W"].T + P["b_h"] + noise[t])
            logits.append(hs @ P["W_out"].T + P["b_o"])
        task = torch.nn.functional.cross_entropy(torch.stack(logits).reshape(T * B, no), y.reshape(T * B))
        cc = sum(p.abs().sum() for p in params) + A * (D * P["W"].abs()).sum()
        loss = task + lam * cc
        loss.backward()
        gnorm = torch.nn.utils.clip_grad_norm_(params, h["clip"]) if h["clip"] > 0 else torch.tensor(0.0)
        opt.step()
        if A > 0 and step % h["swapEvery"] == 0:
            pairs += swap_round()
        if report:
            for name in names:
                out.write(P[name].detach().to(torch.float32).contiguous().numpy().tobytes())
            out.write(struct.pack(f"<{nh}i", *perm))
            out.write(struct.pack("<dd", loss.item(), float(gnorm)))
            out.write(struct.pack("<I", len(pairs)))
            for j, k in pairs:
                out.write(struct.pack("<II", j, k))
            out.flush()
            pairs = []


if __name__ == "__main__":
    main()

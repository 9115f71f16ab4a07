// seRNN's communicability cost against PyTorch float64: torch.linalg.matrix_exp with autograd, and the seRNN demo's
// own formula on its Keras layout (from × to, row sums) for the value. Runs where a python3 with torch is installed
// (apt-get install python3-torch); skips loudly otherwise, fails instead with GYRUS_TORCH=required.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { distanceMatrix, latticePositions } from "../../src/model/geometry.js";
import { communicability, sernnGradient, sernnValue } from "../../src/model/sernn-cost.js";
import { torchOrSkip } from "../helpers/torch.js";

const SCRIPT = `
import json, sys, torch
j = json.loads(sys.stdin.read())
n, eps = j["n"], j["eps"]
W = torch.tensor(j["W"], dtype=torch.float64).reshape(n, n).requires_grad_(True)
D = torch.tensor(j["D"], dtype=torch.float64).reshape(n, n)
A = W.abs()
inv = (A.sum(0) + eps) ** -0.5          # gyrus's W is to x from: a neuron's outgoing strength is its column sum
C = torch.linalg.matrix_exp(inv[:, None] * A * inv[None, :]) * (1 - torch.eye(n, dtype=torch.float64))
loss = (A * C * D).sum()
loss.backward()
# The seRNN demo's SE1_sWc on its Keras kernel (from x to) = W transposed, with the same guard.
K = W.detach().T.abs()
step = torch.diag((K.sum(1) + eps) ** -0.5)
Ck = torch.linalg.matrix_exp(step @ K @ step)
Ck = Ck - torch.diag(torch.diag(Ck))
keras = (K * Ck * D).sum()
print(json.dumps({"value": loss.item(), "grad": W.grad.reshape(-1).tolist(), "keras": keras.item()}))
`;

describe("seRNN cost against PyTorch float64", () => {
  const python = torchOrSkip("seRNN cost against PyTorch");
  if (!python) return;

  for (const [what, n, zeroCol] of [
    ["5×5×4 lattice, 100 neurons", 100, -1],
    ["5×2×2 lattice with a neuron that sends nothing", 20, 3],
  ] as const) {
    it(`${what}: value and gradient agree to 1e-10 relative; the Keras-layout formula gives the same value`, () => {
      const p = n === 100 ? latticePositions(5, 5, 4) : latticePositions(5, 2, 2);
      const D = distanceMatrix(p);
      let r = 7;
      const W = Float64Array.from({ length: n * n }, () => {
        r = (Math.imul(r, 1664525) + 1013904223) >>> 0;
        return (r / 2 ** 32 - 0.5) * (4 / Math.sqrt(n));
      });
      if (zeroCol >= 0) for (let i = 0; i < n; i++) W[i * n + zeroCol] = 0;
      const res = spawnSync(python, ["-c", SCRIPT], {
        input: JSON.stringify({ n, eps: 1e-4, W: Array.from(W), D: Array.from(D) }),
        encoding: "utf8",
        maxBuffer: 64 << 20,
      });
      expect(res.status, res.stderr).toBe(0);
      const torch = JSON.parse(res.stdout) as { value: number; grad: number[]; keras: number };
      const c = communicability(W, n);
      const value = sernnValue(c, D);
      const g = new Float64Array(n * n);
      sernnGradient(c, W, D, g, 1);
      expect(Math.abs(value - torch.value)).toBeLessThan(1e-10 * Math.abs(torch.value));
      expect(Math.abs(torch.keras - torch.value)).toBeLessThan(1e-10 * Math.abs(torch.value));
      const scale = torch.grad.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      for (let i = 0; i < n * n; i++) expect(Math.abs(g[i] - torch.grad[i])).toBeLessThan(1e-10 * scale);
    }, 60_000);
  }
});

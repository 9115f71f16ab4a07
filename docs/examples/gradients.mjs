// Example: the engine's exact loss gradients for given parameter arrays, checked against a central finite difference.
// Imports only from the package "gyrus"; run it with `node gradients.mjs` in a project that has gyrus installed.
import { createEngine, gridPositions, PARAM_NAMES } from "gyrus";

/** A small deterministic generator (mulberry32), so the example prints the same numbers every time. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(7);
const uniform = (n, scale) => Float32Array.from({ length: n }, () => (2 * rand() - 1) * scale);

// Dims: 5 inputs, 16 hidden neurons on a 4×4 grid, 3 output classes. Params are row-major (PyTorch Linear layout).
const nInput = 5,
  nHidden = 16,
  nOutput = 3;
const params = {
  W_in: uniform(nHidden * nInput, 0.8), // [nHidden, nInput]
  W: uniform(nHidden * nHidden, 0.5), //   [nHidden, nHidden]
  b_h: uniform(nHidden, 0.1), //           [nHidden]
  W_out: uniform(nOutput * nHidden, 0.8), // [nOutput, nHidden]
  b_o: uniform(nOutput, 0.1), //           [nOutput]
};

// A window of T steps × B sequences, time-major: inputs[(t*B + b)*nInput + k], labels[t*B + b] in 0..nOutput-1.
const T = 8,
  B = 2;
const batch = {
  inputs: uniform(T * B * nInput, 1),
  labels: Int32Array.from({ length: T * B }, () => Math.floor(rand() * nOutput)),
  T,
  B,
};

// tanh is smooth, so a central difference approximates the derivative well even in float32.
const options = { activation: "tanh", positions: gridPositions(4, 4), lambda: 1e-3, A: 1, noiseStd: 0, seed: 1 };

const engine = await createEngine({ threads: 1 });
try {
  const r = engine.lossAndGradients(params, batch, options);
  console.log(
    `loss ${r.loss.toFixed(6)} = task loss ${r.taskLoss.toFixed(6)} + λ·connection cost ${r.connectionCost.toFixed(4)}`,
  );
  for (const name of PARAM_NAMES) {
    if (r.grads[name].length !== params[name].length)
      throw new Error(`grads.${name} has ${r.grads[name].length} entries, expected ${params[name].length}`);
    if (!r.grads[name].every(Number.isFinite)) throw new Error(`grads.${name} has a non-finite entry`);
  }

  // Check the recurrent weight with the largest gradient among those far enough from 0 that the step does not cross
  // the kink of |W| in the connection cost.
  const h = 1e-2;
  let k = -1;
  for (let i = 0; i < params.W.length; i++) {
    if (Math.abs(params.W[i]) > 3 * h && (k < 0 || Math.abs(r.grads.W[i]) > Math.abs(r.grads.W[k]))) k = i;
  }
  if (k < 0) throw new Error("no recurrent weight is far enough from 0 to check");
  const lossAt = (value) => {
    const W = params.W.slice();
    W[k] = value;
    return engine.lossAndGradients({ ...params, W }, batch, options).loss;
  };
  const w = params.W[k];
  const fd = (lossAt(w + h) - lossAt(w - h)) / (2 * h);
  const exact = r.grads.W[k];
  const rel = Math.abs(exact - fd) / Math.max(Math.abs(exact), Math.abs(fd), 1e-12);
  const [i, j] = [Math.floor(k / nHidden), k % nHidden];
  console.log(
    `dL/dW[${i},${j}]: engine ${exact.toExponential(6)}, finite difference ${fd.toExponential(6)}, relative error ${rel.toExponential(2)}`,
  );
  if (!(rel < 2e-2)) throw new Error(`gradient check failed: relative error ${rel} ≥ 2e-2`);
  console.log("gradient check passed");
} finally {
  await engine.close();
}

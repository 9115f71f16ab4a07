// Plain float64 reference of the gyrus RNN (docs/spec.md §1.5, §6.7): forward, loss and exact BPTT gradients — the oracle for the kernels.
import { bimtCost, distanceCost as distanceTerm, resolveCost, type ConnectionCost } from "./connection-cost.js";
import { distanceMatrix, validatePositions, type Positions } from "./positions.js";
import { checkParamShapes, dimsOf } from "./layout.js";
import { PARAM_NAMES } from "./types.js";
import type { Activation, Dims, ParamName } from "./types.js";

/** Parameters in any numeric array type (Float32Array from the engine, Float64Array in tests). */
export type ParamsLike = { readonly [K in ParamName]: ArrayLike<number> };
/** Parameters (or gradients) in float64, same names and layouts as Params. */
export type Params64 = { [K in ParamName]: Float64Array };

/** A training window: inputs [T, B, nInput], labels [T, B] (time-major, as Batch). */
export interface BatchLike {
  readonly inputs: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
}

/** Network dims plus the window shape: T steps of B independent sequences. */
export interface WindowDims extends Dims {
  T: number;
  B: number;
}

export interface ForwardOptions {
  activation: Activation;
  /** Leak α: h_t = (1 − α)·h_{t−1} + α·φ(pre_t), in (0, 1]; default 1 (no leak). */
  alpha?: number;
  /** [T, B, nHidden], added to every pre-activation; absent = zeros. */
  noise?: ArrayLike<number>;
}

export interface ReferenceLossOptions extends ForwardOptions {
  positions: Positions;
  lambda: number;
  /** Distance weight of the default cost bimtCost(A) (A = 0: plain L1); required unless `cost` is given, not allowed with it. */
  A?: number;
  /** The connection cost ℓ_cc (default bimtCost(A)). */
  cost?: ConnectionCost;
}

export interface ForwardResult {
  /** [T, B, nHidden] pre-activations. */
  pre: Float64Array;
  /** [T, B, nHidden] hidden states h_1..h_T. */
  h: Float64Array;
  /** [T, B, nOutput] */
  logits: Float64Array;
  /** Mean softmax cross-entropy over all T·B steps. */
  taskLoss: number;
}

export interface ReferenceLossResult {
  loss: number;
  taskLoss: number;
  connectionCost: number;
  grads: Params64;
}

// ---------------------------------------------------------------------------------------------------
// Shapes

function expectSize(name: string, arr: ArrayLike<number> | undefined, expected: number, shape: string): void {
  const actual = arr === undefined ? "missing" : arr.length;
  if (actual !== expected) {
    throw new Error(`${name}: expected ${expected} elements (${shape}), got ${actual}`);
  }
}

function expectDim(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: expected an integer ≥ 1, got ${v}`);
}

/**
 * Network dims from the parameter sizes (nHidden from b_h, nOutput from b_o, nInput from W_in),
 * and the window shape from the batch given B (the flat batch cannot tell T from B by itself).
 */
export function inferDims(params: ParamsLike, batch: BatchLike, B: number): WindowDims {
  const { nInput, nHidden, nOutput } = dimsOf(params);
  expectDim("B", B);
  const T = batch.labels.length / B;
  expectDim("labels length / B (T)", T);
  const dims: WindowDims = { nInput, nHidden, nOutput, T, B };
  validateShapes(params, batch, dims);
  return dims;
}

/** Throws an Error naming the first tensor whose size disagrees with dims, with expected and actual sizes. */
export function validateShapes(
  params: ParamsLike,
  batch: BatchLike,
  dims: WindowDims,
  noise?: ArrayLike<number>,
): void {
  const { nInput: nu, nHidden: nh, nOutput: no, T, B } = dims;
  expectDim("nInput", nu);
  expectDim("nHidden", nh);
  expectDim("nOutput", no);
  expectDim("T", T);
  expectDim("B", B);
  checkParamShapes(params, dims);
  expectSize("inputs", batch.inputs, T * B * nu, `[T=${T}, B=${B}, nInput=${nu}]`);
  expectSize("labels", batch.labels, T * B, `[T=${T}, B=${B}]`);
  for (let i = 0; i < T * B; i++) {
    const y = batch.labels[i];
    if (!Number.isInteger(y) || y < -1 || y >= no) {
      throw new Error(`labels[${i}]: expected an integer class in 0..${no - 1} (or −1: no target), got ${y}`);
    }
  }
  if (noise !== undefined) expectSize("noise", noise, T * B * nh, `[T=${T}, B=${B}, nHidden=${nh}]`);
}

/** A float64 copy of every parameter tensor. */
export function toParams64(params: ParamsLike): Params64 {
  const out = {} as Params64;
  for (const name of PARAM_NAMES) out[name] = Float64Array.from(params[name]);
  return out;
}

/** Zero-filled float64 tensors shaped like params. */
export function zerosLike(params: ParamsLike): Params64 {
  const out = {} as Params64;
  for (const name of PARAM_NAMES) out[name] = new Float64Array(params[name].length);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Ops, each forward next to its backward.

/** out[r] += Σ_c M[r, c]·x[xOff + c] for an rows×cols row-major M. */
function affineForward(
  out: Float64Array,
  outOff: number,
  M: ArrayLike<number>,
  rows: number,
  cols: number,
  x: ArrayLike<number>,
  xOff: number,
): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const base = r * cols;
    for (let c = 0; c < cols; c++) s += M[base + c] * x[xOff + c];
    out[outOff + r] += s;
  }
}
/** Backward of affineForward: gM[r, c] += g[r]·x[c]; gx[c] += Σ_r M[r, c]·g[r] (gx optional). */
function affineBackward(
  g: Float64Array,
  gOff: number,
  M: ArrayLike<number>,
  rows: number,
  cols: number,
  x: ArrayLike<number>,
  xOff: number,
  gM: Float64Array,
  gx: Float64Array | null,
  gxOff: number,
): void {
  for (let r = 0; r < rows; r++) {
    const gr = g[gOff + r];
    if (gr === 0) continue;
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      gM[base + c] += gr * x[xOff + c];
      if (gx !== null) gx[gxOff + c] += M[base + c] * gr;
    }
  }
}

/** Numerically stable log(1 + e^x). */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
/** Numerically stable 1 / (1 + e^−x). */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** φ(pre). */
export function activate(activation: Activation, x: number): number {
  switch (activation) {
    case "relu":
      return x > 0 ? x : 0;
    case "tanh":
      return Math.tanh(x);
    case "softplus":
      return softplus(x);
  }
}
/** Backward of activate: φ'(pre), given pre and h = φ(pre). ReLU uses 0 at pre ≤ 0. */
export function activateDerivative(activation: Activation, pre: number, h: number): number {
  switch (activation) {
    case "relu":
      return pre > 0 ? 1 : 0;
    case "tanh":
      return 1 - h * h;
    case "softplus":
      return sigmoid(pre);
  }
}

/** Steps with a target (label ≥ 0; −1 marks a step without one): the loss is the mean over these. */
export function countLabelled(labels: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) c++;
  return c;
}

/** Softmax cross-entropy −log softmax(z)[label] of z = logits[off .. off+n). */
function crossEntropyForward(logits: Float64Array, off: number, n: number, label: number): number {
  let m = -Infinity;
  for (let o = 0; o < n; o++) m = Math.max(m, logits[off + o]);
  let s = 0;
  for (let o = 0; o < n; o++) s += Math.exp(logits[off + o] - m);
  return m + Math.log(s) - logits[off + label];
}
/** Backward of crossEntropyForward scaled by `scale`: g[o] += scale·(softmax(z)[o] − [o = label]). */
function crossEntropyBackward(
  logits: Float64Array,
  off: number,
  n: number,
  label: number,
  scale: number,
  g: Float64Array,
  gOff: number,
): void {
  let m = -Infinity;
  for (let o = 0; o < n; o++) m = Math.max(m, logits[off + o]);
  let s = 0;
  for (let o = 0; o < n; o++) s += Math.exp(logits[off + o] - m);
  for (let o = 0; o < n; o++) {
    const p = Math.exp(logits[off + o] - m) / s;
    g[gOff + o] += scale * (p - (o === label ? 1 : 0));
  }
}

// ---------------------------------------------------------------------------------------------------
// Model

/** Forward pass over the window (h_0 = 0), in float64 whatever the parameter array type. */
export function referenceForward(
  params: ParamsLike,
  batch: BatchLike,
  dims: WindowDims,
  opts: ForwardOptions,
): ForwardResult {
  validateShapes(params, batch, dims, opts.noise);
  const { nInput: nu, nHidden: nh, nOutput: no, T, B } = dims;
  const alpha = opts.alpha ?? 1;
  if (!(alpha > 0 && alpha <= 1)) throw new Error(`alpha: ${alpha} — must be a number in (0, 1] (1 = no leak)`);
  const pre = new Float64Array(T * B * nh);
  const h = new Float64Array(T * B * nh);
  const logits = new Float64Array(T * B * no);
  const zeros = new Float64Array(nh);
  let ceSum = 0;
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const row = t * B + b;
      const hOff = row * nh;
      // pre_t = W·h_{t−1} + W_in·u_t + b_h + noise_t
      if (t > 0) affineForward(pre, hOff, params.W, nh, nh, h, ((t - 1) * B + b) * nh);
      else affineForward(pre, hOff, params.W, nh, nh, zeros, 0);
      affineForward(pre, hOff, params.W_in, nh, nu, batch.inputs, row * nu);
      for (let i = 0; i < nh; i++) {
        pre[hOff + i] += params.b_h[i] + (opts.noise === undefined ? 0 : opts.noise[hOff + i]);
        const phi = activate(opts.activation, pre[hOff + i]);
        h[hOff + i] = alpha === 1 ? phi : (1 - alpha) * (t > 0 ? h[((t - 1) * B + b) * nh + i] : 0) + alpha * phi;
      }
      // o_t = W_out·h_t + b_o
      const oOff = row * no;
      for (let o = 0; o < no; o++) logits[oOff + o] = params.b_o[o];
      affineForward(logits, oOff, params.W_out, no, nh, h, hOff);
      if (batch.labels[row] >= 0) ceSum += crossEntropyForward(logits, oOff, no, batch.labels[row]);
    }
  }
  const labelled = countLabelled(batch.labels);
  return { pre, h, logits, taskLoss: labelled ? ceSum / labelled : 0 };
}

/**
 * ℓ_cc = Σ|W| + Σ|W_in| + Σ|W_out| + Σ|b_h| + Σ|b_o| + A·Σ_ij D_ij·|W_ij| (the paper's Eq. 2, sum form; docs/spec.md §1.5),
 * with D = distanceMatrix(positions).
 */
export function referenceConnectionCost(params: ParamsLike, positions: Positions, A: number): number {
  checkPositionCount(positions, params.b_h.length);
  return connectionCostWithD(params, distanceMatrix(positions), A);
}

/** Throws unless `positions` is valid and holds nHidden neurons (the message names the field). */
export function checkPositionCount(positions: Positions, nHidden: number): void {
  validatePositions(positions);
  if (positions.n !== nHidden) throw new Error(`positions: hold ${positions.n} neurons, expected nHidden = ${nHidden}`);
}

/** ℓ_cc given an explicit distance matrix D (nHidden × nHidden). */
export function connectionCostWithD(params: ParamsLike, D: ArrayLike<number>, A: number): number {
  return bimtCost(A).value(params, D);
}

/** Σ_ij D_ij·|W_ij| (the distance term of ℓ_cc without A). */
export function distanceCost(W: ArrayLike<number>, D: ArrayLike<number>): number {
  return distanceTerm(W, D);
}

/** loss = taskLoss + lambda·ℓ_cc (ℓ_cc = opts.cost, default bimtCost(A)) and its exact gradient with respect to every parameter (BPTT). */
export function referenceLossAndGradients(
  params: ParamsLike,
  batch: BatchLike,
  dims: WindowDims,
  opts: ReferenceLossOptions,
): ReferenceLossResult {
  const { nInput: nu, nHidden: nh, nOutput: no, T, B } = dims;
  checkPositionCount(opts.positions, nh);
  const cost = resolveCost(opts);
  const fwd = referenceForward(params, batch, dims, opts);
  const alpha = opts.alpha ?? 1;
  const D = distanceMatrix(opts.positions);
  const connectionCost = cost.value(params, D);
  const grads = zerosLike(params);

  // Connection cost: d(lambda·ℓ_cc) = lambda·∂ℓ_cc (for BIMT: lambda·sign(p) for every p, plus lambda·A·D_ij·sign(W_ij)).
  cost.subgradient(params, D, grads, opts.lambda);

  // Task loss, backward through time. dh holds dL/dh_t for the step being processed; dhPrev
  // collects W^T·dpre_t, i.e. the part of dL/dh_{t−1} that flows through the recurrence.
  const labelled = countLabelled(batch.labels);
  const scale = labelled ? 1 / labelled : 0;
  const dLogits = new Float64Array(no);
  const dPre = new Float64Array(nh);
  const dhNext = new Float64Array(B * nh); // dL/dh_t arriving from step t+1 (per batch element)
  const zeros = new Float64Array(nh);
  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      const row = t * B + b;
      const hOff = row * nh;
      const oOff = row * no;
      // CE backward, then o_t = W_out·h_t + b_o backward.
      dLogits.fill(0);
      if (batch.labels[row] >= 0) crossEntropyBackward(fwd.logits, oOff, no, batch.labels[row], scale, dLogits, 0);
      for (let o = 0; o < no; o++) grads.b_o[o] += dLogits[o];
      // dh (in dhNext's slot) = from step t+1 + W_out^T·dLogits
      affineBackward(dLogits, 0, params.W_out, no, nh, fwd.h, hOff, grads.W_out, dhNext, b * nh);
      // h_t = (1 − α)·h_{t−1} + α·φ(pre_t) backward (φ' from pre alone when leaky: h is then not φ(pre)).
      for (let i = 0; i < nh; i++) {
        const pre = fwd.pre[hOff + i];
        const hOfPre = alpha === 1 ? fwd.h[hOff + i] : activate(opts.activation, pre);
        dPre[i] = alpha * dhNext[b * nh + i] * activateDerivative(opts.activation, pre, hOfPre);
      }
      // pre_t = W·h_{t−1} + W_in·u_t + b_h + noise_t backward; dh_{t−1} replaces the slot (starting from the leak's share).
      for (let i = 0; i < nh; i++) {
        grads.b_h[i] += dPre[i];
        dhNext[b * nh + i] = alpha === 1 ? 0 : (1 - alpha) * dhNext[b * nh + i];
      }
      affineBackward(dPre, 0, params.W_in, nh, nu, batch.inputs, row * nu, grads.W_in, null, 0);
      if (t > 0) affineBackward(dPre, 0, params.W, nh, nh, fwd.h, ((t - 1) * B + b) * nh, grads.W, dhNext, b * nh);
      else affineBackward(dPre, 0, params.W, nh, nh, zeros, 0, grads.W, null, 0);
    }
  }
  return { loss: fwd.taskLoss + opts.lambda * connectionCost, taskLoss: fwd.taskLoss, connectionCost, grads };
}

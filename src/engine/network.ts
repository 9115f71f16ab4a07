// A network resident in the engine's shared memory: parameters, gradients and Adam moments in one layout, and the
// buffers of one training window. Runs the loss and its exact gradients (BPTT), clipping + Adam, and swaps.
import type { EngineCore } from "./engine.js";
import { ACTIVATION_CODES, REDUCE_CHUNK } from "./kernels.js";
import { callKernel, runKernel } from "./kernel-calls.js";
import { distanceMatrix, validatePositions, type Positions } from "../model/geometry.js";
import { checkParams, paramLayout, type ParamLayout } from "../model/layout.js";
import { resolveCost, type ConnectionCost } from "../model/connection-cost.js";
import { zerosLike, type Params64 } from "../model/reference.js";
import { WindowBuffers, windowShape } from "./window.js";
import { sernnOnEngine } from "./sernn-engine.js";
import type { Activation, Batch, Dims, ParamName, Params } from "../model/types.js";
import { PARAM_NAMES } from "../model/types.js";
import { noiseSeeds } from "../tasks/rng.js";

/** What a Network is: its dims, the positions of its hidden neurons and its activation. */
export interface NetworkSpec extends Dims {
  /** Where the hidden neurons sit (linePositions, gridPositions, pointPositions or positionsOf a Geometry). */
  positions: Positions;
  activation: Activation;
  /** Leak α of h_t = (1 − α)·h_{t−1} + α·φ(·), in (0, 1]; default 1 (no leak, the paper's network). */
  alpha?: number;
}

/** Options of Network.lossAndGradients: λ, the connection cost (A or a ConnectionCost), noise and its seed. */
export interface StepOptions {
  lambda: number;
  /** Distance weight of the default cost bimtCost(A) (A = 0: plain L1); required unless `cost` is given, not allowed with it. */
  A?: number;
  /**
   * The connection cost ℓ_cc (default bimtCost(A)). Built-ins run the wasm kernels; any other cost runs its TS
   * methods on the parameters (float32, computed in float64) and λ·subgradient is added to the gradients.
   */
  cost?: ConnectionCost;
  noiseStd: number;
  seed: number;
  /** Skip neurons that are zero across the batch in the recurrent products (default true; same bits either way). */
  compact?: boolean;
  /**
   * seRNN's cost only: "direct" takes the gradient with C held constant (C ⊙ D ⊙ sign W, skipping the path through
   * the exponential — the cheap steps of the sernn `every` option); default "full", the exact gradient.
   */
  costGradient?: "full" | "direct";
}

/** What Network.lossAndGradients returns (the gradients stay in the engine, for clipAndAdam). */
export interface StepResult {
  loss: number;
  taskLoss: number;
  connectionCost: number;
  /**
   * Mean share of hidden neurons the recurrent products used per step, forward and backward, and the share that
   * was active (h ≠ 0) at some step of the window.
   */
  activeFraction: { forward: number; backward: number; anyStep: number };
}

/** Options of Network.clipAndAdam (PyTorch's defaults unless given). */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Global gradient-norm clip (PyTorch clip_grad_norm_); Infinity = none. */
  clip?: number;
}

function checkNumber(field: string, v: unknown, allowed: string, ok: (x: number) => boolean): void {
  if (typeof v !== "number" || !ok(v)) throw new Error(`${field}: ${JSON.stringify(v)} — ${allowed}`);
}

/** A network resident in the engine's memory: parameters, gradients, Adam moments; loss, BPTT, Adam and swaps. */
export class Network {
  readonly spec: NetworkSpec;
  readonly layout: ParamLayout;
  readonly ptr: {
    params: number;
    grads: number;
    m: number;
    v: number;
    D: number;
    partials: number;
    flags: number;
    lists: number;
    /** transposed copies of W, W_in, W_out, so every product of the forward pass is Aᵀ·B with contiguous rows */
    WT: number;
    WinT: number;
    WoutT: number;
    /** neurons with a non-zero h / dL/dpre at some step of the last window */
    everH: number;
    everG: number;
  };
  private window: WindowBuffers | null = null;
  /** For user-supplied costs: D as float64 (the float32 values the kernels use) and the subgradient buffers. */
  private costScratch: { D: Float64Array; grads: Params64 } | null = null;
  private adamSteps = 0;
  private disposed = false;

  constructor(
    private readonly engine: EngineCore,
    spec: NetworkSpec,
  ) {
    for (const k of ["nInput", "nHidden", "nOutput"] as const) {
      checkNumber(k, spec[k], "must be an integer ≥ 1", (x) => Number.isInteger(x) && x >= 1);
    }
    validatePositions(spec.positions);
    if (spec.positions.n !== spec.nHidden) {
      throw new Error(`positions: ${spec.positions.n} neurons (${spec.positions.d}D) but nHidden is ${spec.nHidden}`);
    }
    if (!(spec.activation in ACTIVATION_CODES)) {
      throw new Error(
        `activation: ${JSON.stringify(spec.activation)} — allowed: ${Object.keys(ACTIVATION_CODES).join(", ")}`,
      );
    }
    if (spec.alpha !== undefined)
      checkNumber("alpha", spec.alpha, "must be a number in (0, 1] (1 = no leak)", (x) => x > 0 && x <= 1);
    this.spec = { ...spec };
    this.layout = paramLayout(spec);
    const { arena } = engine;
    const nh = spec.nHidden,
      total = this.layout.total;
    const chunks = Math.ceil(total / REDUCE_CHUNK);
    this.ptr = {
      params: arena.alloc(total * 4),
      grads: arena.alloc(total * 4),
      m: arena.alloc(total * 4),
      v: arena.alloc(total * 4),
      D: arena.alloc(nh * nh * 4),
      partials: arena.alloc(Math.max(chunks, nh) * 8),
      flags: arena.alloc(2 * nh * 4),
      lists: arena.alloc(engine.threads * nh * 4),
      WT: arena.alloc(nh * nh * 4),
      WinT: arena.alloc(nh * spec.nInput * 4),
      WoutT: arena.alloc(nh * spec.nOutput * 4),
      everH: arena.alloc(nh * 4),
      everG: arena.alloc(nh * 4),
    };
    for (const p of [this.ptr.params, this.ptr.grads, this.ptr.m, this.ptr.v]) arena.f32(p, total).fill(0);
    arena.f32(this.ptr.D, nh * nh).set(distanceMatrix(spec.positions));
  }

  /** A view of one tensor of a block (params, grads, m or v) in shared memory; valid until the memory grows. */
  view(block: "params" | "grads" | "m" | "v", name: ParamName): Float32Array {
    const s = this.layout.slots[name];
    return this.engine.arena.f32(this.ptr[block] + s.offset * 4, s.size);
  }

  setParams(params: Params): void {
    checkParams(params, this.spec);
    for (const name of PARAM_NAMES) this.view("params", name).set(params[name]);
  }

  /** Copies of the parameters (or of the gradients, or Adam moments). */
  getParams(block: "params" | "grads" | "m" | "v" = "params"): Params {
    const out = {} as Params;
    for (const name of PARAM_NAMES) out[name] = this.view(block, name).slice();
    return out;
  }

  /** Adam's state: both moments and the number of steps taken (for checkpoints). */
  getOptimizerState(): { m: Params; v: Params; steps: number } {
    return { m: this.getParams("m"), v: this.getParams("v"), steps: this.adamSteps };
  }

  /** Restores Adam's state saved by getOptimizerState (shapes checked like setParams). */
  setOptimizerState(state: { m: Params; v: Params; steps: number }): void {
    checkNumber("steps", state.steps, "must be an integer ≥ 0", (x) => Number.isInteger(x) && x >= 0);
    checkParams(state.m, this.spec);
    checkParams(state.v, this.spec);
    for (const name of PARAM_NAMES) {
      this.view("m", name).set(state.m[name]);
      this.view("v", name).set(state.v[name]);
    }
    this.adamSteps = state.steps;
  }

  /** Resets the Adam moments and step count. */
  resetOptimizer(): void {
    const total = this.layout.total;
    this.engine.arena.f32(this.ptr.m, total).fill(0);
    this.engine.arena.f32(this.ptr.v, total).fill(0);
    this.adamSteps = 0;
  }

  private windowFor(batch: Batch): WindowBuffers {
    const { T, B } = windowShape(batch, this.spec);
    if (!this.window || this.window.T !== T || this.window.B !== B) {
      this.window?.release();
      this.window = new WindowBuffers(this.engine, this.spec, T, B);
    }
    this.window.load(batch);
    return this.window;
  }

  /** Forward pass into the window buffers (P, H, logits O). Returns the window. */
  private forwardPass(batch: Batch, opts: { noiseStd: number; seed: number; compact?: boolean }): WindowBuffers {
    checkNumber("noiseStd", opts.noiseStd, "must be a finite number ≥ 0", (x) => Number.isFinite(x) && x >= 0);
    checkNumber("seed", opts.seed, "must be an integer", (x) => Number.isInteger(x));
    const w = this.windowFor(batch);
    const { pool } = this.engine;
    const { nInput: nu, nHidden: nh, nOutput: no } = this.spec;
    const { T, B } = w;
    const TB = T * B,
      ld = B * 4,
      act = ACTIVATION_CODES[this.spec.activation];
    const compact = opts.compact === false ? 0 : 1;
    const P0 = this.ptr.params;
    const [seedA, seedB] = noiseSeeds(opts.seed);
    // Transposed weights, so that every forward product is Aᵀ·B over contiguous rows.
    pool.run("transpose", [this.at(P0, "W"), nh, nh, nh * 4, this.ptr.WT, nh * 4]);
    pool.run("transpose", [this.at(P0, "W_in"), nh, nu, nu * 4, this.ptr.WinT, nh * 4]);
    pool.run("transpose", [this.at(P0, "W_out"), no, nh, nh * 4, this.ptr.WoutT, no * 4]);
    // u_t [B × nu] → [nu × B] per step.
    runKernel(pool, "transpose_batched", {
      count: T,
      ss: B * nu * 4,
      sd: nu * B * 4,
      src: w.U,
      rows: B,
      cols: nu,
      lds: nu * 4,
      dst: w.UT,
      ldd: ld,
    });
    // P = b_h + noise (rows t·nh + i); each fused step adds W_in·u_t + W·h_{t−1} and applies φ; then the readout.
    w.repeatBias(w.biasH, this.view("params", "b_h"));
    w.repeatBias(w.biasO, this.view("params", "b_o"));
    pool.run("fill_bias_noise", [w.P, T * nh, B, ld, w.biasH, opts.noiseStd, seedA, seedB]);
    runKernel(pool, "rnn_forward", {
      nh,
      nu,
      B,
      T,
      WinT: this.ptr.WinT,
      UT: w.UT,
      ldu: ld,
      stu: nu * B * 4,
      WT: this.ptr.WT,
      P: w.P,
      H: w.H,
      ld,
      sts: nh * B * 4,
      act,
      alpha: this.spec.alpha ?? 1,
      compact,
      flags: this.ptr.flags,
      lists: this.ptr.lists,
      stats: w.statsF,
      ever: this.ptr.everH,
      bar: pool.barrier,
    });
    pool.run("fill_bias_noise", [w.O, T * no, B, ld, w.biasO, 0, 0, 0]);
    runKernel(pool, "par_gemm_tn_batched", {
      count: T,
      sa: 0,
      sb: nh * B * 4,
      sc: no * B * 4,
      m: no,
      n: B,
      nk: nh,
      a: this.ptr.WoutT,
      lda: no * 4,
      b: w.H,
      ldb: ld,
      c: w.O,
      ldc: ld,
      accumulate: 1,
      splitCols: 0,
    });
    return w;
  }

  private at(base: number, name: ParamName): number {
    return base + this.layout.slots[name].offset * 4;
  }

  /** Logits [T, B, nOutput] and hidden states [T, B, nHidden] of a window (no gradients). */
  forward(
    batch: Batch,
    opts: { noiseStd?: number; seed?: number; compact?: boolean } = {},
  ): { logits: Float32Array; hidden: Float32Array } {
    this.alive();
    const w = this.forwardPass(batch, { noiseStd: opts.noiseStd ?? 0, seed: opts.seed ?? 0, compact: opts.compact });
    const { nHidden: nh, nOutput: no } = this.spec;
    const { T, B } = w,
      TB = T * B;
    const O = this.engine.arena.f32(w.O, no * TB),
      H = this.engine.arena.f32(w.H, nh * TB);
    const logits = new Float32Array(TB * no),
      hidden = new Float32Array(TB * nh);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const c = t * B + b;
        for (let o = 0; o < no; o++) logits[c * no + o] = O[(t * no + o) * B + b];
        for (let i = 0; i < nh; i++) hidden[c * nh + i] = H[(t * nh + i) * B + b];
      }
    }
    return { logits, hidden };
  }

  /** Forward pass, loss, and exact gradients into the grads block. */
  lossAndGradients(batch: Batch, opts: StepOptions): StepResult {
    this.alive();
    checkNumber("lambda", opts.lambda, "must be a finite number ≥ 0", (x) => Number.isFinite(x) && x >= 0);
    if (opts.cost === undefined)
      checkNumber("A", opts.A, "must be a finite number ≥ 0", (x) => Number.isFinite(x) && x >= 0);
    const cost = resolveCost(opts);
    const w = this.forwardPass(batch, opts);
    const { pool } = this.engine;
    const { nInput: nu, nHidden: nh, nOutput: no } = this.spec;
    const { T, B } = w;
    const TB = T * B,
      ld = B * 4,
      act = ACTIVATION_CODES[this.spec.activation];
    const compact = opts.compact === false ? 0 : 1;
    const P0 = this.ptr.params,
      G0 = this.ptr.grads;
    const at = (base: number, name: ParamName) => this.at(base, name);
    const stH = nh * B * 4,
      stO = no * B * 4;

    // Loss and dL/dlogits (in place of the logits): the mean over the labelled steps (label −1 = no target).
    let labelled = 0;
    for (let i = 0; i < TB; i++) if (batch.labels[i] >= 0) labelled++;
    runKernel(pool, "softmax_xent_batched", {
      count: T,
      so: stO,
      sl: B * 4,
      O: w.O,
      ldo: ld,
      no,
      ncols: B,
      labels: w.labels,
      dO: w.O,
      ldd: ld,
      scale: labelled ? 1 / labelled : 0,
      losses: w.losses,
    });
    const losses = this.engine.arena.f32(w.losses, TB);
    let ce = 0;
    for (let i = 0; i < TB; i++) ce += losses[i];
    const taskLoss = labelled ? ce / labelled : 0;

    // Backward: dL/dh from the readout, then BPTT (compacted), then the weight gradients over all steps at once as
    // Aᵀ·B products over the transposed window (k = T·B in L1-sized chunks).
    runKernel(pool, "par_gemm_tn_batched", {
      count: T,
      sa: 0,
      sb: stO,
      sc: stH,
      m: nh,
      n: B,
      nk: no,
      a: at(P0, "W_out"),
      lda: nh * 4,
      b: w.O,
      ldb: ld,
      c: w.G,
      ldc: ld,
      accumulate: 0,
      splitCols: 0,
    });
    runKernel(pool, "rnn_backward", {
      nh,
      B,
      T,
      W: at(P0, "W"),
      P: w.P,
      H: w.H,
      G: w.G,
      ld,
      sts: stH,
      act,
      alpha: this.spec.alpha ?? 1,
      compact,
      flags: this.ptr.flags,
      lists: this.ptr.lists,
      stats: w.statsB,
      ever: this.ptr.everG,
      bar: pool.barrier,
    });
    const stepsT = (src: number, rows: number, stride: number, dst: number) =>
      runKernel(pool, "transpose_batched", {
        count: T,
        ss: stride,
        sd: B * rows * 4,
        src,
        rows,
        cols: B,
        lds: ld,
        dst,
        ldd: rows * 4,
      });
    stepsT(w.G, nh, stH, w.GT);
    stepsT(w.H, nh, stH, w.HT);
    stepsT(w.O, no, stO, w.OT);
    // dW = Σ_{t ≥ 2} dpre_t·h_{t−1}ᵀ (h_0 = 0), dW_in = Σ_t dpre_t·u_tᵀ, dW_out = Σ_t dlogits_t·h_tᵀ.
    runKernel(pool, "par_gemm_tn", {
      m: nh,
      n: nh,
      idx: 0,
      nk: (T - 1) * B,
      a: w.GT + B * nh * 4,
      lda: nh * 4,
      b: w.HT,
      ldb: nh * 4,
      c: at(G0, "W"),
      ldc: nh * 4,
      accumulate: 0,
      splitCols: 0,
    });
    // dW_in as its transpose (u_t·dpre_tᵀ: 53 rows × 400 columns tile cleanly) into the W_inᵀ scratch (refreshed
    // by every forward pass), then transposed into place.
    runKernel(pool, "par_gemm_tn", {
      m: nu,
      n: nh,
      idx: 0,
      nk: TB,
      a: w.U,
      lda: nu * 4,
      b: w.GT,
      ldb: nh * 4,
      c: this.ptr.WinT,
      ldc: nh * 4,
      accumulate: 0,
      splitCols: 0,
    });
    pool.run("transpose", [this.ptr.WinT, nu, nh, nh * 4, at(G0, "W_in"), nu * 4]);
    runKernel(pool, "par_gemm_tn", {
      m: no,
      n: nh,
      idx: 0,
      nk: TB,
      a: w.OT,
      lda: no * 4,
      b: w.HT,
      ldb: nh * 4,
      c: at(G0, "W_out"),
      ldc: nh * 4,
      accumulate: 0,
      splitCols: 1,
    });
    this.biasGradient(w, w.G, nh, at(G0, "b_h"));
    this.biasGradient(w, w.O, no, at(G0, "b_o"));

    const connectionCost = this.connectionCost(opts.lambda, cost, opts.costGradient ?? "full");
    const mean = (p: number, from: number) => {
      const v = this.engine.arena.i32(p, T);
      let sum = 0;
      for (let t = from; t < T; t++) sum += v[t];
      return T - from > 0 ? sum / ((T - from) * nh) : 0;
    };
    return {
      loss: taskLoss + opts.lambda * connectionCost,
      taskLoss,
      connectionCost,
      activeFraction: {
        forward: mean(w.statsF, 1),
        backward: mean(w.statsB, 1),
        anyStep: this.engine.arena.i32(this.ptr.everH, nh).reduce((s, x) => s + (x ? 1 : 0), 0) / nh,
      },
    };
  }

  /** d(bias)[i] = Σ_t Σ_b X_t(i, b): per-step row sums in the kernel, then the sum over steps in step order. */
  private biasGradient(w: WindowBuffers, X: number, rows: number, out: number): void {
    const { arena, pool } = this.engine;
    pool.run("row_sums", [X, w.T * rows, w.B, w.B * 4, w.sums]);
    const sums = arena.f32(w.sums, w.T * rows),
      dst = arena.f32(out, rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let t = 0; t < w.T; t++) s += sums[t * rows + i];
      dst[i] = s;
    }
  }

  /**
   * ℓ_cc of the current parameters; with lambda ≠ 0 also adds λ·∂ℓ_cc to the gradients. `cost` is a
   * ConnectionCost, or a number A for bimtCost(A) (A = 0: plain L1).
   */
  connectionCost(lambda: number, cost: number | ConnectionCost, gradient: "full" | "direct" = "full"): number {
    const c = typeof cost === "number" ? resolveCost({ A: cost }) : resolveCost({ cost });
    if (c.kernel === undefined) return this.userConnectionCost(lambda, c);
    if (c.kernel.kind === "sernn") {
      const W = this.layout.slots.W.offset * 4;
      return sernnOnEngine(
        this.engine,
        { n: this.spec.nHidden, W: this.ptr.params + W, D: this.ptr.D, gradW: this.ptr.grads + W },
        c.kernel.epsilon,
        lambda,
        gradient === "full",
      );
    }
    return this.kernelConnectionCost(lambda, c.kernel.kind === "bimt" ? c.kernel.A : 0);
  }

  /** ℓ_cc = L1 of all parameters + A·Σ D⊙|W| (Eq. 2) by the wasm kernels; with lambda ≠ 0 adds λ·∂ℓ_cc to the gradients. */
  private kernelConnectionCost(lambda: number, A: number): number {
    const { pool, arena } = this.engine;
    const total = this.layout.total,
      nh = this.spec.nHidden;
    const chunks = Math.ceil(total / REDUCE_CHUNK);
    const P0 = this.ptr.params,
      G0 = this.ptr.grads,
      W = P0 + this.layout.slots.W.offset * 4;
    pool.run("l1_cost_grad", [P0, G0, total, lambda, this.ptr.partials]);
    let l1 = 0;
    for (const x of arena.f64(this.ptr.partials, chunks)) l1 += x;
    let dist = 0;
    if (A !== 0) {
      pool.run("dist_cost_grad", [
        W,
        this.ptr.D,
        nh,
        lambda * A,
        G0 + this.layout.slots.W.offset * 4,
        this.ptr.partials,
      ]);
      for (const x of arena.f64(this.ptr.partials, nh)) dist += x;
    }
    return l1 + A * dist;
  }

  /**
   * A user-supplied cost on the main thread, so the bits do not depend on the thread count: value and subgradient
   * in float64 on float32 views of the parameters; with lambda ≠ 0, grads += λ·∂ℓ (rounded to float32).
   */
  private userConnectionCost(lambda: number, cost: ConnectionCost): number {
    const nh = this.spec.nHidden;
    this.costScratch ??= {
      D: Float64Array.from(this.engine.arena.f32(this.ptr.D, nh * nh)),
      grads: zerosLike(this.getParams()),
    };
    const { D, grads } = this.costScratch;
    const params = {} as Record<ParamName, Float32Array>;
    for (const name of PARAM_NAMES) params[name] = this.view("params", name);
    const value = cost.value(params, D);
    if (typeof value !== "number")
      throw new Error(`cost.value: returned ${typeof value} — must return a number (cost "${cost.name}")`);
    if (lambda !== 0) {
      for (const name of PARAM_NAMES) grads[name].fill(0);
      cost.subgradient(params, D, grads, lambda);
      for (const name of PARAM_NAMES) {
        const g = this.view("grads", name),
          d = grads[name];
        for (let i = 0; i < g.length; i++) g[i] += d[i];
      }
    }
    return value;
  }

  /** Global gradient-norm clipping, then one Adam step (PyTorch semantics). Returns the norm before clipping. */
  clipAndAdam(opts: AdamOptions = {}): { gradNorm: number } {
    this.alive();
    const lr = opts.lr ?? 1e-3,
      b1 = opts.beta1 ?? 0.9,
      b2 = opts.beta2 ?? 0.999,
      eps = opts.eps ?? 1e-8;
    const clip = opts.clip ?? 1.0;
    checkNumber("lr", lr, "must be a finite number > 0", (x) => Number.isFinite(x) && x > 0);
    checkNumber("beta1", b1, "must be in [0, 1)", (x) => x >= 0 && x < 1);
    checkNumber("beta2", b2, "must be in [0, 1)", (x) => x >= 0 && x < 1);
    checkNumber("eps", eps, "must be a number > 0", (x) => x > 0);
    checkNumber("clip", clip, "must be a number > 0 (Infinity = no clipping)", (x) => x > 0);
    const { pool, arena } = this.engine;
    const total = this.layout.total,
      chunks = Math.ceil(total / REDUCE_CHUNK);
    pool.run("sumsq", [this.ptr.grads, total, this.ptr.partials]);
    let sq = 0;
    for (const x of arena.f64(this.ptr.partials, chunks)) sq += x;
    const norm = Math.sqrt(sq);
    const scale = Number.isFinite(clip) ? Math.min(1, clip / (norm + 1e-6)) : 1;
    this.adamSteps++;
    const bc1 = 1 - Math.pow(b1, this.adamSteps),
      bc2 = 1 - Math.pow(b2, this.adamSteps);
    runKernel(pool, "adam", {
      p: this.ptr.params,
      g: this.ptr.grads,
      m: this.ptr.m,
      v: this.ptr.v,
      count: total,
      gscale: scale,
      stepSize: lr / bc1,
      b1,
      b2,
      omb1: 1 - b1,
      omb2: 1 - b2,
      eps,
      bc2sqrt: Math.sqrt(bc2),
    });
    return { gradNorm: norm };
  }

  /**
   * The recurrent noise lossAndGradients adds for (T, B, std, seed), as [T, B, nHidden] (the reference's layout):
   * value (t, b, i) is std·N(seeds, row (t−1)·nHidden + i, column b) of fill_bias_noise over the step-major window.
   */
  sampleNoise(T: number, B: number, std: number, seed: number): Float32Array {
    const { arena, pool } = this.engine;
    const nh = this.spec.nHidden,
      TB = T * B;
    const buf = arena.alloc(nh * TB * 4),
      zero = arena.alloc(T * nh * 4);
    try {
      arena.f32(zero, T * nh).fill(0);
      const [seedA, seedB] = noiseSeeds(seed);
      pool.run("fill_bias_noise", [buf, T * nh, B, B * 4, zero, std, seedA, seedB]);
      const src = arena.f32(buf, nh * TB),
        out = new Float32Array(TB * nh);
      for (let t = 0; t < T; t++) {
        for (let i = 0; i < nh; i++) for (let b = 0; b < B; b++) out[(t * B + b) * nh + i] = src[(t * nh + i) * B + b];
      }
      return out;
    } finally {
      arena.release(buf);
      arena.release(zero);
    }
  }

  /** Δ[j·n + k] = change of ℓ_cc if hidden neurons j and k swapped places (docs/spec.md §6.9), for all pairs. */
  swapDeltas(A: number): Float32Array {
    this.alive();
    checkNumber("A", A, "must be a finite number ≥ 0", (x) => Number.isFinite(x) && x >= 0);
    const { arena, pool } = this.engine;
    const n = this.spec.nHidden,
      bytes = n * n * 4;
    const M = arena.alloc(bytes),
      S = arena.alloc(bytes),
      Delta = arena.alloc(bytes);
    try {
      pool.run("swap_abs_sym", [this.at(this.ptr.params, "W"), n, M]);
      // S = M·D = Mᵀ·D (M is symmetric): the Aᵀ·B kernel.
      runKernel(pool, "par_gemm_tn", {
        m: n,
        n,
        idx: 0,
        nk: n,
        a: M,
        lda: n * 4,
        b: this.ptr.D,
        ldb: n * 4,
        c: S,
        ldc: n * 4,
        accumulate: 0,
        splitCols: 0,
      });
      pool.run("swap_delta", [M, S, this.ptr.D, n, A, Delta]);
      return arena.f32(Delta, n * n).slice();
    } finally {
      for (const p of [M, S, Delta]) arena.release(p);
    }
  }

  /**
   * Hidden neurons j and k exchange grid cells: W rows and columns, W_in rows, b_h, W_out columns — and, unless
   * moments is false (as the original BIMT code did), the same in both Adam moments. The function is unchanged.
   */
  swapNeurons(j: number, k: number, opts: { moments?: boolean } = {}): void {
    this.alive();
    const n = this.spec.nHidden;
    for (const [f, v] of [
      ["j", j],
      ["k", k],
    ] as const) {
      checkNumber(f, v, `must be an integer in 0…${n - 1}`, (x) => Number.isInteger(x) && x >= 0 && x < n);
    }
    const { nInput: nu, nOutput: no } = this.spec;
    const blocks = opts.moments === false ? [this.ptr.params] : [this.ptr.params, this.ptr.m, this.ptr.v];
    for (const b of blocks) {
      callKernel(this.engine.kernels, "swap_neurons", {
        W: this.at(b, "W"),
        Win: this.at(b, "W_in"),
        bh: this.at(b, "b_h"),
        Wout: this.at(b, "W_out"),
        nh: n,
        nu,
        no,
        j,
        k,
      });
    }
  }

  /** Frees the network's memory. */
  dispose(): void {
    if (this.disposed) return;
    this.window?.release();
    for (const p of Object.values(this.ptr)) this.engine.arena.release(p);
    this.disposed = true;
  }

  private alive(): void {
    if (this.disposed) throw new Error("network: used after dispose()");
  }
}
